@UC2
Feature: UC2 Peak Management
  A forecast shows a critical asset running over its normal limits at the winter evening peak.
  Hours ahead, the DSO buys a planned reduction of the load behind it through the NMF, arms and
  schedules it before the Arming Period closes, and pays for what the meters show was delivered.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 2. Rules: the suite's own Conformance
  Market Rules (docs/rules.md), not the report's Basic Market Rules.
  Times are UTC. The Arming Period for this service is 2 hours (BMR-06, BMR-09), and planned
  flexibility is also dispatched before it closes.

  Background:
    Given the market clock reads "2030-01-15T13:00:00Z"
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
  # Actor positions that depart from the report (see docs/use-cases/uc2.md):
  # Departure from the report: the report lets the BRP buy flexibility; through this service only the DSO buys, so the BRP
  #   is checked as exposed to imbalance, and its attempt to buy is refused (scenario below);
  # Departure from the report: the report has the DCC carry the activation trigger; here the NMF delivers
  #   the dispatch to the seller itself, and any network beneath that is outside the NMF
  #   interface, so the DCC is checked as the only source of meter data and is told nothing.
  # The Community Energy Scheme selling through a third party is built: see "Every kind of seller".
  @UC2-S01 @BMR-06 @BMR-07 @BMR-08 @BMR-09 @BMR-11 @BMR-12 @BMR-13 @BMR-14 @BMR-15 @BMR-18 @BMR-19 @BMR-20 @BMR-22
  Scenario: A forecast peak is met by flexibility bought, armed and scheduled hours ahead
    When the DSO posts a PEAK_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 400 | 2030-01-15T14:00:00Z | 300.00              | 5.00                 |
    Then every seller with a site in zone "Z1" is told of requirement "R1"
    When the sellers offer against requirement "R1":
      | seller                        | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator                    | S1   | 4   | 6                  | 0                  | 250.00              | 3.00                  |
      | Aggregator                    | S2   | 96  | 300                | 0                  | 250.00              | 3.00                  |
      | Community Energy Scheme       | S3   | 100 | 150                | 0                  | 280.00              | 4.00                  |
      | Directly-Connected Generation | S4   | 100 | 0                  | 500                | 300.00              | 0.00                  |
      | Directly-Connected Storage    | S5   | 100 | 0                  | 0                  | 200.00              | 2.00                  |
    Then the DSO is told of every offer on requirement "R1"
    When the DSO accepts every offer on requirement "R1"
    Then each seller on requirement "R1", and no one else, is sent OfferAccepted for its transaction
    When the DSO arms every transaction on requirement "R1"
    Then each seller on requirement "R1", and no one else, is sent ArmingConfirmed for its transaction
    When the clock moves to "2030-01-15T13:30:00Z"
    And the DSO dispatches every transaction on requirement "R1" in full from "2030-01-15T16:30:00Z" to "2030-01-15T17:30:00Z"
    Then each seller on requirement "R1", and no one else, is sent DispatchInstructed for its transaction
    And the supplier, BRP and trader of site "S1" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh   | after Gate Closure |
      | 2030-01-15T16:30:00Z | 2.000 | false              |
      | 2030-01-15T17:00:00Z | 2.000 | false              |
    When the clock moves to "2030-01-15T18:00:00Z"
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
      | Aggregator                    | 0.60             | 25.00           | 0.00        | 0.00             | 25.60   |
      | Community Energy Scheme       | 0.80             | 28.00           | 0.00        | 0.00             | 28.80   |
      | Directly-Connected Generation | 0.00             | 30.00           | 0.00        | 0.00             | 30.00   |
      | Directly-Connected Storage    | 0.40             | 20.00           | 0.00        | 0.00             | 20.40   |
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

  @UC2-S02 @BMR-06
  Scenario Outline: A peak requirement that breaks a market rule is refused (<case>)
    When the DSO tries to post a PEAK_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 400 | <deadline>      | <ceiling>           | 5.00                 |
    Then the NMF refuses it with <status> citing BMR-06

    Examples:
      | case                               | deadline             | ceiling | status |
      | Arming Period shorter than 2 hours | 2030-01-15T14:01:00Z | 300.00  | 422    |
      | minutes-ahead arming of UC1        | 2030-01-15T15:45:00Z | 300.00  | 422    |
      | ceiling above the 300 cap          | 2030-01-15T14:00:00Z | 300.01  | 422    |

  # Potential conflict: the Arming Period. For a planned service the flexibility is armed and
  # scheduled before it closes, and may not be called on after that.
  @UC2-S03 @BMR-09
  Scenario Outline: Peak flexibility is armed only before the arming deadline (<at>)
    Given the Directly-Connected Storage holds an accepted PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "<at>"
    And the DSO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF answers <outcome>
    And the Directly-Connected Storage transaction on "R1" is <status>

    Examples:
      | at                   | outcome                   | status |
      | 2030-01-15T13:59:59Z | with status 200           | ARMED  |
      | 2030-01-15T14:00:00Z | with a refusal 409 BMR-09 | LAPSED |

  @UC2-S04 @BMR-09 @BMR-11
  Scenario Outline: Peak flexibility is dispatched only before the arming deadline (<at>)
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "<at>"
    And the DSO tries to dispatch 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T17:00:00Z"
    Then the NMF answers <outcome>

    Examples:
      | at                   | outcome                   |
      | 2030-01-15T13:59:59Z | with status 201           |
      | 2030-01-15T14:00:00Z | with a refusal 409 BMR-09 |

  # Potential conflict: activation near Gate Closure.
  # Departure from the report: the report expects this service to be activated after Gate
  # Closure; under our rules it never is. A peak dispatch comes strictly before the arming
  # deadline (BMR-09), at least 2 hours before the window (BMR-06), and Gate Closure is 1 hour
  # before each period (BMR-12), so every flag is false and this scenario checks only that.
  # A trial that wants the report's case must let armed peak flexibility be dispatched after
  # its arming deadline (down to the 15-minute notice of BMR-11) or arm it less than an hour
  # ahead; the flags then work as UC1 checks. See docs/use-cases/uc2.md. The effect of
  # imbalance prices on the price of the service is commercial and outside the NMF interface.
  @UC2-S05 @BMR-12 @BMR-13
  Scenario: A planned dispatch reaches the BRP before Gate Closure
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "2030-01-15T13:59:00Z"
    And the DSO dispatches 60 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T17:00:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T16:00:00Z | 30.000 | false              |
      | 2030-01-15T16:30:00Z | 30.000 | false              |

  @UC2-S06 @BMR-15
  Scenario: A supplier whose sites were not scheduled is told nothing
    Given an Electricity Supplier "Other Supplier" is registered
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                   | aggregator | MIC kVA | MEC kVA | supplier       |
      | S6   | Community Energy Scheme |            | 300     | 300     | Other Supplier |
    And the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z"
    Then the Electricity Supplier is sent 1 VolumeNotice notice
    And the Other Supplier receives no notice

  # Potential conflict: near real-time metering of the delivered flexibility.
  # Metering at the critical asset itself stays with the DNO and never crosses the NMF
  # interface; what the suite checks is metering at the delivering sites, from the DCC.
  @UC2-S07 @BMR-18 @BMR-19 @BMR-20
  Scenario: Each peak Settlement Period is verified as soon as its reading arrives
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 2030-01-15T14:00:00Z | 20                 | 0                  | 200.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:00:00Z | 0          | 40.000     |
    Then the verification of the Directly-Connected Storage transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status              |
      | 2030-01-15T16:00:00Z | 50             | 10           | -40         | 50            | DELIVERED           |
      | 2030-01-15T16:30:00Z | 50             |              |             |               | AWAITING_METER_DATA |
    And the settlement of the Directly-Connected Storage transaction on "R1" is not yet available

  # Potential conflict: the ESO may overrule a DSO dispatch that would cause it problems.
  @UC2-S08 @BMR-16 @BMR-13 @BMR-14 @BMR-20
  Scenario: The ESO overrules a scheduled peak dispatch
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T15:00:00Z"
    And the Electricity System Operator overrules the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the DSO is sent 1 DispatchOverruled notice
    And the Directly-Connected Storage is sent 1 DispatchOverruled notice
    And the NMF sends DispatchOverruled about the Directly-Connected Storage transaction on "R1" to its buyer and seller and no one else
    And the supplier, BRP and trader of site "S5" are each sent CANCELLED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T16:00:00Z | 50.000 | false              |
      | 2030-01-15T16:30:00Z | 50.000 | false              |
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, OVERRULED
    When the clock moves to "2030-01-15T17:00:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.20             | 0.00            | 0.00        | 0.00             | 0.20    |

  # Potential conflict: stacking of services.
  @UC2-S09 @BMR-10
  Scenario Outline: A peak site may be committed again only outside the window or after its Arming Period (<case>)
    Given the Directly-Connected Storage holds an <state> PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "2030-01-15T14:30:00Z"
    And the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start   | end   | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | <start> | <end> | 100 | 2030-01-15T15:30:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R2":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 400.00              | 2.00                  |
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF answers <outcome>

    Examples:
      | case                        | state    | start                | end                  | outcome                   |
      | outside the delivery window | armed    | 2030-01-15T18:00:00Z | 2030-01-15T19:00:00Z | with status 201           |
      | Arming Period passed        | accepted | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | with status 201           |
      | armed for the same period   | armed    | 2030-01-15T17:30:00Z | 2030-01-15T18:30:00Z | with a refusal 409 BMR-10 |

  # Potential conflict: unplanned unavailability shortly before or during delivery.
  @UC2-S10 @BMR-17 @BMR-14
  Scenario: A prompt unavailability notice reaches the DSO before the peak
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "2030-01-15T13:10:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T13:05:00Z", leaving 30 kW from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z"
    Then the DSO is sent 1 UnavailabilityReported notice
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNAVAILABLE
    When the DSO tries to dispatch 31 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z"
    Then the NMF refuses it with 422 citing BMR-17
    When the DSO tries to dispatch 30 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z"
    Then the NMF answers with status 201

  @UC2-S11 @BMR-17 @BMR-20
  Scenario Outline: Only a prompt notice spares a peak seller a penalty (<notice>)
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "<received>"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:05:00Z", leaving 50 kW from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:00:00Z | 0          | 25.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 5.00            | <penalty>   | 0.00             | <net>   |
    And the NMF records the Directly-Connected Storage unavailability notice on "R1" as <recorded>

    Examples:
      | notice                 | received             | penalty | net   | recorded   |
      | prompt, 15 minutes on  | 2030-01-15T16:20:00Z | 0.00    | 5.00  | prompt     |
      | late, 16 minutes on    | 2030-01-15T16:21:00Z | 5.00    | 0.00  | not prompt |

  # Post-condition: no loss of service, as verified by metering.
  @UC2-S12 @BMR-03 @BMR-19 @BMR-20
  Scenario Outline: Peak delivery is verified against the baseline within a 5% tolerance (<imported> kWh)
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 80  | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 2030-01-15T14:00:00Z | 120                | 0                  | 200.00              | 0.00                  |
    When the DSO dispatches 80 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:00:00Z | <imported> | 0          |
    Then every dispatched period on requirement "R1" is verified as <status>
    And the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | <utilisation>   | <penalty>   | 0.00             | <net>   |

    Examples:
      | imported | status          | utilisation | penalty | net   |
      | 20.000   | DELIVERED       | 8.00        | 0.00    | 8.00  |
      | 22.000   | DELIVERED       | 7.60        | 0.00    | 7.60  |
      | 22.100   | UNDER_DELIVERED | 7.58        | 0.42    | 7.16  |
      | 60.000   | UNDER_DELIVERED | 0.00        | 8.00    | -8.00 |

  # Post-condition: transactions can be unwound, with regard to the provider's lost opportunity.
  @UC2-S13 @BMR-21 @BMR-14 @BMR-20
  Scenario: The DSO unwinds a peak transaction when the forecast peak recedes
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "2030-01-15T15:00:00Z"
    And the DSO unwinds the Directly-Connected Storage transaction on "R1"
    Then the Directly-Connected Storage transaction on "R1" is UNWOUND
    And the Directly-Connected Storage is sent 1 TransactionUnwound notice
    And the NMF sends TransactionUnwound about the Directly-Connected Storage transaction on "R1" to its seller and no one else
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNWOUND
    When the clock moves to "2030-01-15T18:00:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.40             | 0.00            | 0.00        | 4.00             | 4.40    |

  # Stacking of services, continued. While its first commitment can still be armed the
  # DSO may yet call on the site, so it is not free; it is free from the arming deadline on.
  @UC2-S14 @BMR-10 @BMR-09
  Scenario: A peak site accepted and still armable cannot be committed again for the same period
    Given the Directly-Connected Storage holds an accepted PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the clock moves to "2030-01-15T13:30:00Z"
    And the DSO posts a CONSTRAINT_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | 2030-01-15T17:30:00Z | 2030-01-15T18:30:00Z | 100 | 2030-01-15T15:30:00Z | 450.00              | 5.00                 |
    And the sellers offer against requirement "R2":
      | seller                     | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 100 | 0                  | 0                  | 400.00              | 2.00                  |
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF refuses it with 409 citing BMR-10
    When the clock moves to "2030-01-15T14:00:00Z"
    And the DSO tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF answers with status 201
    And the Directly-Connected Storage transaction on "R1" is LAPSED

  # Seller positions: every kind of seller, selling directly or through the Aggregator, carries the
  # penalty for what it did not deliver. The Community Energy Scheme sells one site itself and
  # another through the Aggregator (a third party, as the report allows).
  @UC2-S15 @BMR-07 @BMR-19 @BMR-20
  Scenario: Every kind of peak seller carries the penalty for flexibility it did not deliver
    Given these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                   | aggregator | MIC kVA | MEC kVA |
      | S6   | Community Energy Scheme | Aggregator | 100     | 100     |
    When the DSO posts a PEAK_MANAGEMENT requirement:
      | requirement | zone | critical asset | start                | end                  | kW  | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 400 | 2030-01-15T14:00:00Z | 300.00              | 5.00                 |
    And the sellers offer against requirement "R1":
      | seller                        | site | kW  | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator                    | S1   | 4   | 6                  | 0                  | 250.00              | 3.00                  |
      | Aggregator                    | S2   | 46  | 300                | 0                  | 250.00              | 3.00                  |
      | Aggregator                    | S6   | 50  | 100                | 0                  | 250.00              | 3.00                  |
      | Community Energy Scheme       | S3   | 100 | 150                | 0                  | 280.00              | 4.00                  |
      | Directly-Connected Generation | S4   | 100 | 0                  | 500                | 300.00              | 0.00                  |
      | Directly-Connected Storage    | S5   | 100 | 0                  | 0                  | 200.00              | 2.00                  |
    And the DSO accepts every offer on requirement "R1"
    And the DSO arms every transaction on requirement "R1"
    And the clock moves to "2030-01-15T13:30:00Z"
    And the DSO dispatches every transaction on requirement "R1" in full from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S1   | 2030-01-15T16:00:00Z | 3.000      | 0          |
      | S2   | 2030-01-15T16:00:00Z | 130.000    | 0          |
      | S6   | 2030-01-15T16:00:00Z | 40.000     | 0          |
      | S3   | 2030-01-15T16:00:00Z | 45.000     | 0          |
      | S4   | 2030-01-15T16:00:00Z | 0          | 260.000    |
      | S5   | 2030-01-15T16:00:00Z | 0          | 45.000     |
    Then every dispatched period on requirement "R1" is verified as UNDER_DELIVERED
    And the settlements on requirement "R1" are:
      | seller                        | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Aggregator                    | 0.15             | 7.50            | 5.00        | 0.00             | 2.65    |
      | Community Energy Scheme       | 0.20             | 8.40            | 5.60        | 0.00             | 3.00    |
      | Directly-Connected Generation | 0.00             | 3.00            | 12.00       | 0.00             | -9.00   |
      | Directly-Connected Storage    | 0.10             | 9.00            | 1.00        | 0.00             | 8.10    |
    And the market actors hold these positions on requirement "R1":
      | market actor                  | position                                                         |
      | Aggregator                    | seller for the sites it aggregates, exposed to penalties         |
      | Community Energy Scheme       | seller directly and through the Aggregator, exposed to penalties |
      | Consumer (Domestic)           | seller through the Aggregator                                    |
      | Consumer (Non-Domestic)       | seller through the Aggregator                                    |
      | Directly-Connected Generation | seller exposed to penalties                                      |
      | Directly-Connected Storage    | seller exposed to penalties                                      |

  # Settlement and invoicing: every settlement line is rounded half-up to the penny.
  @UC2-S16 @BMR-03 @BMR-20
  Scenario: Peak settlement lines that land on a half-penny are rounded up
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.10              | 0.10                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:00:00Z | 0          | 50.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.01             | 10.01           | 0.00        | 0.00             | 10.02   |

  # Notices to affected parties: a volume is rounded half-up to 3 decimals (10.001 kW for half an
  # hour is 5.0005 kWh).
  @UC2-S17 @BMR-03 @BMR-13
  Scenario: A peak volume that lands on half a watt-hour is rounded up
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 2.00                  |
    When the DSO dispatches 10.001 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh   | after Gate Closure |
      | 2030-01-15T16:00:00Z | 5.001 | false              |

  # Unwinding, continued. A dispatched period stays in force; the rest of the window is
  # released, and the transaction as a whole reads UNWOUND.
  @UC2-S18 @BMR-21 @BMR-14 @BMR-20
  Scenario: A scheduled peak period stays in force when the rest of the window is unwound
    Given the Directly-Connected Storage holds an armed PEAK_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 2030-01-15T14:00:00Z | 0                  | 0                  | 200.00              | 0.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    And the clock moves to "2030-01-15T15:00:00Z"
    And the DSO unwinds the Directly-Connected Storage transaction on "R1"
    Then the Directly-Connected Storage transaction on "R1" has these periods unwound: "2030-01-15T16:30:00Z"
    And the Directly-Connected Storage transaction on "R1" is UNWOUND
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, UNWOUND
    When the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T16:00:00Z | 0          | 50.000     |
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 10.00           | 0.00        | 1.00             | 11.00   |

  # Departure from the report: the BRP buys no flexibility through this service.
  @UC2-S19 @BMR-04 @BMR-06
  Scenario: The BRP cannot buy peak management flexibility through the NMF
    When the Balance Responsible Person tries to post a PEAK_MANAGEMENT requirement:
      | requirement | zone | critical asset | start   | end   | kW  | arming deadline | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 2030-01-15T14:00:00Z      | 300.00           | 5.00                 |
    Then the NMF refuses it with 403 citing BMR-04
