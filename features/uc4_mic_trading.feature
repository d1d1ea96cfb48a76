@UC4
Feature: UC4 Maximum Import Capacity Trading
  A site in a constrained zone needs more import than its connection agreement allows for a few
  Settlement Periods. Another site in the same zone has MIC it is not using and sells part of it
  through the NMF. The DNO watches the critical assets and approves, limits or rejects each trade;
  the DSO is no party. Once approved, the seller's MIC falls by exactly what the buyer's rises.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 4. Rules: the suite's own Conformance
  Market Rules (docs/rules.md, BMR-30 to BMR-37), not the report's Basic Market Rules.
  Capacity is in kVA, as in connection agreements; metered power is compared with it at a power
  factor of 0.95 (BMR-35). Times are UTC. UC4 and UC5 share every step; only the direction differs.

  Background:
    Given the market clock reads "2030-01-15T08:00:00Z"
    And the market actors of the report are registered
    And constraint zone "Z1" with critical asset "T1" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                         | aggregator | MIC kVA | MEC kVA |
      | S1   | Consumer (Domestic)           | Aggregator | 15      | 5       |
      | S2   | Consumer (Non-Domestic)       |            | 500     | 100     |
      | S3   | Community Energy Scheme       |            | 200     | 200     |
      | S4   | Directly-Connected Generation |            | 100     | 2000    |
      | S5   | Directly-Connected Storage    |            | 1000    | 1000    |
    And constraint zone "Z2" with critical asset "T2" on the network of the DNO, operated by the DSO and watched by the ESO
    And these sites are registered in zone "Z2" behind critical asset "T2":
      | site | owner                   | aggregator | MIC kVA | MEC kVA |
      | S6   | Consumer (Non-Domestic) |            | 500     | 100     |

  # Pre-conditions, trigger (the DNO's decision), the main flow and the actor positions.
  # Post-condition: the buyer's import limit is raised by what the seller gave up.
  # Departure from the report: the DCC is "not expected to be involved"; in our rules it stays the only
  # source of meter data (BMR-18), so the breach scenario below takes the seller's readings from it.
  @UC4-S01 @BMR-30 @BMR-32 @BMR-33 @BMR-34 @BMR-15
  Scenario: MIC traded between two pairs of sites is approved and moves exactly the kVA sold
    When the sellers propose these capacity trades:
      | trade | direction | seller                     | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme    | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
      | T2    | IMPORT    | Directly-Connected Storage | S5          | S4         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 300 | 90.00     |
    And the buyer agrees to capacity trade "T1"
    And the buyer agrees to capacity trade "T2"
    And the clock moves to "2030-01-15T10:00:00Z"
    And the DNO approves capacity trade "T1" with the condition "Half-hourly readings reach the DNO during the window"
    And the DNO approves capacity trade "T2" with the condition "The storage site stays below the agreed level"
    Then the effective capacity of the sites is:
      | site | period start         | MIC kVA   | MEC kVA   |
      | S3   | 2030-01-15T15:30:00Z | 200       | 200       |
      | S3   | 2030-01-15T16:00:00Z | 50        | 200       |
      | S3   | 2030-01-15T16:30:00Z | 50        | 200       |
      | S3   | 2030-01-15T17:00:00Z | 200       | 200       |
      | S2   | 2030-01-15T16:00:00Z | 650       | 100       |
      | S2   | 2030-01-15T16:30:00Z | 650       | 100       |
      | S2   | 2030-01-15T17:00:00Z | 500       | 100       |
      | S5   | 2030-01-15T16:00:00Z | 700       | 1000      |
      | S5   | 2030-01-15T16:30:00Z | 700       | 1000      |
      | S4   | 2030-01-15T16:00:00Z | 400       | 2000      |
      | S4   | 2030-01-15T16:30:00Z | 400       | 2000      |
      | S4   | 2030-01-15T17:00:00Z | 100       | 2000      |
    And the market actors hold these positions on the capacity trades:
      | market actor                  | position                                     |
      | Aggregator                    | not involved in capacity trading             |
      | Balance Responsible Person    | told of each change before Gate Closure      |
      | Community Energy Scheme       | seller of capacity                           |
      | Consumer (Domestic)           | not involved in capacity trading             |
      | Consumer (Non-Domestic)       | buyer of capacity under the DNO's conditions |
      | Data Communications Company   | not involved in capacity trading             |
      | Directly-Connected Generation | buyer of capacity under the DNO's conditions |
      | Directly-Connected Storage    | seller of capacity                           |
      | DNO                           | approver with conditions                     |
      | DSO                           | not involved in capacity trading             |
      | Electricity Suppliers         | exposed to imbalance, told of each change    |
      | Electricity System Operator   | not involved in capacity trading             |
      | Energy Traders                | exposed to imbalance, told of each change    |
      | Neutral Market Facilitator    | facilitator informing affected parties       |

  @UC4-S02 @BMR-01 @BMR-02 @BMR-30 @BMR-31 @BMR-32
  Scenario Outline: A MIC trade that breaks a market rule is not registered (<case>)
    When the <seller> tries to propose a capacity trade:
      | trade | direction | seller site | buyer site | start   | end                  | kVA   | price GBP |
      | T1    | IMPORT    | <from>      | <to>       | <start> | 2030-01-15T17:00:00Z | <kVA> | 40.00     |
    Then the NMF refuses it with <status> citing <rule>

    Examples:
      | case                          | seller                     | from | to            | start                | kVA | status | rule   |
      | buyer in another zone         | Community Energy Scheme    | S3   | S6            | 2030-01-15T16:00:00Z | 150 | 422    | BMR-30 |
      | someone else's site           | Directly-Connected Storage | S3   | S2            | 2030-01-15T16:00:00Z | 150 | 403    | BMR-30 |
      | nothing transferred           | Community Energy Scheme    | S3   | S2            | 2030-01-15T16:00:00Z | 0   | 422    | BMR-30 |
      | unregistered buyer MPAN       | Community Energy Scheme    | S3   | 2000000000015 | 2030-01-15T16:00:00Z | 150 | 422    | BMR-02 |
      | buyer MPAN with a bad check   | Community Energy Scheme    | S3   | 2012345678901 | 2030-01-15T16:00:00Z | 150 | 422    | BMR-02 |
      | window off the half hour      | Community Energy Scheme    | S3   | S2            | 2030-01-15T16:15:00Z | 150 | 422    | BMR-01 |
      | above the authorised capacity | Community Energy Scheme    | S3   | S2            | 2030-01-15T16:00:00Z | 201 | 422    | BMR-31 |

    # This row is late only against the instant the market clock reads: it needs the test clock.
    @test_clock
    Examples:
      | case                          | seller                     | from | to            | start                | kVA | status | rule   |
      | too late for the DNO          | Community Energy Scheme    | S3   | S2            | 2030-01-15T10:00:00Z | 150 | 409    | BMR-32 |

    Examples:
      | case                          | seller                     | from | to            | start                | kVA | status | rule   |
      | a site trading with itself    | Community Energy Scheme    | S3   | S3            | 2030-01-15T16:00:00Z | 150 | 422    | BMR-30 |

  # Potential conflict: the trade is conditional until the DNO decides, which may be long before delivery;
  # the supplier, BRP and trader hear of it while it is conditional and again when it is decided.
  @UC4-S03 @BMR-32 @BMR-33 @BMR-34
  Scenario Outline: A MIC trade stays conditional until the DNO decides before its deadline (<case>)
    When the sellers propose these capacity trades:
      | trade | direction | seller                  | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
    And the buyer agrees to capacity trade "T1"
    Then capacity trade "T1" is PENDING_DNO
    When the clock moves to "<at>"
    And the DNO tries to decide <decision> on capacity trade "T1"
    Then the NMF answers <outcome>
    And capacity trade "T1" is <status>
    And the supplier, BRP and trader of both sites of capacity trade "T1" are told: <events>
    And the effective capacity of the sites is:
      | site | period start         | MIC kVA  | MEC kVA  |
      | S3   | 2030-01-15T16:30:00Z | <S3 MIC> | <S3 MEC> |
      | S2   | 2030-01-15T16:30:00Z | <S2 MIC> | <S2 MEC> |

    Examples:
      | case | at | decision | outcome | status | events | S3 MIC | S3 MEC | S2 MIC | S2 MEC |
      | approved a second before the deadline | 2030-01-15T13:59:59Z | APPROVED | with status 200 | APPROVED | CONDITIONAL, APPROVED | 50 | 200 | 650 | 100 |
      | rejected a second before the deadline | 2030-01-15T13:59:59Z | REJECTED | with status 200 | REJECTED | CONDITIONAL, REJECTED | 200 | 200 | 500 | 100 |
      | approved at the deadline | 2030-01-15T14:00:00Z | APPROVED | with a refusal 409 BMR-32 | LAPSED | CONDITIONAL | 200 | 200 | 500 | 100 |

  # Potential conflict: the seller must not use the MIC it sold; its meter shows whether it did.
  # Before the window (15:30) no trade holds the seller's MIC, so even 192 kW (above 0.95 x 200 kVA) is
  # no CapacityBreach; the buyer's 300 kW is within its raised MIC; a corrected reading of a period
  # already in breach tells no one again.
  @UC4-S04 @BMR-33 @BMR-35 @BMR-18
  Scenario: Metering above the seller's lowered MIC is reported to the DNO and the seller
    When the sellers propose these capacity trades:
      | trade | direction | seller                  | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
    And the buyer agrees to capacity trade "T1"
    And the DNO approves capacity trade "T1" with the condition "Half-hourly readings reach the DNO during the window"
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T16:00:00Z | 23.750     | 0          |
      | S3   | 2030-01-15T16:30:00Z | 23.751     | 0          |
      | S3   | 2030-01-15T15:30:00Z | 96.000     | 0          |
      | S2   | 2030-01-15T16:00:00Z | 150.000    | 0          |
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T16:30:00Z | 23.800     | 0          |
    Then the DNO is sent these CapacityBreach notices for site "S3" on capacity trade "T1":
      | period start         | metered kW | limit kW | excess kW |
      | 2030-01-15T16:30:00Z | 47.502     | 47.5     | 0.002     |
    And the Community Energy Scheme is sent these CapacityBreach notices for site "S3" on capacity trade "T1":
      | period start         | metered kW | limit kW | excess kW |
      | 2030-01-15T16:30:00Z | 47.502     | 47.5     | 0.002     |
    And the Consumer (Non-Domestic) is sent 0 CapacityBreach notice

  # Potential conflict: the seller may be selling MIC it never used, so the trade adds real load;
  # the DNO sees the seller's recent peak and may approve only part of the trade.
  # The look-back is the 48 periods before now: the period starting exactly 24 hours before now is in
  # it (and holds the peak), the one before it is not.
  @UC4-S05 @BMR-32 @BMR-33 @BMR-18 @test_clock
  Scenario: The DNO sees the seller's recent peak and approves only the MIC the seller was not using
    When the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-14T07:30:00Z | 90.000 | 0 |
      | S3   | 2030-01-14T08:00:00Z | 72.500 | 0 |
      | S3   | 2030-01-15T07:30:00Z | 71.250 | 0 |
    And the sellers propose these capacity trades:
      | trade | direction | seller                  | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
    And the buyer agrees to capacity trade "T1"
    Then the DNO is asked to decide capacity trade "T1" knowing the seller's recent peak of 145 kW
    When the DNO approves capacity trade "T1" with a limit of 50 kVA
    Then capacity trade "T1" is APPROVED
    And the supplier, BRP and trader of both sites of capacity trade "T1" are told: CONDITIONAL, APPROVED
    And the effective capacity of the sites is:
      | site | period start         | MIC kVA   | MEC kVA   |
      | S3   | 2030-01-15T16:00:00Z | 150       | 200       |
      | S3   | 2030-01-15T16:30:00Z | 150       | 200       |
      | S2   | 2030-01-15T16:00:00Z | 550       | 100       |
      | S2   | 2030-01-15T16:30:00Z | 550       | 100       |

  # Even a limit below 1 kVA moves kVA from the seller to the buyer, never the other way.
  @UC4-S06 @BMR-32 @BMR-34
  Scenario Outline: The DNO's limit on a MIC trade lies strictly between nothing and the proposed transfer (<limit> kVA)
    When the sellers propose these capacity trades:
      | trade | direction | seller                  | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
    And the buyer agrees to capacity trade "T1"
    And the DNO tries to decide APPROVED_WITH_LIMIT limited to <limit> on capacity trade "T1"
    Then the NMF answers <outcome>
    And the supplier, BRP and trader of both sites of capacity trade "T1" are told: <events>

    Examples:
      | limit   | outcome                   | events                |
      | 149.999 | with status 200           | CONDITIONAL, APPROVED |
      | 150     | with a refusal 422 BMR-32 | CONDITIONAL           |
      | 0       | with a refusal 422 BMR-32 | CONDITIONAL           |
      | 0.001   | with status 200           | CONDITIONAL, APPROVED |

  # Potential conflict: a battery or other site could use bought or unsold MIC to stack services.
  # Departure from the report: the NMF cannot see flexibility sold outside it, so our rules stop the
  # stacking it can see: selling the same MIC twice, and buying and selling MIC in one period.
  @UC4-S07 @BMR-31 @BMR-37
  Scenario Outline: MIC cannot be sold twice or bought and sold by one site in one period (<case>)
    When the sellers propose these capacity trades:
      | trade | direction | seller                     | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Directly-Connected Storage | S5          | S4         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 800 | 90.00     |
    And the <seller> tries to propose a capacity trade:
      | trade | direction | seller site | buyer site | start   | end   | kVA   | price GBP |
      | T2    | IMPORT    | <from>      | <to>       | <start> | <end> | <kVA> | 10.00     |
    Then the NMF answers <outcome>

    Examples:
      | case                                         | seller                        | from | to | start                | end                  | kVA  | outcome                   |
      | the rest of the spare capacity               | Directly-Connected Storage    | S5   | S2 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 200  | with status 201           |
      | the same capacity again                      | Directly-Connected Storage    | S5   | S2 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 201  | with a refusal 409 BMR-31 |
      | after the first window                       | Directly-Connected Storage    | S5   | S2 | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | 900  | with status 201           |
      | the buyer sells on what it bought            | Directly-Connected Generation | S4   | S2 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 50   | with a refusal 409 BMR-37 |
      | the seller buys in the window                | Community Energy Scheme       | S3   | S5 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 50   | with a refusal 409 BMR-37 |
      | all of it after the first window             | Directly-Connected Storage    | S5   | S2 | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | 1000 | with status 201           |
      | the same capacity in its first period        | Directly-Connected Storage    | S5   | S2 | 2030-01-15T16:00:00Z | 2030-01-15T16:30:00Z | 201  | with a refusal 409 BMR-31 |
      | the buyer sells until its purchase starts    | Directly-Connected Generation | S4   | S2 | 2030-01-15T15:00:00Z | 2030-01-15T16:00:00Z | 50   | with status 201           |
      | the buyer sells from the end of its purchase | Directly-Connected Generation | S4   | S2 | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | 50   | with status 201           |
      | more than the seller MEC, within its MIC     | Consumer (Non-Domestic)       | S2   | S3 | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 101  | with status 201           |

  # Post-condition: a trade can be unwound when the system changes; both sites return to their
  # authorised levels from the revoked period on, and everyone told of the trade hears of it.
  @UC4-S08 @BMR-36 @BMR-33 @BMR-34
  Scenario: The DNO revokes an approved MIC trade for the periods not yet begun
    When the sellers propose these capacity trades:
      | trade | direction | seller                  | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
    And the buyer agrees to capacity trade "T1"
    And the DNO approves capacity trade "T1" with the condition "Half-hourly readings reach the DNO during the window"
    And the clock moves to "2030-01-15T16:10:00Z"
    And the DNO tries to revoke capacity trade "T1" from "2030-01-15T16:00:00Z"
    Then the NMF refuses it with 409 citing BMR-36
    When the DNO revokes capacity trade "T1" from "2030-01-15T16:30:00Z"
    Then capacity trade "T1" is REVOKED
    And the supplier, BRP and trader of both sites of capacity trade "T1" are told: CONDITIONAL, APPROVED, REVOKED
    And the effective capacity of the sites is:
      | site | period start         | MIC kVA   | MEC kVA   |
      | S3   | 2030-01-15T16:00:00Z | 50        | 200       |
      | S3   | 2030-01-15T16:30:00Z | 200       | 200       |
      | S2   | 2030-01-15T16:00:00Z | 650       | 100       |
      | S2   | 2030-01-15T16:30:00Z | 500       | 100       |

  # BMR-30, BMR-32, BMR-36: each step of a trade is taken by its own party, once. The buying site's owner
  # agrees to a PROPOSED trade before the decision deadline; the DNO of the trade's zone, and no other
  # DNO, decides (a limit with APPROVED_WITH_LIMIT only) and revokes; only an APPROVED trade is revoked,
  # from a period of its window that has not begun (the period starting now has not).
  @UC4-S09 @BMR-30 @BMR-32 @BMR-36
  Scenario: Only the buyer agrees to a MIC trade, once, and only the zone's DNO decides and revokes it
    Given a DNO "Neighbouring DNO" is registered
    When the sellers propose these capacity trades:
      | trade | direction | seller                     | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Community Energy Scheme    | S3          | S2         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 150 | 40.00     |
      | T2    | IMPORT    | Directly-Connected Storage | S5          | S4         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 300 | 90.00     |
    And the Directly-Connected Generation tries to agree to capacity trade "T1"
    Then the NMF refuses it with 403 citing BMR-30
    When the Neighbouring DNO tries to decide APPROVED on capacity trade "T1"
    Then the NMF refuses it with 403 citing BMR-32
    When the DNO tries to revoke capacity trade "T1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 409 citing BMR-36
    When the buyer agrees to capacity trade "T1"
    And the Consumer (Non-Domestic) tries to agree to capacity trade "T1"
    Then the NMF refuses it with 409 citing BMR-30
    When the DNO tries to decide APPROVED limited to 100 on capacity trade "T1"
    Then the NMF refuses it with 422 citing BMR-32
    When the DNO tries to decide APPROVED_WITH_LIMIT on capacity trade "T1"
    Then the NMF refuses it with 422 citing BMR-32
    When the DNO approves capacity trade "T1" with the condition "Import stays below 650 kVA at the meter."
    And the Neighbouring DNO tries to revoke capacity trade "T1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 403 citing BMR-36
    When the DNO tries to revoke capacity trade "T1" from "2030-01-15T16:30:00Z" giving a reason of white space only
    Then the NMF refuses it with 422
    When the DNO tries to revoke capacity trade "T1" from "2030-01-15T17:00:00Z"
    Then the NMF refuses it with 422 citing BMR-36
    And capacity trade "T1" is APPROVED
    When the clock moves to "2030-01-15T14:00:00Z"
    And the Directly-Connected Generation tries to agree to capacity trade "T2"
    Then the NMF refuses it with 409 citing BMR-32
    And capacity trade "T2" is LAPSED
    When the clock moves to "2030-01-15T16:30:00Z"
    And the DNO revokes capacity trade "T1" from "2030-01-15T16:30:00Z"
    Then capacity trade "T1" is REVOKED

  # BMR-31: once decided, a trade holds of its seller's MIC what the DNO granted (here 500 of the 800 kVA
  # proposed), in the periods of its window and in no other.
  @UC4-S10 @BMR-31 @BMR-32
  Scenario Outline: An approved MIC trade holds what the DNO granted, in its window only (<case>)
    When the sellers propose these capacity trades:
      | trade | direction | seller                     | seller site | buyer site | start                | end                  | kVA | price GBP |
      | T1    | IMPORT    | Directly-Connected Storage | S5          | S4         | 2030-01-15T16:00:00Z | 2030-01-15T17:00:00Z | 800 | 90.00     |
    And the buyer agrees to capacity trade "T1"
    And the DNO approves capacity trade "T1" with a limit of 500 kVA
    And the Directly-Connected Storage tries to propose a capacity trade:
      | trade | direction | seller site | buyer site | start   | end   | kVA   | price GBP |
      | T2    | IMPORT    | S5          | S2         | <start> | <end> | <kVA> | 10.00     |
    Then the NMF answers <outcome>

    Examples:
      | case                                | start                | end                  | kVA  | outcome                   |
      | the MIC the DNO did not grant       | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 500  | with status 201           |
      | more than the approval left         | 2030-01-15T16:30:00Z | 2030-01-15T17:00:00Z | 501  | with a refusal 409 BMR-31 |
      | all of it after the approved window | 2030-01-15T17:00:00Z | 2030-01-15T17:30:00Z | 1000 | with status 201           |

  @UC4-S11 @BMR-30
  Scenario: An agreement to a capacity trade the NMF never issued is answered 404
    When a CapacityTradeAgreement names an id the NMF never issued
    Then the NMF refuses it with 404

  # BMR-33: effective capacity is read for a registered site over a window of whole Settlement Periods.
  @UC4-S12 @BMR-01 @BMR-33
  Scenario: Effective MIC is read only for a registered site and a window of whole Settlement Periods
    When the DNO tries to read the capacity of site "S3" from "2030-01-15T16:00:00Z" to "2030-01-15T16:00:00Z"
    Then the NMF refuses it with 422 citing BMR-01
    When the DNO tries to read the capacity of site "S3" from "tomorrow" to "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 422 citing BMR-01
    When the DNO tries to read the capacity of site "S3" from "2030-01-15T16:00:00Z" to "tomorrow"
    Then the NMF refuses it with 422 citing BMR-01
    When the DNO tries to read the capacity of site "2000000000015" from "2030-01-15T16:00:00Z" to "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 404
