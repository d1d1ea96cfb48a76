@UC3
Feature: UC3 Short-Term Operating Reserve
  The ESO forecasts that generation will fall short of demand in a coming period. It buys
  reserve through the NMF: less demand, more generation or storage discharge at MPANs in a
  constraint zone, armed ahead, dispatched, verified from meter data and settled. Because the
  same assets sit on the DSO's network, the DSO is told of every STOR dispatch in its zone
  and may block or limit it before it starts; the ESO's overrule of a DSO dispatch (UC1, UC2)
  is the same mechanism in the other direction.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 3. Rules: the suite's own Conformance
  Market Rules (docs/rules.md), not the report's Basic Market Rules.
  Times are UTC. STOR parameters (BMR-23): at least 3000 kW, aggregated over an offer's sites;
  a window of at least 120 minutes; an Arming Period of at least 20 minutes, the response time,
  and dispatch only before the arming deadline (BMR-06, BMR-09).

  Background:
    Given the market clock reads "2030-01-15T16:00:00Z"
    And the market actors of the report are registered
    And constraint zone "Z1" with critical asset "T1" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                         | aggregator | MIC kVA | MEC kVA |
      | S1   | Consumer (Domestic)           | Aggregator | 15      | 5       |
      | S2   | Consumer (Non-Domestic)       | Aggregator | 4000    | 0       |
      | S3   | Community Energy Scheme       |            | 3500    | 500     |
      | S4   | Directly-Connected Generation |            | 100     | 5000    |
      | S5   | Directly-Connected Storage    |            | 4000    | 4000    |

  # Pre-condition and trigger: the ESO's forecast of a generation shortfall reaches the NMF as a
  # STOR requirement for the zone's MPANs over a defined window. The forecast itself is made
  # outside the NMF.
  # Main flow and actor positions. The DSO is asked about every dispatch (the DISPATCHED
  # notice) and does not answer: silence lets the dispatch stand.
  # Post-condition: the forecast imbalance does not materialise, as the meters show: the
  # verified deliveries add up to what the ESO asked for in every dispatched period.
  @UC3-S01 @BMR-07 @BMR-08 @BMR-09 @BMR-12 @BMR-13 @BMR-14 @BMR-18 @BMR-19 @BMR-20 @BMR-22 @BMR-23 @BMR-24
  Scenario: Reserve bought ahead of a forecast shortfall is armed, dispatched, verified and settled
    When the ESO posts a SHORT_TERM_OPERATING_RESERVE requirement:
      | requirement | zone | critical asset | start                | end                  | kW    | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 12000 | 2030-01-15T16:40:00Z | 200.00              | 5.00                 |
    Then every seller with a site in zone "Z1" is told of requirement "R1"
    When the sellers offer against requirement "R1":
      | seller                        | site | kW   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Aggregator                    | S1   | 5    | 6                  | 0                  | 180.00              | 4.00                  |
      | Aggregator                    | S2   | 2995 | 3500               | 0                  | 180.00              | 4.00                  |
      | Community Energy Scheme       | S3   | 3000 | 3000               | 0                  | 190.00              | 5.00                  |
      | Directly-Connected Generation | S4   | 3000 | 0                  | 1000               | 200.00              | 0.00                  |
      | Directly-Connected Storage    | S5   | 3000 | 0                  | 0                  | 150.00              | 2.00                  |
    Then the ESO is told of every offer on requirement "R1"
    When the ESO accepts every offer on requirement "R1"
    And the ESO arms every transaction on requirement "R1"
    And the clock moves to "2030-01-15T16:39:00Z"
    And the ESO dispatches every transaction on requirement "R1" in full from "2030-01-15T17:00:00Z" to "2030-01-15T18:30:00Z"
    Then the supplier, BRP and trader of site "S2" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh      | after Gate Closure |
      | 2030-01-15T17:00:00Z | 1497.500 | true               |
      | 2030-01-15T17:30:00Z | 1497.500 | true               |
      | 2030-01-15T18:00:00Z | 1497.500 | false              |
    When the clock moves to "2030-01-15T19:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S1   | 2030-01-15T17:00:00Z | 0.500      | 0          |
      | S1   | 2030-01-15T17:30:00Z | 0.500      | 0          |
      | S1   | 2030-01-15T18:00:00Z | 0.500      | 0          |
      | S2   | 2030-01-15T17:00:00Z | 252.500    | 0          |
      | S2   | 2030-01-15T17:30:00Z | 252.500    | 0          |
      | S2   | 2030-01-15T18:00:00Z | 252.500    | 0          |
      | S3   | 2030-01-15T17:00:00Z | 0          | 0          |
      | S3   | 2030-01-15T17:30:00Z | 0          | 0          |
      | S3   | 2030-01-15T18:00:00Z | 0          | 0          |
      | S4   | 2030-01-15T17:00:00Z | 0          | 2000.000   |
      | S4   | 2030-01-15T17:30:00Z | 0          | 2000.000   |
      | S4   | 2030-01-15T18:00:00Z | 0          | 2000.000   |
      | S5   | 2030-01-15T17:00:00Z | 0          | 1500.000   |
      | S5   | 2030-01-15T17:30:00Z | 0          | 1500.000   |
      | S5   | 2030-01-15T18:00:00Z | 0          | 1500.000   |
    Then every dispatched period on requirement "R1" is verified as DELIVERED
    And the delivery verified on requirement "R1" is 6000 kWh in each of these periods: "2030-01-15T17:00:00Z, 2030-01-15T17:30:00Z, 2030-01-15T18:00:00Z"
    And the settlements on requirement "R1" are:
      | seller                        | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Aggregator                    | 24.00            | 810.00          | 0.00        | 0.00             | 834.00  |
      | Community Energy Scheme       | 30.00            | 855.00          | 0.00        | 0.00             | 885.00  |
      | Directly-Connected Generation | 0.00             | 900.00          | 0.00        | 0.00             | 900.00  |
      | Directly-Connected Storage    | 12.00            | 675.00          | 0.00        | 0.00             | 687.00  |
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
      | DSO                           | operator consulted on dispatches                         |
      | Electricity Suppliers         | exposed to imbalance                                     |
      | Electricity System Operator   | buyer                                                    |
      | Energy Traders                | exposed to imbalance                                     |
      | Neutral Market Facilitator    | facilitator without contract                             |

  @UC3-S02 @BMR-06 @BMR-23
  Scenario Outline: A STOR requirement that breaks a market rule is refused (<case>)
    When the <buyer> tries to post a <service> requirement:
      | requirement | zone | critical asset | start                | end   | kW   | arming deadline | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T17:00:00Z | <end> | <kW> | <deadline>      | <ceiling>           | 5.00                 |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                         | buyer | service                      | end                  | kW   | deadline             | ceiling | status | rule   |
      | below the 3000 kW minimum    | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T19:00:00Z | 2999 | 2030-01-15T16:40:00Z | 200.00  | 422    | BMR-23 |
      | window shorter than 120 min  | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T18:30:00Z | 3000 | 2030-01-15T16:40:00Z | 200.00  | 422    | BMR-23 |
      | Arming Period under 20 min   | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T19:00:00Z | 3000 | 2030-01-15T16:41:00Z | 200.00  | 422    | BMR-06 |
      | ceiling above the 500 cap    | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T19:00:00Z | 3000 | 2030-01-15T16:40:00Z | 500.01  | 422    | BMR-06 |
      | STOR posted by the DSO       | DSO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T19:00:00Z | 3000 | 2030-01-15T16:40:00Z | 200.00  | 403    | BMR-23 |
      | DSO service posted by ESO    | ESO   | CONSTRAINT_MANAGEMENT        | 2030-01-15T19:00:00Z | 3000 | 2030-01-15T16:40:00Z | 200.00  | 403    | BMR-06 |

  @UC3-S03 @BMR-23
  Scenario: A STOR offer is at least 3000 kW, its sites added up
    When the ESO posts a SHORT_TERM_OPERATING_RESERVE requirement:
      | requirement | zone | critical asset | start                | end                  | kW   | arming deadline      | utilisation ceiling | availability ceiling |
      | R1          | Z1   | T1             | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 6000 | 2030-01-15T16:40:00Z | 200.00              | 5.00                 |
    And the Aggregator tries to offer against requirement "R1":
      | site | kW   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S1   | 5    | 6                  | 0                  | 180.00              | 4.00                  |
      | S2   | 2994 | 3500               | 0                  | 180.00              | 4.00                  |
    Then the NMF refuses it with 422 citing BMR-23
    When the Aggregator tries to offer against requirement "R1":
      | site | kW   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | S1   | 5    | 6                  | 0                  | 180.00              | 4.00                  |
      | S2   | 2995 | 3500               | 0                  | 180.00              | 4.00                  |
    Then the NMF answers with status 201

  # Potential conflict: the Arming Period. The asset is told ahead of delivery; after the
  # arming deadline the flexibility may be neither armed nor used.
  @UC3-S04 @BMR-09
  Scenario Outline: STOR flexibility is armed only before the arming deadline (<at>)
    Given the Directly-Connected Storage holds an accepted SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "<at>"
    And the ESO tries to arm the Directly-Connected Storage transaction on "R1"
    Then the NMF answers <outcome>
    And the Directly-Connected Storage transaction on "R1" is <status>

    Examples:
      | at                   | outcome                   | status |
      | 2030-01-15T16:39:59Z | with status 200           | ARMED  |
      | 2030-01-15T16:40:00Z | with a refusal 409 BMR-09 | LAPSED |

  @UC3-S05 @BMR-09
  Scenario Outline: STOR flexibility is dispatched only before the arming deadline (<at>)
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "<at>"
    And the ESO tries to dispatch 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    Then the NMF answers <outcome>

    Examples:
      | at                   | outcome                   |
      | 2030-01-15T16:39:59Z | with status 201           |
      | 2030-01-15T16:40:00Z | with a refusal 409 BMR-09 |

  # Potential conflict: the DNO/DSO may overrule a STOR dispatch that would cause it network
  # problems. The NMF asks the DSO by telling it of the dispatch; the DSO answers with the same
  # DispatchOverrule the ESO uses on a DSO dispatch, strictly before the dispatch starts.
  @UC3-S06 @BMR-16 @BMR-24 @BMR-12 @BMR-13 @BMR-20
  Scenario: The DSO blocks a STOR dispatch that would overload its network
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the ESO dispatches 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    Then the DSO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED
    When the clock moves to "2030-01-15T16:59:59Z"
    And the DSO overrules the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the ESO is sent 1 DispatchOverruled notice
    And the Directly-Connected Storage is sent 1 DispatchOverruled notice
    And the supplier, BRP and trader of site "S5" are each sent CANCELLED volumes on requirement "R1":
      | period start         | kWh      | after Gate Closure |
      | 2030-01-15T17:00:00Z | 1500.000 | true               |
      | 2030-01-15T17:30:00Z | 1500.000 | false              |
    And the DSO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, OVERRULED
    And the ESO is sent 0 VisibilityNotice notice
    When the clock moves to "2030-01-15T19:00:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 12.00            | 0.00            | 0.00        | 0.00             | 12.00   |

  @UC3-S07 @BMR-16 @BMR-24
  Scenario Outline: Only the zone's DSO answers a STOR dispatch, and only before it starts (<case>)
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the ESO dispatches 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    And the clock moves to "<now>"
    And the <actor> tries to overrule the dispatch of the Directly-Connected Storage transaction on "R1"
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                 | actor                       | now                  | status | rule   |
      | the ESO, the buyer   | Electricity System Operator | 2030-01-15T16:30:00Z | 403    | BMR-16 |
      | the DNO              | DNO                         | 2030-01-15T16:30:00Z | 403    | BMR-04 |
      | after delivery began | DSO                         | 2030-01-15T17:00:00Z | 409    | BMR-16 |

  # Potential conflict: delivery frees headroom in an Active Network Management scheme, which then
  # lets more generation on and cancels the effect.
  # Departure from the report: an ANM scheme is not a market actor and is not at the NMF's
  # interface, so what it does with the headroom cannot be observed. The suite checks the tool
  # the DSO has against it: told of the STOR dispatch in its zone, it limits the dispatch to what
  # its network can take without the ANM scheme reacting, and the limited reserve is delivered
  # and paid.
  @UC3-S08 @BMR-24 @BMR-13 @BMR-19 @BMR-20
  Scenario: The DSO limits a STOR dispatch to what its network takes without ANM reacting
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 0.00                  |
    When the ESO dispatches 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    And the clock moves to "2030-01-15T16:30:00Z"
    And the DSO limits the dispatch of the Directly-Connected Storage transaction on "R1" to 2000 kW
    Then the ESO is sent 1 DispatchOverruled notice
    And the Directly-Connected Storage is sent 1 DispatchOverruled notice
    And the supplier, BRP and trader of site "S5" are each sent LIMITED volumes on requirement "R1":
      | period start         | kWh      | after Gate Closure |
      | 2030-01-15T17:00:00Z | 1000.000 | true               |
      | 2030-01-15T17:30:00Z | 1000.000 | false              |
    And the DSO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, LIMITED
    When the clock moves to "2030-01-15T19:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T17:00:00Z | 0          | 1000.000   |
      | S5   | 2030-01-15T17:30:00Z | 0          | 950.000    |
    Then the verification of the Directly-Connected Storage transaction on "R1" shows:
      | period start         | instructed kWh | baseline kWh | metered kWh | delivered kWh | status    |
      | 2030-01-15T17:00:00Z | 1000           | 0            | -1000       | 1000          | DELIVERED |
      | 2030-01-15T17:30:00Z | 1000           | 0            | -950        | 950           | DELIVERED |
    And the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 0.00             | 292.50          | 0.00        | 0.00             | 292.50  |

  @UC3-S09 @BMR-24 @BMR-16 @BMR-03
  Scenario Outline: A limit is more than 0 kW and less than the dispatch, sent before it starts (<case>)
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 0.00                  |
    When the ESO dispatches 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    And the clock moves to "<now>"
    And the <actor> tries to limit the dispatch of the Directly-Connected Storage transaction on "R1" to <kW> kW
    Then the NMF answers <outcome>

    Examples:
      | case                    | actor | now                  | kW       | outcome                   |
      | just under the dispatch | DSO   | 2030-01-15T16:59:59Z | 2999.999 | with status 200           |
      | the dispatch's own kW   | DSO   | 2030-01-15T16:30:00Z | 3000     | with a refusal 422 BMR-24 |
      | nothing left            | DSO   | 2030-01-15T16:30:00Z | 0        | with a refusal 422 BMR-03 |
      | at the dispatch's start | DSO   | 2030-01-15T17:00:00Z | 2000     | with a refusal 409 BMR-16 |
      | by the ESO, the buyer   | ESO   | 2030-01-15T16:30:00Z | 2000     | with a refusal 403 BMR-16 |
      | the least limit         | DSO   | 2030-01-15T16:30:00Z | 0.001    | with status 200           |

  # The same mechanism in the other direction: the ESO limits a DSO's dispatch (UC1) with the
  # message the DSO uses on a STOR dispatch.
  @UC3-S10 @BMR-24 @BMR-16 @BMR-14 @test_clock
  Scenario: The ESO limits a DSO dispatch with the same message
    Given the Directly-Connected Storage holds an armed CONSTRAINT_MANAGEMENT transaction on "R1" for site "S5":
      | kW  | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 100 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 2030-01-15T16:15:00Z | 0                  | 0                  | 300.00              | 2.00                  |
    When the DSO dispatches 100 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And the Electricity System Operator limits the dispatch of the Directly-Connected Storage transaction on "R1" to 40 kW
    Then the DSO is sent 1 DispatchOverruled notice
    And the supplier, BRP and trader of site "S5" are each sent LIMITED volumes on requirement "R1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T16:30:00Z | 20.000 | true               |
    And the ESO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, DISPATCHED, LIMITED
    And the DSO is sent 0 VisibilityNotice notice

  # Potential conflict: the same flexibility offered to STOR and to a DNO/DSO service, so that one
  # buyer falls short when the other is served. One stacking rule for UC1-UC3: a site committed
  # to any service for a Settlement Period cannot be committed to another for that period, so
  # neither buyer can be left short; it is free again outside the window or once the first
  # commitment lapsed at its arming deadline.
  # Departure from the report: the report would let an asset stack services up to its
  # capability; our rule allows no second commitment of a site in the same Settlement Period,
  # whatever its size or direction.
  @UC3-S11 @BMR-10
  Scenario Outline: A site serves one service per Settlement Period across UC1-UC3 (<first> then <second>, <timing>)
    Given the Directly-Connected Storage holds an <state> <first> transaction on "R1" for site "S5":
      | kW   | start          | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | <first start>  | 2030-01-15T21:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:45:00Z"
    And the <buyer> posts a <second> requirement:
      | requirement | zone | critical asset | start          | end          | kW   | arming deadline     | utilisation ceiling | availability ceiling |
      | R2          | Z1   | T1             | <second start> | <second end> | 3000 | <second deadline>   | 150.00              | 2.00                 |
    And the sellers offer against requirement "R2":
      | seller                     | site | kW   | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | Directly-Connected Storage | S5   | 3000 | 0                  | 0                  | 150.00              | 2.00                  |
    And the <buyer> tries to accept the offer of the Directly-Connected Storage on requirement "R2"
    Then the NMF answers <outcome>

    Examples:
      | first                        | state    | first start          | buyer | second                       | second start         | second end           | second deadline      | timing               | outcome                   |
      | SHORT_TERM_OPERATING_RESERVE | armed    | 2030-01-15T17:00:00Z | DSO   | CONSTRAINT_MANAGEMENT        | 2030-01-15T17:30:00Z | 2030-01-15T18:00:00Z | 2030-01-15T17:15:00Z | same period          | with a refusal 409 BMR-10 |
      | SHORT_TERM_OPERATING_RESERVE | accepted | 2030-01-15T17:00:00Z | DSO   | CONSTRAINT_MANAGEMENT        | 2030-01-15T17:30:00Z | 2030-01-15T18:00:00Z | 2030-01-15T17:15:00Z | Arming Period passed | with status 201           |
      | SHORT_TERM_OPERATING_RESERVE | armed    | 2030-01-15T17:00:00Z | DSO   | CONSTRAINT_MANAGEMENT        | 2030-01-15T21:00:00Z | 2030-01-15T21:30:00Z | 2030-01-15T20:45:00Z | outside the window   | with status 201           |
      | SHORT_TERM_OPERATING_RESERVE | armed    | 2030-01-15T17:00:00Z | DSO   | PEAK_MANAGEMENT              | 2030-01-15T19:00:00Z | 2030-01-15T19:30:00Z | 2030-01-15T17:00:00Z | same period          | with a refusal 409 BMR-10 |
      | SHORT_TERM_OPERATING_RESERVE | armed    | 2030-01-15T17:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T17:30:00Z | 2030-01-15T19:30:00Z | 2030-01-15T16:50:00Z | same period          | with a refusal 409 BMR-10 |
      | CONSTRAINT_MANAGEMENT        | armed    | 2030-01-15T17:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T17:30:00Z | 2030-01-15T19:30:00Z | 2030-01-15T16:50:00Z | same period          | with a refusal 409 BMR-10 |
      | CONSTRAINT_MANAGEMENT        | accepted | 2030-01-15T17:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T17:30:00Z | 2030-01-15T19:30:00Z | 2030-01-15T16:50:00Z | Arming Period passed | with status 201           |
      | CONSTRAINT_MANAGEMENT        | armed    | 2030-01-15T17:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T21:00:00Z | 2030-01-15T23:00:00Z | 2030-01-15T20:40:00Z | outside the window   | with status 201           |
      | PEAK_MANAGEMENT              | armed    | 2030-01-15T19:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T17:30:00Z | 2030-01-15T19:30:00Z | 2030-01-15T16:50:00Z | same period          | with a refusal 409 BMR-10 |
      | PEAK_MANAGEMENT              | accepted | 2030-01-15T19:00:00Z | ESO   | SHORT_TERM_OPERATING_RESERVE | 2030-01-15T17:30:00Z | 2030-01-15T19:30:00Z | 2030-01-15T16:50:00Z | Arming Period passed | with status 201           |

  # Potential conflict: activation after Gate Closure exposes the BRP to imbalance charges.
  @UC3-S12 @BMR-12 @BMR-13
  Scenario Outline: STOR volume notices say whether the dispatch came after Gate Closure (<instructed>)
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "<instructed>"
    And the ESO dispatches 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:30:00Z" to "2030-01-15T18:00:00Z"
    Then the supplier, BRP and trader of site "S5" are each sent INSTRUCTED volumes on requirement "R1":
      | period start         | kWh      | after Gate Closure |
      | 2030-01-15T17:30:00Z | 1500.000 | <after>            |

    Examples:
      | instructed           | after |
      | 2030-01-15T16:29:59Z | false |
      | 2030-01-15T16:30:00Z | true  |

  # Potential conflict: unplanned unavailability just before the trigger or during delivery;
  # the provider must tell promptly.
  @UC3-S13 @BMR-17 @BMR-14 @BMR-24
  Scenario: A STOR provider's unavailability notice reaches the ESO and the DSO and caps dispatch
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:05:00Z"
    And the Directly-Connected Storage reports unavailability on "R1" detected at "2030-01-15T16:00:00Z", leaving 1000 kW from "2030-01-15T17:00:00Z" to "2030-01-15T19:00:00Z"
    Then the ESO is sent 1 UnavailabilityReported notice
    And the DSO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNAVAILABLE
    When the ESO tries to dispatch 3000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    Then the NMF refuses it with 422 citing BMR-17
    When the ESO tries to dispatch 1000 kW of the Directly-Connected Storage transaction on "R1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z"
    Then the NMF answers with status 201

  # Post-condition: transactions can be unwound when the need changes, with the provider's lost
  # opportunity compensated.
  @UC3-S14 @BMR-21 @BMR-14 @BMR-20
  Scenario: The ESO unwinds an armed STOR transaction and compensates the provider
    Given the Directly-Connected Storage holds an armed SHORT_TERM_OPERATING_RESERVE transaction on "R1" for site "S5":
      | kW   | start                | end                  | arming deadline      | baseline import kW | baseline export kW | utilisation GBP/MWh | availability GBP/MW/h |
      | 3000 | 2030-01-15T17:00:00Z | 2030-01-15T19:00:00Z | 2030-01-15T16:40:00Z | 0                  | 0                  | 150.00              | 2.00                  |
    When the clock moves to "2030-01-15T16:20:00Z"
    And the ESO unwinds the Directly-Connected Storage transaction on "R1"
    Then the Directly-Connected Storage transaction on "R1" is UNWOUND
    And the Directly-Connected Storage is sent 1 TransactionUnwound notice
    And the DSO and the DNO see the Directly-Connected Storage transaction on "R1" as ACCEPTED, ARMED, UNWOUND
    When the clock moves to "2030-01-15T19:00:00Z"
    Then the settlements on requirement "R1" are:
      | seller                     | availability GBP | utilisation GBP | penalty GBP | compensation GBP | net GBP |
      | Directly-Connected Storage | 12.00            | 0.00            | 0.00        | 90.00            | 102.00  |
