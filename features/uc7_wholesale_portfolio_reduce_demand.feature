@UC7
Feature: UC7 Wholesale Portfolio Optimisation, reduce demand
  An energy trader inside a vertically integrated market actor reduces demand, or raises generation,
  at sites of its own portfolio: ahead of Gate Closure to trade, and within Gate Closure to balance.
  No DSO buys anything. The NMF records each action, checks it against the MIC and MEC of every site
  in every Settlement Period, and tells the parties whose view of the network or of the imbalance
  the action changes.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 7. Rules: the suite's own Conformance
  Market Rules (docs/rules.md, BMR-38 to BMR-44), not the report's Basic Market Rules.
  Times are UTC. An action is reported before it starts or at most 15 minutes after (BMR-40).

  # Pre-conditions: the trader holds a portfolio of flexible sites (registered with it as their
  # trader) and works within risk limits of its own. Value comes from cutting exposure to high prices, lengthening the portfolio when prices are high, or positioning
  # for a forecast imbalance price. The data inputs (the trader's position and the wholesale and
  # forecast imbalance prices per period) are the view below; meter data comes from the DCC.
  # Departure from the report: the risk parameters stay with the trader. The NMF neither receives
  # nor enforces them, so no scenario checks them; a trial that wants them checked needs a message
  # carrying them and a rule for exceeding them.
  Background:
    Given the market clock reads "2030-01-15T15:30:00Z"
    And the market actors of the report are registered
    And an Energy Trader "Other Trader" is registered
    And constraint zone "Z1" with critical asset "T1" on the network of the DNO, operated by the DSO and watched by the ESO
    And constraint zone "Z2" with critical asset "T2" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                      | aggregator | trader       | MIC kVA | MEC kVA |
      | S2   | Consumer (Non-Domestic)    |            |              | 500     | 0       |
      | S5   | Directly-Connected Storage |            |              | 1000    | 1000    |
      | S9   | Consumer (Non-Domestic)    |            | Other Trader | 500     | 0       |
    And these sites are registered in zone "Z2" behind critical asset "T2":
      | site | owner                         | aggregator | MIC kVA | MEC kVA |
      | S4   | Directly-Connected Generation |            | 100     | 2000    |
    And the Energy Trader's view of the market is:
      | period start         | position kWh | wholesale GBP/MWh | imbalance GBP/MWh |
      | 2030-01-15T16:30:00Z | -40          | 90.00             | 140.00             |
      | 2030-01-15T17:00:00Z | 150          | 95.00             | 160.00             |
      | 2030-01-15T17:30:00Z | 150          | 95.00             | 160.00             |

  # Triggers, the main flow, actor positions and the post-condition.
  # Post-condition: the portfolio is optimised before Gate Closure (A1, priced at wholesale) and
  # within it (A2, priced at the forecast imbalance price), shown as the position before and after.
  # Potential conflict: a specific process is needed to deliver the service. The process is the
  # PortfolioAction message and BMR-38 to BMR-44; this scenario runs it from report to payment.
  @UC7-S01 @BMR-38 @BMR-40 @BMR-41 @BMR-42 @BMR-43 @BMR-44
  Scenario: Demand reductions before and within Gate Closure are recorded, made visible and paid for
    When the Energy Trader reports a demand reduction "A1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z", paying 80.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S2   | 100 | 300                | 0                  |
      | S4   | 200 | 0                  | 1500               |
      | S5   | 100 | 0                  | 0                  |
    Then portfolio action "A1" is recorded as reported BEFORE with these periods:
      | period start         | after Gate Closure | change kWh | price GBP/MWh | cashflow GBP | position before kWh | position after kWh |
      | 2030-01-15T17:00:00Z | false              | 200       | 95.00         | 19.00        | 150                 | 350                |
      | 2030-01-15T17:30:00Z | false              | 200       | 95.00         | 19.00        | 150                 | 350                |
    And the DNO and the DSO are each told of portfolio action "A1" in zone "Z1" for sites "S2, S5"
    And the DNO and the DSO are each told of portfolio action "A1" in zone "Z2" for sites "S4"
    And the Consumer (Non-Domestic) is told of portfolio action "A1" in zone "Z1" for sites "S2"
    And the supplier and the BRP of site "S2" are each sent the volumes of portfolio action "A1":
      | period start         | kWh    | after Gate Closure |
      | 2030-01-15T17:00:00Z | 50.000 | false              |
      | 2030-01-15T17:30:00Z | 50.000 | false              |
    When the clock moves to "2030-01-15T16:40:00Z"
    And the Energy Trader reports a demand reduction "A2" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z", paying 90.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S5   | 200 | 0                  | 0                  |
    Then portfolio action "A2" is recorded as reported PROMPT with these periods:
      | period start         | after Gate Closure | change kWh | price GBP/MWh | cashflow GBP | position before kWh | position after kWh |
      | 2030-01-15T16:30:00Z | true               | 100       | 140.00         | 14.00        | -40                 | 60                |
    And the DNO and the DSO are each told of portfolio action "A2" in zone "Z1" for sites "S5"
    And the supplier and the BRP of site "S5" are each sent the volumes of portfolio action "A2":
      | period start         | kWh     | after Gate Closure |
      | 2030-01-15T16:30:00Z | 100.000 | true               |
    When the clock moves to "2030-01-15T18:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S2   | 2030-01-15T17:00:00Z | 100.000    | 0          |
      | S2   | 2030-01-15T17:30:00Z | 110.000    | 0          |
      | S4   | 2030-01-15T17:00:00Z | 0          | 850.000    |
      | S4   | 2030-01-15T17:30:00Z | 0          | 850.000    |
      | S5   | 2030-01-15T16:30:00Z | 0          | 100.000    |
      | S5   | 2030-01-15T17:00:00Z | 0          | 50.000     |
      | S5   | 2030-01-15T17:30:00Z | 0          | 50.000     |
    Then the Energy Trader pays for portfolio action "A1":
      | site | seller                        | scheduled kWh | delivered kWh | payment GBP |
      | S2   | Consumer (Non-Domestic)       | 100           | 90            | 7.20        |
      | S4   | Directly-Connected Generation | 200           | 200           | 16.00       |
      | S5   | Directly-Connected Storage    | 100           | 100           | 8.00        |
    And the Energy Trader pays for portfolio action "A2":
      | site | seller                     | scheduled kWh | delivered kWh | payment GBP |
      | S5   | Directly-Connected Storage | 100           | 100           | 9.00        |
    # Departure from the report: the report expects the DNO and the DSO not to be involved. Our
    # rules tell them of every action in their zones (BMR-41), because the report's own conflicts
    # ask for that visibility; they remain parties to nothing.
    And the market actors hold these positions on the portfolio actions:
      | market actor                  | position                         |
      | Aggregator                    | not involved                     |
      | Balance Responsible Person    | imbalance devolved to the trader |
      | Community Energy Scheme       | not involved                     |
      | Consumer (Domestic)           | not involved                     |
      | Consumer (Non-Domestic)       | seller scheduled and paid        |
      | Data Communications Company   | meter data provider              |
      | Directly-Connected Generation | seller scheduled and paid        |
      | Directly-Connected Storage    | seller scheduled and paid        |
      | DNO                           | told of actions in its zones     |
      | DSO                           | told of actions in its zones     |
      | Electricity Suppliers         | imbalance devolved to the trader |
      | Electricity System Operator   | not involved                     |
      | Energy Traders                | optimiser of its own position    |
      | Neutral Market Facilitator    | recorder of every action         |

  # Potential conflict: visibility to the NMF and the DNO/DSO, above all when a site would leave
  # its MIC or MEC. Reported ahead, such an action is refused; reaching the limit exactly is not.
  @UC7-S02 @BMR-39
  Scenario Outline: A demand reduction reported ahead that would pass a MEC is refused (<kW> kW)
    When the Energy Trader tries to report a demand reduction "A3" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z", paying 80.00 GBP/MWh:
      | site   | kW   | baseline import kW | baseline export kW |
      | S4     | <kW> | 0                | 1800                  |
    Then the NMF answers <outcome>

    Examples:
      | kW      | outcome                   |
      | 200     | with status 201           |
      | 200.001 | with a refusal 422 BMR-39 |

  # The same conflict in near real time: the NMF cannot refuse what is already under way, so it
  # records the action and flags the breach to the DNO and the DSO.
  @UC7-S03 @BMR-39 @BMR-41
  Scenario: A demand reduction already under way that passes a MEC is flagged to the DNO and the DSO
    When the clock moves to "2030-01-15T16:40:00Z"
    And the Energy Trader reports a demand reduction "A2" from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z", paying 80.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S4   | 600 | 0                | 1500                  |
    Then portfolio action "A2" and its notices to the DNO and the DSO name these limit breaches:
      | site | period start         | limit | limit kVA | net kW |
      | S4   | 2030-01-15T16:30:00Z | MEC | 2000      | -2100   |
    And the DNO and the DSO are each told of portfolio action "A2" in zone "Z2" for sites "S4"
    And the Electricity System Operator receives no notice

  # Potential conflict: actions in near real time leave little time to tell the NMF or the DNO/DSO.
  # An action may be reported up to 15 minutes after it starts; later, it is recorded as LATE.
  # Gate Closure decides its price: wholesale strictly before, the imbalance price from it on.
  @UC7-S04 @BMR-40 @BMR-41 @BMR-43
  Scenario Outline: A demand reduction is timed and priced by when it is reported (<at>)
    When the clock moves to "<at>"
    And the Energy Trader reports a demand reduction "A4" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z", paying 80.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S5   | 100 | 0                  | 0                  |
    Then portfolio action "A4" is recorded as reported <timing> with these periods:
      | period start         | after Gate Closure | change kWh | price GBP/MWh | cashflow GBP | position before kWh | position after kWh |
      | 2030-01-15T17:00:00Z | <after>            | 50        | <price>       | <cashflow>   | 150                 | 200                |
    And the DNO and the DSO are each told of portfolio action "A4" in zone "Z1" for sites "S5"

    Examples:
      | at                   | timing | after | price  | cashflow |
      | 2030-01-15T15:59:59Z | BEFORE | false | 95.00 | 4.75    |
      | 2030-01-15T16:00:00Z | BEFORE | true  | 160.00 | 8.00    |
      | 2030-01-15T17:00:00Z | PROMPT | true  | 160.00 | 8.00    |
      | 2030-01-15T17:15:00Z | PROMPT | true  | 160.00 | 8.00    |
      | 2030-01-15T17:15:01Z | LATE   | true  | 160.00 | 8.00    |

  # Potential conflict: the report asks for modelling and simulation of forms of contracting and
  # their value. Departure from the report: that is a study, not a behaviour of an NMF; no scenario.
  # Potential conflict: the report asks for a trial of participant behaviour and information needs.
  # Departure from the report: that is a trial objective, not a behaviour of an NMF; no scenario.
  # Potential conflict: the report asks to understand the outcomes of levels of visibility.
  # Departure from the report: that is a study; the suite checks the one level BMR-41 sets.
  @UC7-S05 @BMR-38 @BMR-04 @BMR-03
  Scenario Outline: A demand reduction outside the trader's own portfolio or role is refused (<case>)
    When the <actor> tries to report a demand reduction "A5" from "2030-01-15T17:00:00Z" to "2030-01-15T17:30:00Z", paying 80.00 GBP/MWh:
      | site   | kW   | baseline import kW | baseline export kW |
      | <site> | <kW> | 0                  | 0                  |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                        | actor                | site | kW  | status | rule   |
      | another trader's site       | Energy Trader        | S9   | 100 | 403    | BMR-38 |
      | sent by a supplier          | Electricity Supplier | S5   | 100 | 403    | BMR-04 |
      | nothing moved               | Energy Trader        | S5   | 0   | 422    | BMR-03 |

  # The second period moves the wrong way (5 kWh imported against a baseline of nothing): it
  # delivers nothing, and never less than nothing.
  @UC7-S06 @BMR-44
  Scenario: The sellers of a demand reduction are paid only once every period is metered
    When the Energy Trader reports a demand reduction "A1" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z", paying 80.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S5   | 100 | 0                  | 0                  |
    And the clock moves to "2030-01-15T17:59:59Z"
    And the Energy Trader asks for the payments of portfolio action "A1"
    Then the NMF refuses it with 409 citing BMR-44
    When the clock moves to "2030-01-15T18:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T17:00:00Z | 0          | 25.000          |
    And the Energy Trader asks for the payments of portfolio action "A1"
    Then the NMF refuses it with 409 citing BMR-44
    When the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S5   | 2030-01-15T17:30:00Z | 5.000      | 0          |
    Then the Energy Trader pays for portfolio action "A1":
      | site | seller                     | scheduled kWh | delivered kWh | payment GBP |
      | S5   | Directly-Connected Storage | 100           | 25            | 2.00        |

  # BMR-02, BMR-38: each site of an action is registered and named once; the trader's view and each
  # baseline declare every Settlement Period of the window exactly once.
  @UC7-S07 @BMR-02 @BMR-38
  Scenario Outline: A demand reduction that names a site or declares a period other than once is refused (<case>)
    Given the Energy Trader declares the period "2030-01-15T17:30:00Z" <times> times in its <part>
    When the Energy Trader tries to report a demand reduction "A6" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z", paying 80.00 GBP/MWh:
      | site     | kW  | baseline import kW | baseline export kW |
      | <first>  | 100 | 100                | 0                  |
      | <second> | 100 | 100                | 0                  |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                              | first         | second | part               | times | status | rule   |
      | a site named twice                | S5            | S5     | view of the market | 1     | 422    | BMR-38 |
      | an unregistered MPAN              | 2000000000015 | S5     | view of the market | 1     | 422    | BMR-02 |
      | a period twice in the view        | S5            | S2     | view of the market | 2     | 422    | BMR-38 |
      | a period left out of the view     | S5            | S2     | view of the market | 0     | 422    | BMR-38 |
      | a period left out of the baseline | S5            | S2     | baselines          | 0     | 422    | BMR-38 |

  @UC7-S08 @BMR-01
  Scenario: A demand reduction whose window ends before it starts is refused
    Given the Energy Trader sends the start and the end of its next actions swapped
    When the Energy Trader tries to report a demand reduction "A7" from "2030-01-15T17:00:00Z" to "2030-01-15T18:00:00Z", paying 80.00 GBP/MWh:
      | site | kW  | baseline import kW | baseline export kW |
      | S5   | 100 | 100                | 0                  |
    Then the NMF refuses it with 422 citing BMR-01
