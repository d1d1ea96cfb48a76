@UC1
Feature: UC1 DSO Constraint Management
  A critical asset has failed without warning and the DSO needs the load behind its
  neighbours reduced within minutes. It buys flexibility through the NMF from providers in the
  constraint zone, arms it, dispatches it, and pays for what the meters show was delivered.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 1. Rules: the suite's own Conformance
  Market Rules (docs/rules.md), not the report's Basic Market Rules.
  Times are UTC. The Arming Period for this service is 15 minutes (BMR-06, BMR-09).

  Background:
    Given the market clock reads "2030-01-15T16:00:00Z"
    And the market actors of the report are registered
    And constraint zone "Z1" with critical asset "T1" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                         | aggregator | MIC kVA | MEC kVA |
      | S1   | Consumer (Domestic)           | Aggregator | 15      | 5       |
      | S2   | Consumer (Non-Domestic)       | Aggregator | 500     | 0       |
      | S3   | Community Energy Scheme       |            | 200     | 300     |
      | S4   | Directly-Connected Generation |            | 100     | 2000    |
      | S5   | Directly-Connected Storage    |            | 1000    | 1000    |

  # Pre-conditions, triggers, the main flow, actor positions and the first post-condition.
  # Actor positions that depart from the report (see docs/use-cases/uc1.md):
  # Departure from the report: the report lets the BRP buy flexibility; through this service only the DSO buys, so the BRP
  #   is checked as exposed to imbalance, and its attempt to buy is refused (scenario below);
  # Departure from the report: the report has the DCC carry the activation and dispatch messages; here the NMF delivers
  #   DispatchInstructed to the seller itself, and any network beneath that is outside the NMF
  #   interface, so the DCC is checked as the only source of meter data and is told nothing.
  # The Community Energy Scheme selling through a third party is built: see "Every kind of seller".
  @UC1-S01 @BMR-06 @BMR-07 @BMR-08 @BMR-09 @BMR-11 @BMR-13 @BMR-14 @BMR-15 @BMR-18 @BMR-19 @BMR-20 @BMR-22
  Scenario: Flexibility bought after an outage is armed, dispatched, verified and settled
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    Then every seller with a site in zone "Z1" is told of requirement "R1"
    When the sellers offer against requirement "R1":
      | seller                        | site | kW | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator                    | S1   | 4  | 6                  | 0                  | 400.00              | 4.00                  |
      | Aggregator                    | S2   | 96 | 300                | 0                  | 400.00              | 4.00                  |
      | Community Energy Scheme       | S3   | 100| 150                | 0                  | 420.00              | 5.00                  |
      | Directly-Connected Generation | S4   | 100| 0                  | 500                | 450.00              | 0.00                  |
      | Directly-Connected Storage    | S5   | 100| 0                  | 0                  | 300.00              | 2.00                  |
    Then the DSO is told of every offer on requirement "R1"
    When the DSO accepts every offer on requirement "R1"
    Then each seller on requirement "R1", and no one else, is sent OfferAccepted for its transaction
    When the DSO arms every transaction on requirement "R1"
    Then each seller on requirement "R1", and no one else, is sent ArmingConfirmed for its transaction
    When the clock moves to "2030-01-15T16:10:00Z"
    And the DSO dispatches every transaction on requirement "R1" in full from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then each seller on requirement "R1", and no one else, is sent DispatchInstructed for its transaction
    And the supplier, BRP and trader of site "S2" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T16:30:00Z | 48.000 | true               |
      | 2030-01-15T17:00:00Z | 48.000 | true               |
    When the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S1   | 2030-01-15T16:30:00Z | 1.000      | 0          |
      | S1   | 2030-01-15T17:00:00Z | 1.000      | 0          |
      | S2   | 2030-01-15T16:30:00Z | 102.000    | 0          |
      | S2   | 2030-01-15T17:00:00Z | 102.000    | 0          |
      | S3   | 2030-01-15T16:30:00Z | 25.000     | 0          |
      | S3   | 2030-01-15T17:00:00Z | 25.000     | 0          |
      | S4   | 2030-01-15T16:30:00Z | 0          | 300.000    |
      | S4   | 2030-01-15T17:00:00Z | 0          | 300.000    |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
      | S5   | 2030-01-15T17:00:00Z | 0          | 50.000     |
    Then every dispatched period on requirement "R1" is verified as DELIVERED
    And the settlements on requirement "R1" are:
      | seller                        | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Aggregator                    | 0.40             | 40.00           | 0.00        | 0.00             | 40.40   |
      | Community Energy Scheme       | 0.50             | 42.00           | 0.00        | 0.00             | 42.50   |
      | Directly-Connected Generation | 0.00             | 45.00           | 0.00        | 0.00             | 45.00   |
      | Directly-Connected Storage    | 0.20             | 30.00           | 0.00        | 0.00             | 30.20   |
    And the market actors hold these positions on requirement "R1":
      | market actor                  | position                                                 |
      | Aggregator                    | seller for the sites it aggregates, exposed to penalties |
      | Balance Responsible Person    | exposed to imbalance after Gate Closure                  |
      | Community Energy Scheme       | seller exposed to penalties                              |
      | Consumer (Domestic)           | seller through the Aggregator                            |
      | Consumer (Non-Domestic)       | seller through the Aggregator                            |
      | Data Communications Company   | meter data provider                                      |
      | Directly-Connected Generation | seller exposed to penalties                              |
      | Directly-Connected Storage    | seller exposed to penalties                              |
      | DNO                           | network owner kept informed                              |
      | DSO                           | buyer                                                    |
      | Electricity Suppliers         | exposed to imbalance                                     |
      | Electricity System Operator   | monitor of activity                                      |
      | Energy Traders                | exposed to imbalance                                     |
      | Neutral Market Facilitator    | facilitator without contract                             |

  @UC1-S02 @BMR-01 @BMR-06
  Scenario Outline: A requirement that breaks a market rule is refused (<case>)
    When the DSO tries to post a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start   | end   | kW   | arming deadline | utilisation ceiling | availability ceiling |
      | R1          | Z1   | <asset>        | <start> | <end> | 400  | <deadline>      | <ceiling>           | 5.00                 |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                           | asset | start                | end                  | deadline             | ceiling | status | rule   |
      | Arming Period shorter than 15m | T1    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:16:00Z | 450.00  | 422    | BMR-06 |
      | ceiling above the 500 cap      | T1    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 500.01  | 422    | BMR-06 |
      | unknown critical asset         | T9    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 450.00  | 422    | BMR-06 |
      | window off the half hour       | T1    | 2030-01-15T16:45:00Z | 2030-01-15T17:45:00Z | 2030-01-15T16:15:00Z | 450.00  | 422    | BMR-01 |

    # These rows are late only against the instant the market clock reads: they need the test clock.
    @test_clock
    Examples:
      | case                           | asset | start                | end                  | deadline             | ceiling | status | rule   |
      | arming deadline already passed | T1    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T15:59:00Z | 450.00  | 409    | BMR-06 |
      | window already started         | T1    | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 2030-01-15T15:45:00Z | 450.00  | 409    | BMR-06 |
      | arming deadline is now         | T1    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:00:00Z | 450.00  | 409    | BMR-06 |

    Examples:
      | case                           | asset | start                | end                  | deadline             | ceiling | status | rule   |
      | window start not written in Z  | T1    | 2030-01-15T16:30:00+00:00 | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 450.00  | 422    | BMR-01 |
      | window end not written in Z    | T1    | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00+00:00 | 2030-01-15T16:15:00Z | 450.00  | 422    | BMR-01 |

  @UC1-S03 @BMR-02
  Scenario Outline: A site that breaks the MPAN rules is not registered (<case>)
    When a site is registered in zone "Z1" behind critical asset "T1" with MPAN <mpan>
    Then the NMF refuses it with <status> citing BMR-02

    Examples:
      | case                   | mpan                | status |
      | wrong check digit      | "2012345678901"     | 422    |
      | MPAN of site S1 again  | of site "S1"        | 409    |

  @UC1-S04 @BMR-04
  Scenario: An actor cannot act in another actor's name or beyond its role
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the Directly-Connected Storage tries to arm its transaction on "R1" in the DSO's name
    Then the NMF refuses it with 403 citing BMR-04
    When the Directly-Connected Storage tries to arm its transaction on "R1" as itself
    Then the NMF refuses it with 403 citing BMR-04
    When a request to arm the Directly-Connected Storage transaction on "R1" carries no valid credential
    Then the NMF refuses it with 401 citing BMR-04
    And the Directly-Connected Storage transaction on "R1" is ACCEPTED

  @UC1-S05 @BMR-05
  Scenario: A repeated message is answered once and a reused message id is refused
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the DSO sends the same dispatch message again
    Then the NMF answers with the same dispatch
    And the Directly-Connected Storage is sent 1 DispatchInstructed notice
    When the DSO reuses that message id for 50 kW from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    Then the NMF refuses it with 409 citing BMR-05

  @UC1-S06 @BMR-07
  Scenario Outline: An offer that breaks a market rule is refused (<case>)
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the clock moves to "<now>"
    And the <seller> tries to offer against requirement "R1":
      | site   | kW   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | <site> | <kW> | 0                  | 0                  | <price>             | 2.00                  |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                                | now                  | seller                     | site | kW  | price  | status | rule   |
      | price above the ceiling             | 2030-01-15T16:00:00Z | Directly-Connected Storage | S5   | 100 | 450.01 | 422    | BMR-07 |
      | aggregated site offered by owner    | 2030-01-15T16:00:00Z | Consumer (Domestic)        | S1   | 4   | 300.00 | 403    | BMR-07 |
      | someone else's site                 | 2030-01-15T16:00:00Z | Community Energy Scheme    | S5   | 100 | 300.00 | 403    | BMR-07 |
      | nothing offered                     | 2030-01-15T16:00:00Z | Directly-Connected Storage | S5   | 0   | 300.00 | 422    | BMR-07 |
      | after the arming deadline           | 2030-01-15T16:15:00Z | Directly-Connected Storage | S5   | 100 | 300.00 | 409    | BMR-07 |

    # A site cell may give an MPAN itself: one with a wrong check digit, and a valid one no site has.
    Examples:
      | case                                | now                  | seller                     | site          | kW  | price  | status | rule   |
      | MPAN with a wrong check digit       | 2030-01-15T16:00:00Z | Directly-Connected Storage | 2012345678901 | 100 | 300.00 | 422    | BMR-02 |
      | MPAN no site is registered with     | 2030-01-15T16:00:00Z | Directly-Connected Storage | 2000000000015 | 100 | 300.00 | 422    | BMR-02 |

  @UC1-S07 @BMR-08
  Scenario: The DSO cannot accept more than it asked for
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 150 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Community Energy Scheme    | S3   | 100 | 150                | 0                  | 420.00              | 5.00                  |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the DSO accepts the offer of the Directly-Connected Storage on requirement "R1"
    And the DSO tries to accept the offer of the Community Energy Scheme on requirement "R1"
    Then the NMF refuses it with 409 citing BMR-08

  # Potential conflict: the Arming Period. Flexibility cannot be armed once it has passed.
  @UC1-S08 @BMR-09 @BMR-11
  Scenario Outline: Arming is possible only before the arming deadline (<at>)
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "<at>"
    And the DSO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF answers <outcome>
    And the Directly-Connected Storage transaction on "R1" is <status>

    Examples:
      | at                   | outcome                   | status |
      | 2030-01-15T16:14:59Z | with status 200           | ARMED  |
      | 2030-01-15T16:15:00Z | with a refusal 409 BMR-09 | LAPSED |

  @UC1-S09 @BMR-09 @BMR-11 @BMR-20
  Scenario: Flexibility that lapsed unarmed cannot be dispatched and earns nothing
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:20:00Z"
    And the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 409 citing BMR-09
    When the clock moves to "2030-01-15T17:30:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 0.00            | 0.00        | 0.00             | 0.00    |

  @UC1-S10 @BMR-11
  Scenario Outline: A dispatch must respect the notice, the window and the accepted kW (<case>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "<now>"
    And the DSO tries to dispatch <kW> kW of the Directly-Connected Storage transaction on "R1" from "<start>" to "<end>"
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                       | now                  | kW  | start                | end                  | status | rule   |
      | less than 15 minutes ahead | 2030-01-15T16:16:00Z | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 409    | BMR-11 |
      | beyond the window          | 2030-01-15T16:00:00Z | 100 | 2030-01-15T17:00:00Z | 2030-01-15T18:00:00Z | 422    | BMR-11 |
      | more than accepted         | 2030-01-15T16:00:00Z | 101 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 422    | BMR-11 |
      | off the half hour          | 2030-01-15T16:00:00Z | 100 | 2030-01-15T16:45:00Z | 2030-01-15T17:15:00Z | 422    | BMR-01 |
      | nothing dispatched         | 2030-01-15T16:00:00Z | 0   | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 422    | BMR-03 |
      | start not written in Z     | 2030-01-15T16:00:00Z | 100 | 2030-01-15T16:30:00+00:00 | 2030-01-15T17:00:00Z | 422    | BMR-01 |
      | end not written in Z       | 2030-01-15T16:00:00Z | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00+00:00 | 422    | BMR-01 |

  # Potential conflict: activation near Gate Closure exposes the BRP to imbalance prices.
  # What that does to the price of the service is a commercial matter outside the NMF
  # interface; what the suite checks is that the BRP, supplier and trader learn of it in time
  # and are told when the dispatch came after Gate Closure.
  @UC1-S11 @BMR-12 @BMR-13
  Scenario Outline: Volume notices say whether the dispatch came after Gate Closure (<instructed>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T18:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "<instructed>"
    And the DSO dispatches 80 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T18:00:00Z" to "2030-01-15T18:30:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T18:00:00Z | 40.000 | <flag>             |

    Examples:
      | instructed           | flag  |
      | 2030-01-15T16:10:00Z | false |
      | 2030-01-15T16:59:59Z | false |
      | 2030-01-15T17:00:00Z | true  |

  @UC1-S12 @BMR-15
  Scenario: A supplier whose sites were not dispatched is told nothing
    Given an Electricity Supplier "Other Supplier" is registered
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                      | aggregator | MIC kVA | MEC kVA | supplier       |
      | S6   | Directly-Connected Storage |            | 300     | 300     | Other Supplier |
    And the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then the Electricity Supplier is sent 1 VolumeNotice notice
    And the Other Supplier receives no notice
    And the Consumer (Domestic) receives no notice

  # Potential conflict: near real-time metering of the delivered flexibility.
  # Metering at the critical asset itself stays with the DNO and never crosses the NMF
  # interface; what the suite checks is metering at the delivering sites, from the DCC.
  @UC1-S13 @BMR-18 @BMR-19 @BMR-20
  Scenario: Each Settlement Period is verified as soon as its reading arrives
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
    Then the verification of the Directly-Connected Storage transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status              |
      | 2030-01-15T16:30:00Z | 50             | 0            | -50         | 50            | DELIVERED           |
      | 2030-01-15T17:00:00Z | 50             |              |             |               | AWAITING_METER_DATA |
    And the settlement of the Directly-Connected Storage transaction on "R1" is not yet available

  @UC1-S14 @BMR-18
  Scenario Outline: Meter data is taken only from the DCC and only for ended periods (<case>)
    When the clock moves to "2030-01-15T17:00:00Z"
    And the <actor> tries to submit a reading for site "S5" for the period starting "<period>"
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                 | actor                      | period               | status | rule   |
      | sent by the seller   | Directly-Connected Storage | 2030-01-15T16:30:00Z | 403    | BMR-04 |
      | period still running | Data Communications Company | 2030-01-15T17:00:00Z | 409    | BMR-18 |

  # Potential conflict: the ESO may overrule a DSO dispatch that would cause it problems.
  @UC1-S15 @BMR-16 @BMR-13 @BMR-14 @BMR-20
  Scenario: The ESO overrules a dispatch before it starts
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T16:20:00Z"
    And the Electricity System Operator overrules the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the DSO is sent 1 DispatchOverruled notice
    And the Directly-Connected Storage is sent 1 DispatchOverruled notice
    And the NMF sends DispatchOverruled about the Directly-Connected Storage transaction on "R1" to its buyer and seller and no one else
    And the supplier, BRP and trader of site "S5" are each sent CANCELLED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T16:30:00Z | 50.000 | true               |
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, OVERRULED
    When the clock moves to "2030-01-15T17:00:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.10             | 0.00            | 0.00        | 0.00             | 0.10    |

  @UC1-S16 @BMR-16
  Scenario Outline: Only the ESO overrules, and only before the dispatch starts (<case>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "<now>"
    And the <actor> tries to overrule the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                 | actor                       | now                  | status | rule   |
      | the DSO              | DSO                         | 2030-01-15T16:20:00Z | 403    | BMR-16 |
      | after delivery began | Electricity System Operator | 2030-01-15T16:30:00Z | 409    | BMR-16 |

  # What a transaction's state forbids: each refusal of the refusal table the scenarios above
  # do not provoke, and the boundaries around it.
  @UC1-S23 @BMR-08 @BMR-09
  Scenario: An offer is accepted once and a transaction is armed once
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the DSO accepts every offer on requirement "R1"
    And the DSO arms every transaction on requirement "R1"
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R1"
    Then the NMF refuses it with 409 citing BMR-08
    When the DSO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 409 citing BMR-09
    And the Directly-Connected Storage transaction on "R1" is ARMED

  @UC1-S24 @BMR-08
  Scenario Outline: An offer is accepted only before the arming deadline (<at>)
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 100 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the clock moves to "<at>"
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R1"
    Then the NMF answers <outcome>

    Examples:
      | at                   | outcome                   |
      | 2030-01-15T16:14:59Z | with status 201           |
      | 2030-01-15T16:15:00Z | with a refusal 409 BMR-08 |

  @UC1-S25 @BMR-21 @BMR-09 @BMR-11
  Scenario: An unwound transaction is never armed, dispatched or unwound again
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 409 citing BMR-11
    When the DSO unwinds the Directly-Connected Storage transaction on "R1"
    And the DSO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 409 citing BMR-21
    When the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 409 citing BMR-21
    When the DSO tries to unwind the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 409 citing BMR-21
    And the Directly-Connected Storage transaction on "R1" is UNWOUND

  @UC1-S26 @BMR-21 @BMR-09
  Scenario: A transaction that lapsed unarmed cannot be unwound
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:15:00Z"
    And the DSO tries to unwind the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 409 citing BMR-21
    And the Directly-Connected Storage transaction on "R1" is LAPSED

  @UC1-S27 @BMR-21
  Scenario Outline: An unwind needs a Settlement Period that has not started (<at>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "<at>"
    And the DSO tries to unwind the Directly-Connected Storage transaction on "R1"
    Then the NMF answers <outcome>

    Examples:
      | at                   | outcome                   |
      | 2030-01-15T16:59:59Z | with status 200           |
      | 2030-01-15T17:00:00Z | with a refusal 409 BMR-21 |

  @UC1-S28 @BMR-11 @BMR-16
  Scenario: Dispatches of one transaction never share a Settlement Period unless one was overruled
    Given an Electricity System Operator "Neighbouring ESO" is registered
    And the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T18:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    And the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:30:00Z" to "2030-01-15T18:00:00Z"
    And the DSO tries to dispatch 50 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then the NMF refuses it with 409 citing BMR-11
    When the Neighbouring ESO tries to overrule the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 403 citing BMR-16
    When the Electricity System Operator overrules the dispatch of the Directly-Connected Storage transaction on "R1"
    And the Electricity System Operator tries to overrule the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 409 citing BMR-16
    When the DSO dispatches 50 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:30:00Z" to "2030-01-15T18:00:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent CANCELLED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T17:30:00Z | 50.000 | false              |

  @UC1-S29 @BMR-17 @BMR-01
  Scenario Outline: An unavailability notice must fit the transaction and the clock (<case>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:05:00Z"
    And the Directly-Connected Storage tries to report unavailability on "R1" detected at "<detected>", leaving <kW> kW from "<from>" to "<to>"
    Then the NMF answers <outcome>

    Examples:
      | case                      | detected             | kW  | from                 | to                   | outcome                   |
      | detected at this instant  | 2030-01-15T16:05:00Z | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | with status 201           |
      | detected in the future    | 2030-01-15T16:05:01Z | 40  | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | with a refusal 409 BMR-17 |
      | more than the accepted kW | 2030-01-15T16:00:00Z | 101 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | with a refusal 422 BMR-17 |
      | starts before the window  | 2030-01-15T16:00:00Z | 40  | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | with a refusal 422 BMR-17 |
      | ends after the window     | 2030-01-15T16:00:00Z | 40  | 2030-01-15T17:00:00Z | 2030-01-15T18:00:00Z | with a refusal 422 BMR-17 |
      | ends where it starts      | 2030-01-15T16:00:00Z | 40  | 2030-01-15T17:00:00Z | 2030-01-15T17:00:00Z | with a refusal 422 BMR-01 |
      | starts off the half hour  | 2030-01-15T16:00:00Z | 40  | 2030-01-15T16:45:00Z | 2030-01-15T17:30:00Z | with a refusal 422 BMR-01 |
      | ends off the half hour    | 2030-01-15T16:00:00Z | 40  | 2030-01-15T16:30:00Z | 2030-01-15T17:15:00Z | with a refusal 422 BMR-01 |
      | from not written in Z     | 2030-01-15T16:00:00Z | 40  | 2030-01-15T16:30:00+00:00 | 2030-01-15T17:30:00Z | with a refusal 422 BMR-01 |
      | to not written in Z       | 2030-01-15T16:00:00Z | 40  | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00+00:00 | with a refusal 422 BMR-01 |

  @UC1-S30 @BMR-07
  Scenario: An offer names each site once and stays within both price ceilings
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 50 | 0                  | 0                  | 300.00              | 2.00                  |
      | S5   | 50 | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-07
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 0                  | 0                  | 450.00              | 5.01                  |
    Then the NMF refuses it with 422 citing BMR-07
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 0                  | 0                  | 450.00              | 5.00                  |
    Then the NMF answers with status 201

  @UC1-S31 @BMR-07
  Scenario: A site outside the requirement's zone cannot be offered
    Given constraint zone "Z2" with critical asset "T2" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z2" behind critical asset "T2":
      | site | owner                      | aggregator | MIC kVA | MEC kVA |
      | S7   | Directly-Connected Storage |            | 1000    | 1000    |
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S7   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-07

  @UC1-S32 @BMR-18 @BMR-20 @BMR-01
  Scenario: Meter data names each period once, and settlement waits for the window and every reading
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company tries to submit these readings for site "S5":
      | period start         | import kWh | export kWh |
      | 2030-01-15T16:30:00Z | 0          | 50.000     |
      | 2030-01-15T16:30:00Z | 0          | 40.000     |
    Then the NMF refuses it with 422 citing BMR-18
    When the Data Communications Company tries to submit these readings for site "S5":
      | period start         | import kWh | export kWh |
      | 2030-01-15T16:15:00Z | 0          | 50.000     |
    Then the NMF refuses it with 422 citing BMR-01
    When the Data Communications Company tries to submit these readings for site "S5":
      | period start              | import kWh | export kWh |
      | 2030-01-15T16:30:00+00:00 | 0          | 50.000     |
    Then the NMF refuses it with 422 citing BMR-01
    When the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
    Then the settlement of the Directly-Connected Storage transaction on "R1" is not yet available
    When the clock moves to "2030-01-15T17:30:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 15.00           | 0.00        | 0.00             | 15.00   |

  @UC1-S33 @BMR-20
  Scenario: A transaction is not settled while a dispatched period awaits meter data
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    And the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
    Then the settlement of the Directly-Connected Storage transaction on "R1" is not yet available

  @UC1-S34 @BMR-17 @BMR-11
  Scenario: Unavailability notices limit dispatch and penalties only in the periods they cover, at the lowest kW where they overlap
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:05:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:00:00Z", leaving 40 kW from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    And the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:00:00Z", leaving 60 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    And the DSO tries to dispatch 50 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    Then the NMF refuses it with 422 citing BMR-17
    When the DSO tries to dispatch 40 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    Then the NMF answers with status 201
    When the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:00:00Z", leaving 30 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 15.000     |
      | S5   | 2030-01-15T17:00:00Z | 0          | 20.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.20             | 10.50           | 0.00        | 0.00             | 10.70   |

  @UC1-S35 @BMR-17 @BMR-20
  Scenario: A prompt notice spares the penalty only in the periods it covers
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    And the clock moves to "2030-01-15T16:40:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:35:00Z", leaving 40 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 20.000     |
      | S5   | 2030-01-15T17:00:00Z | 0          | 20.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 12.00           | 9.00        | 0.00             | 3.00    |

  @UC1-S36 @BMR-11
  Scenario: A dispatch may start exactly 15 minutes after it is instructed
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:15:00Z"
    And the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF answers with status 201

  @UC1-S37 @BMR-15 @BMR-07
  Scenario: A requirement is read by its buyer and the owners and aggregators in its zone, by nobody else
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    Then the DSO can read requirement "R1"
    And the Aggregator can read requirement "R1"
    And the Consumer (Domestic) can read requirement "R1"
    And the Electricity Supplier cannot read requirement "R1"
    And the Electricity System Operator cannot read requirement "R1"

  @UC1-S38 @BMR-08 @BMR-09 @BMR-11 @BMR-16 @BMR-21
  Scenario Outline: A message naming an offer, transaction or dispatch the NMF never issued is answered 404 (<message>)
    When a <message> names an id the NMF never issued
    Then the NMF refuses it with 404

    Examples:
      | message             |
      | OfferAcceptance     |
      | ArmingInstruction   |
      | DispatchInstruction |
      | UnwindRequest       |
      | DispatchOverrule    |

  @UC1-S39 @BMR-02 @BMR-18
  Scenario Outline: Meter data is taken only for the MPAN of a registered site (<case>)
    When the clock moves to "2030-01-15T16:00:00Z"
    And the Data Communications Company tries to submit a reading for <mpan>
    Then the NMF refuses it with 422 citing BMR-02

    Examples:
      | case              | mpan                   |
      | wrong check digit | MPAN "2012345678901"   |
      | no site has it    | an MPAN no site has    |

  @UC1-S40 @BMR-19
  Scenario: A generator's baseline counts its export against its import
    Given the Directly-Connected Generation holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S4":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 10                 | 500                | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Generation transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S4   | 2030-01-15T16:30:00Z | 5.000      | 300.000    |
    Then the verification of the Directly-Connected Generation transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status    |
      | 2030-01-15T16:30:00Z | 50             | -245         | -295        | 50            | DELIVERED |

  # Potential conflict: stacking of services.
  @UC1-S17 @BMR-10
  Scenario Outline: A site may be committed again only outside the window or after its Arming Period (<case>)
    Given the Directly-Connected Storage holds an <state> CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:20:00Z"
    And the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start   | end   | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | <start> | <end> | 100 | 2030-01-15T16:45:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R2":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF answers <outcome>

    Examples:
      | case                        | state    | start                | end                  | outcome                   |
      | outside the delivery window | armed    | 2030-01-15T17:30:00Z | 2030-01-15T18:00:00Z | with status 201           |
      | Arming Period passed        | accepted | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | with status 201           |
      | armed for the same period   | armed    | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | with a refusal 409 BMR-10 |

  # Potential conflict: unplanned unavailability shortly before or during delivery.
  @UC1-S18 @BMR-17 @BMR-11 @BMR-14
  Scenario: A prompt unavailability notice reaches the DSO and caps later dispatch
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:05:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:00:00Z", leaving 40 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then the DSO is sent 1 UnavailabilityReported notice
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNAVAILABLE
    When the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 422 citing BMR-17
    When the DSO tries to dispatch 40 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF answers with status 201

  @UC1-S19 @BMR-17 @BMR-20
  Scenario Outline: Only a prompt unavailability notice spares the seller a penalty (<notice>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "<received>"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:35:00Z", leaving 40 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 20.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 6.00            | <penalty>   | 0.00             | <net>   |
    And the NMF records the Directly-Connected Storage unavailability notice on "R1" as <recorded>

    Examples:
      | notice                | received             | penalty | net   | recorded   |
      | prompt, 10 minutes on | 2030-01-15T16:45:00Z | 0.00    | 6.00  | prompt     |
      | late, 20 minutes on   | 2030-01-15T16:55:00Z | 9.00    | -3.00 | not prompt |

  # Post-condition: no loss of service, as verified by metering.
  @UC1-S20 @BMR-03 @BMR-19 @BMR-20
  Scenario Outline: Delivery is verified against the baseline within a 5% tolerance (<exported> kWh)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | <exported> |
    Then every dispatched period on requirement "R1" is verified as <status>
    And the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | <utilisation>   | <penalty>   | 0.00             | <net>   |

    Examples:
      | exported | status          | utilisation | penalty | net   |
      | 50.000   | DELIVERED       | 15.00       | 0.00    | 15.00 |
      | 60.000   | DELIVERED       | 15.00       | 0.00    | 15.00 |
      | 47.500   | DELIVERED       | 14.25       | 0.00    | 14.25 |
      | 47.000   | UNDER_DELIVERED | 14.10       | 0.90    | 13.20 |
      | 10.000   | UNDER_DELIVERED | 3.00        | 12.00   | -9.00 |

  # Post-condition: transactions can be unwound, with regard to the provider's lost opportunity.
  @UC1-S21 @BMR-21 @BMR-14 @BMR-20
  Scenario: The DSO unwinds an armed transaction and compensates the provider
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:20:00Z"
    And the DSO unwinds the Directly-Connected Storage transaction on "R1"
    Then the Directly-Connected Storage transaction on "R1" is UNWOUND
    And the Directly-Connected Storage is sent 1 TransactionUnwound notice
    And the NMF sends TransactionUnwound about the Directly-Connected Storage transaction on "R1" to its seller and no one else
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNWOUND
    When the clock moves to "2030-01-15T17:30:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.20             | 0.00            | 0.00        | 3.00             | 3.20    |

  @UC1-S22 @BMR-21 @BMR-14
  Scenario: A dispatched period stays in force when the rest of the window is unwound
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T16:20:00Z"
    And the DSO unwinds the Directly-Connected Storage transaction on "R1"
    Then the Directly-Connected Storage transaction on "R1" has these periods unwound: "2030-01-15T17:00:00Z"
    And the Directly-Connected Storage transaction on "R1" is UNWOUND
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, UNWOUND
    When the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 15.00           | 0.00        | 1.50             | 16.50   |

  # Stacking of services, continued. While its first commitment can still be armed the
  # DSO may yet call on the site, so it is not free; it is free from the arming deadline on.
  @UC1-S41 @BMR-10 @BMR-09
  Scenario: A site accepted and still armable cannot be committed again for the same period
    Given the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:05:00Z"
    And the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | 100 | 2030-01-15T16:45:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R2":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF refuses it with 409 citing BMR-10
    When the clock moves to "2030-01-15T16:15:00Z"
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF answers with status 201
    And the Directly-Connected Storage transaction on "R1" is LAPSED

  # Seller positions: every kind of seller, selling directly or through the Aggregator, carries the
  # penalty for what it did not deliver. The Community Energy Scheme sells one site itself and
  # another through the Aggregator (a third party, as the report allows).
  @UC1-S42 @BMR-07 @BMR-19 @BMR-20
  Scenario: Every kind of seller carries the penalty for flexibility it did not deliver
    Given these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                   | aggregator | MIC kVA | MEC kVA |
      | S6   | Community Energy Scheme | Aggregator | 100     | 100     |
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller                        | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator                    | S1   | 4   | 6                  | 0                  | 400.00              | 4.00                  |
      | Aggregator                    | S2   | 46  | 300                | 0                  | 400.00              | 4.00                  |
      | Aggregator                    | S6   | 50  | 100                | 0                  | 400.00              | 4.00                  |
      | Community Energy Scheme       | S3   | 100 | 150                | 0                  | 420.00              | 5.00                  |
      | Directly-Connected Generation | S4   | 100 | 0                  | 500                | 450.00              | 0.00                  |
      | Directly-Connected Storage    | S5   | 100 | 0                  | 0                  | 300.00              | 2.00                  |
    And the DSO accepts every offer on requirement "R1"
    And the DSO arms every transaction on requirement "R1"
    And the clock moves to "2030-01-15T16:10:00Z"
    And the DSO dispatches every transaction on requirement "R1" in full from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S1   | 2030-01-15T16:30:00Z | 3.000      | 0          |
      | S2   | 2030-01-15T16:30:00Z | 130.000    | 0          |
      | S6   | 2030-01-15T16:30:00Z | 40.000     | 0          |
      | S3   | 2030-01-15T16:30:00Z | 45.000     | 0          |
      | S4   | 2030-01-15T16:30:00Z | 0          | 260.000    |
      | S5   | 2030-01-15T16:30:00Z | 0          | 45.000     |
    Then every dispatched period on requirement "R1" is verified as UNDER_DELIVERED
    And the settlements on requirement "R1" are:
      | seller                        | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Aggregator                    | 0.20             | 12.00           | 8.00        | 0.00             | 4.20    |
      | Community Energy Scheme       | 0.25             | 12.60           | 8.40        | 0.00             | 4.45    |
      | Directly-Connected Generation | 0.00             | 4.50            | 18.00       | 0.00             | -13.50  |
      | Directly-Connected Storage    | 0.10             | 13.50           | 1.50        | 0.00             | 12.10   |
    And the market actors hold these positions on requirement "R1":
      | market actor                  | position                                                         |
      | Aggregator                    | seller for the sites it aggregates, exposed to penalties         |
      | Community Energy Scheme       | seller directly and through the Aggregator, exposed to penalties |
      | Consumer (Domestic)           | seller through the Aggregator                                    |
      | Consumer (Non-Domestic)       | seller through the Aggregator                                    |
      | Directly-Connected Generation | seller exposed to penalties                                      |
      | Directly-Connected Storage    | seller exposed to penalties                                      |

  # Settlement and invoicing: every settlement line is rounded half-up to the penny.
  @UC1-S43 @BMR-03 @BMR-20
  Scenario: Settlement lines that land on a half-penny are rounded up
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.10              | 0.10                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:30:00Z | 0          | 50.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.01             | 15.01           | 0.00        | 0.00             | 15.02   |

  # Notices to affected parties: a volume is rounded half-up to 3 decimals (10.001 kW for half an
  # hour is 5.0005 kWh).
  @UC1-S44 @BMR-03 @BMR-13 @test_clock
  Scenario: A volume that lands on half a watt-hour is rounded up
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 10.001 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh   | after Gate Closure |
      | 2030-01-15T16:30:00Z | 5.001 | true               |

  # Departure from the report: the BRP buys no flexibility through this service.
  @UC1-S45 @BMR-04 @BMR-06
  Scenario: The BRP cannot buy constraint management flexibility through the NMF
    When the Balance Responsible Person tries to post a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start   | end   | kW  | arming deadline | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 100 | 2030-01-15T16:15:00Z      | 450.00           | 5.00                 |
    Then the NMF refuses it with 403 citing BMR-04

  @UC1-S46 @BMR-06 @BMR-09 @BMR-11 @BMR-21
  Scenario: Another DSO can neither buy for a zone it does not operate nor act on a transaction it did not buy
    Given a DSO "Neighbouring DSO" is registered
    And the Directly-Connected Storage holds an accepted CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the Neighbouring DSO tries to post a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 100 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    Then the NMF refuses it with 403 citing BMR-06
    When the sellers offer against requirement "R1":
      | seller                  | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Community Energy Scheme | S3   | 100 | 150                | 0                  | 300.00              | 2.00                  |
    And the Neighbouring DSO tries to accept the offer of the Community Energy Scheme on requirement "R1"
    Then the NMF refuses it with 403 citing BMR-08
    When the Neighbouring DSO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 403 citing BMR-09
    When the DSO arms every transaction on requirement "R1"
    And the Neighbouring DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 403 citing BMR-11
    When the Neighbouring DSO tries to unwind the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with 403 citing BMR-21
    And the Directly-Connected Storage transaction on "R1" is ARMED

  @UC1-S47 @BMR-17
  Scenario: Only the transaction's seller reports its unavailability
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the Community Energy Scheme tries to report unavailability on the Directly-Connected Storage transaction on "R1" detected at "2030-01-15T16:00:00Z", leaving 0 kW from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then the NMF refuses it with 403 citing BMR-17
    And the DSO is sent 0 UnavailabilityReported notice
    When the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF answers with status 201

  @UC1-S48 @BMR-07
  Scenario: An offer on a requirement the NMF never published is answered 404
    When a FlexibilityOffer names an id the NMF never issued
    Then the NMF refuses it with 404

  @UC1-S55 @BMR-06
  Scenario: A requirement in a zone the NMF never registered is answered 404
    When a FlexibilityRequirement names an id the NMF never issued
    Then the NMF refuses it with 404

  @UC1-S49 @BMR-07 @BMR-01
  Scenario: A baseline declares each Settlement Period of the window once, at its start
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline periods                                                   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 2030-01-15T16:30:00Z, 2030-01-15T16:30:00Z, 2030-01-15T17:00:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-07
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline periods                           | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 2030-01-15T17:00:00Z, 2030-01-15T16:45:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-01
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline periods                                | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 2030-01-15T16:30:00+00:00, 2030-01-15T17:00:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-01
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline periods | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | none             | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF refuses it with 422 citing BMR-07
    When the Directly-Connected Storage tries to offer against requirement "R1":
      | site | kW  | baseline periods                           | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S5   | 100 | 2030-01-15T17:00:00Z, 2030-01-15T16:30:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    Then the NMF answers with status 201

  @UC1-S50 @BMR-16 @BMR-17 @BMR-21
  Scenario Outline: A reason of white space only is refused (<message>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    And a <message> on the Directly-Connected Storage transaction on "R1" gives a reason of white space only
    Then the NMF refuses it with 422
    And the Directly-Connected Storage transaction on "R1" is ARMED
    And the DSO is sent 0 UnavailabilityReported notice

    Examples:
      | message              |
      | UnavailabilityNotice |
      | UnwindRequest        |
      | DispatchOverrule     |

  @UC1-S51 @BMR-06 @BMR-07 @BMR-08 @BMR-09 @BMR-11 @BMR-16 @BMR-17 @BMR-18 @BMR-21
  Scenario Outline: A message whose correlationId names another thread is refused (<message>)
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:30:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z"
    And a <message> on the Directly-Connected Storage deal on "R1" carries the wrong correlationId
    Then the NMF refuses it with 422
    And the Directly-Connected Storage transaction on "R1" is ARMED

    Examples:
      | message                |
      | FlexibilityRequirement |
      | FlexibilityOffer       |
      | OfferAcceptance        |
      | ArmingInstruction      |
      | DispatchInstruction    |
      | UnavailabilityNotice   |
      | UnwindRequest          |
      | DispatchOverrule       |
      | MeterReadings          |

  # BMR-19: a period of a transaction with several sites is verified only once every site has
  # its reading; until then it is awaiting meter data, whatever the sites already read show.
  @UC1-S52 @BMR-19
  Scenario: A period of an aggregated transaction waits for the reading of every site
    When the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 400 | 2030-01-15T16:15:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller     | site | kW | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator | S1   | 4  | 6                  | 0                  | 400.00              | 4.00                  |
      | Aggregator | S2   | 96 | 300                | 0                  | 400.00              | 4.00                  |
    And the DSO accepts every offer on requirement "R1"
    And the DSO arms every transaction on requirement "R1"
    And the DSO dispatches every transaction on requirement "R1" in full from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S2   | 2030-01-15T16:30:00Z | 102.000    | 0          |
    Then the verification of the Aggregator transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status              |
      | 2030-01-15T16:30:00Z | 50             | 153          |             |               | AWAITING_METER_DATA |
    When the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S1   | 2030-01-15T16:30:00Z | 1.000      | 0          |
    Then the verification of the Aggregator transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status    |
      | 2030-01-15T16:30:00Z | 50             | 153          | 103         | 50            | DELIVERED |

  # The market set-up (docs/api.md, Administration): the registers every rule reads. BMR-04 lets an
  # actor act only within its role, so each party of a zone or a site must be a registered actor of
  # the role its field names. These refusals name no rule.
  @UC1-S53 @BMR-04
  Scenario Outline: A zone or site whose parties are unknown or have the wrong role is not registered (<case>)
    When the administrator tries to register <registration>
    Then the NMF refuses it with 422

    Examples:
      | case                          | registration                                                                                   |
      | zone's DNO is the DSO         | a zone whose DNO is the DSO                                                                    |
      | zone's DSO is the DNO         | a zone whose DSO is the DNO                                                                    |
      | zone's ESO is the DSO         | a zone whose ESO is the DSO                                                                    |
      | zone's DNO never issued       | a zone whose DNO is an actor the NMF never issued                                              |
      | critical asset named twice    | a zone with critical assets "T9" and "T9"                                                      |
      | critical asset of spaces only | a zone with critical assets " "                                                                |
      | site in a zone never issued   | a site in zone "Z1" behind critical asset "T1" with a zone id the NMF never issued            |
      | site behind another asset     | a site in zone "Z1" behind critical asset "T9" whose owner is the Directly-Connected Storage  |
      | owner not a provider          | a site in zone "Z1" behind critical asset "T1" whose owner is the Electricity Supplier        |
      | owner never issued            | a site in zone "Z1" behind critical asset "T1" whose owner is an actor the NMF never issued   |
      | aggregator of another role    | a site in zone "Z1" behind critical asset "T1" whose aggregator is the Energy Trader          |
      | supplier of another role      | a site in zone "Z1" behind critical asset "T1" whose supplier is the Aggregator               |
      | BRP of another role           | a site in zone "Z1" behind critical asset "T1" whose BRP is the Electricity Supplier          |
      | trader of another role        | a site in zone "Z1" behind critical asset "T1" whose trader is the Balance Responsible Person |

  # The test clock (docs/api.md, Administration) moves only forward, to the same instant or later,
  # and only a clock the NMF issued moves or takes actors. These refusals name no rule.
  @UC1-S54 @BMR-04
  Scenario: A test clock moves only forward, and only a clock the NMF issued is used
    When the administrator tries to move the market clock to "2030-01-15T15:59:59Z"
    Then the NMF refuses it with 409
    When the clock moves to "2030-01-15T16:00:00Z"
    And the administrator tries to move a test clock the NMF never issued to "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 404
    When the administrator tries to register a DSO on a test clock the NMF never issued
    Then the NMF refuses it with 422
