@UC6
Feature: UC6 Offsetting
  In a constrained zone, one site raises its demand and only then another site raises its export
  above its MEC by the same kW, so the critical asset sees no net change while more is exported.
  The DNO first approves the pair and their fail-safe in outline, then each transaction before it
  starts. The NMF follows the first leg's meter: the second leg may rise only once the first leg's
  rise is measured, it falls first, and the fail-safe curtails it when the first leg falls short
  or its data stop. The mirror (export first, then demand above MIC) follows the same rules.

  Source: TRANSITION WP4.3 v1.0, Appendix 1, Use Case 6, and Table 6 (its four variants). Rules:
  the suite's own Conformance Market Rules (docs/rules.md, BMR-45 to BMR-52), not the report's
  Basic Market Rules. Power in kW, energy in kWh, times UTC. The "seller" moves first (within its
  own capacity); the "buyer" goes above its capacity once the seller's rise is measured.
  # Departure from the report: Table 6 also lists each variant "within an unconstrained network". The NMF
  # knows constraint zones, not whether a constraint binds, so both variants run the same rules here.

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

  # Pre-conditions (outline approval of the pair before any transaction; each transaction approved
  # before it starts), the trigger (the DNO, watching its critical assets, decides) and the positions.
  @UC6-S01 @BMR-45 @BMR-46 @BMR-47 @BMR-48 @BMR-49 @BMR-51 @BMR-15
  Scenario: Two pairs of sites are approved in outline and per transaction, and every market actor holds its position
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
      | B      | DEMAND_FIRST | Consumer (Non-Domestic)       | S2         | S5          |
    And the DNO approves offsetting scheme "A"
    And the DNO approves offsetting scheme "B"
    And the buyers propose these offsetting transactions:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 1800               | 45.00         |
      | O2          | B      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 200 | 100               | 90                 | 45.00         |
    And the seller agrees to offsetting transaction "O1"
    And the seller agrees to offsetting transaction "O2"
    And the clock moves to "2030-01-15T10:00:00Z"
    And the DNO approves offsetting transaction "O1" with the condition "Half-hourly readings of both sites reach the DNO"
    And the DNO approves offsetting transaction "O2" with the condition "The storage site charges only from the grid"
    Then offsetting transaction "O1" is APPROVED with its second leg held until the first leg's rise is measured
    And offsetting transaction "O2" is APPROVED with its second leg held until the first leg's rise is measured
    And the market actors hold these positions on offsetting:
      | market actor                  | position                                         |
      | Aggregator                    | not involved in offsetting                       |
      | Balance Responsible Person    | told of each transaction before Gate Closure     |
      | Community Energy Scheme       | seller moving first                              |
      | Consumer (Domestic)           | not involved in offsetting                       |
      | Consumer (Non-Domestic)       | buyer above its capacity under the DNO's terms   |
      | Data Communications Company   | carrier of the fail-safe's data                  |
      | Directly-Connected Generation | buyer above its capacity under the DNO's terms   |
      | Directly-Connected Storage    | seller moving first                              |
      | DNO                           | outline and per-transaction approver             |
      | DSO                           | not involved in offsetting                       |
      | Electricity Suppliers         | exposed to imbalance, told of each transaction   |
      | Electricity System Operator   | not involved in offsetting                       |
      | Energy Traders                | exposed to imbalance, told of each transaction   |
      | Neutral Market Facilitator    | facilitator informing affected parties           |

  # Post-condition: demand rises before generation by the same kW, and generation falls first at the end.
  # Table 6's mirror (export first, then demand above MIC) is the GENERATION_FIRST row.
  @UC6-S02 @BMR-49 @BMR-51 @BMR-18
  Scenario Outline: The second leg rises only once the first leg's rise is measured, and ends a period before it (<case>)
    Given offsetting transaction "O1" is approved:
      | direction   | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | <direction> | <buyer>    | <seller>    | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    When the clock moves to "<at>"
    And the Data Communications Company reads <kWh> kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    Then the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z", second from <from> to "2030-01-15T17:30:00Z"
    And everyone told of offsetting transaction "O1" is told: <events>

    Examples:
      | case                                   | direction        | buyer | seller | at                   | kWh    | from                   | events                                      |
      | full rise read at the period's end     | DEMAND_FIRST     | S4    | S3     | 2030-01-15T16:30:00Z | 57.5   | "2030-01-15T16:30:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED  |
      | full rise read a second later          | DEMAND_FIRST     | S4    | S3     | 2030-01-15T16:30:01Z | 57.5   | "2030-01-15T17:00:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED  |
      | rise just short of the tolerance       | DEMAND_FIRST     | S4    | S3     | 2030-01-15T16:30:00Z | 57.499 | nothing                | CONDITIONAL, APPROVED                       |
      | mirror: export first, demand above MIC | GENERATION_FIRST | S2    | S4     | 2030-01-15T16:30:00Z | 57.5   | "2030-01-15T16:30:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED  |
      | full rise read too late to release    | DEMAND_FIRST     | S4    | S3     | 2030-01-15T17:00:01Z | 57.5   | nothing                | CONDITIONAL, APPROVED                       |

  # When the fail-safe operates the order reverses: the second leg is curtailed at once and the first
  # leg ends with that period.
  @UC6-S03 @BMR-50 @BMR-51 @BMR-18
  Scenario Outline: The fail-safe curtails the second leg when the first leg falls short (<case>)
    Given offsetting transaction "O1" is approved:
      | direction   | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | <direction> | <buyer>    | <seller>    | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    When the clock moves to "2030-01-15T17:05:00Z"
    And the Data Communications Company reads <kWh> kWh on the first leg of "O1" in "2030-01-15T16:30:00Z"
    Then offsetting transaction "O1" is <status>
    And the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to <first end>, second from "2030-01-15T16:30:00Z" to <second end>
    And everyone told of offsetting transaction "O1" is told: <events>

    Examples:
      | case                          | direction        | buyer | seller | kWh    | status           | first end              | second end             | events                                                         |
      | rise at the ratio             | DEMAND_FIRST     | S4    | S3     | 55     | APPROVED         | "2030-01-15T18:00:00Z" | "2030-01-15T17:30:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED                     |
      | rise just below the ratio     | DEMAND_FIRST     | S4    | S3     | 54.999 | FAILSAFE_TRIPPED | "2030-01-15T17:30:00Z" | "2030-01-15T17:05:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, FAILSAFE_TRIPPED   |
      | mirror: export falls short    | GENERATION_FIRST | S2    | S4     | 54.999 | FAILSAFE_TRIPPED | "2030-01-15T17:30:00Z" | "2030-01-15T17:05:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, FAILSAFE_TRIPPED   |

  @UC6-S04 @BMR-50 @BMR-51
  Scenario Outline: The fail-safe curtails the second leg when the first leg's data go quiet (<at>)
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    When the clock moves to "<at>"
    Then offsetting transaction "O1" is <status>
    And the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to <first end>, second from "2030-01-15T16:30:00Z" to <second end>
    And everyone told of offsetting transaction "O1" is told: <events>

    Examples:
      | at                   | status           | first end              | second end             | events                                                       |
      | 2030-01-15T17:14:59Z | APPROVED         | "2030-01-15T18:00:00Z" | "2030-01-15T17:30:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED                   |
      | 2030-01-15T17:15:00Z | FAILSAFE_TRIPPED | "2030-01-15T17:30:00Z" | "2030-01-15T17:15:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, FAILSAFE_TRIPPED |

  # Post-condition: a transaction can be unwound when the system changes; the DNO unwinds it from a
  # period not yet begun, and the legs come down in the reverse order, the second leg first.
  @UC6-S05 @BMR-48 @BMR-51
  Scenario: The DNO unwinds an approved offsetting transaction from a period not yet begun, the second leg first
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    When the clock moves to "2030-01-15T16:40:00Z"
    And the DNO tries to unwind offsetting transaction "O1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 409 citing BMR-48
    When the DNO unwinds offsetting transaction "O1" from "2030-01-15T17:00:00Z"
    Then the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T17:30:00Z", second from "2030-01-15T16:30:00Z" to "2030-01-15T17:00:00Z"
    And everyone told of offsetting transaction "O1" is told: CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, UNWOUND

  # The seller's site reads more than the leg in its first period (counted up to volumeKw) and short in its
  # last one, which is the first leg's alone, below its baseline (counted as 0): no trip. The buyer's site has no
  # reading of the first period.
  @UC6-S06 @BMR-52 @BMR-49 @BMR-50 @BMR-18
  Scenario: Settlement pays for the offset energy only: the second leg counts up to what the first leg delivered
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 1800               | 45.55         |
    When the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T16:00:00Z | 65         | 0          |
    And the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T16:30:00Z | 58         | 0          |
      | S4   | 2030-01-15T16:30:00Z | 0          | 950        |
    And the clock moves to "2030-01-15T17:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T17:00:00Z | 55         | 0          |
    And the clock moves to "2030-01-15T18:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T17:30:00Z | 8          | 0          |
      | S4   | 2030-01-15T17:00:00Z | 0          | 940        |
      | S4   | 2030-01-15T17:30:00Z | 0          | 905        |
    Then offsetting transaction "O1" is APPROVED
    And the settlement of offsetting transaction "O1" is:
      | period start         | first leg kWh | second leg kWh | offset kWh | unoffset kWh |
      | 2030-01-15T16:00:00Z | 50            | 0              | 0          | 0            |
      | 2030-01-15T16:30:00Z | 48            | 50             | 48         | 2            |
      | 2030-01-15T17:00:00Z | 45            | 40             | 40         | 0            |
      | 2030-01-15T17:30:00Z | 0             | 5              | 0          | 5            |
    And the buyer of offsetting transaction "O1" pays the seller 4.01 GBP for 88 kWh of offset energy

  # Potential conflict: the fail-safe scheme is approved at the outset and verified at regular
  # intervals; once its verification lapses, no new transaction is taken until the DNO verifies it again.
  @UC6-S07 @BMR-46 @BMR-45
  Scenario Outline: A lapsed fail-safe verification blocks new offsetting transactions (<at>)
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    And the DNO approves offsetting scheme "A"
    And the clock moves to "<at>"
    And the Directly-Connected Generation tries to propose an offsetting transaction:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-22T16:00:00Z | 2030-01-22T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    Then the NMF answers <outcome>
    And offsetting scheme "A" is <status> until "2030-01-22T08:00:00Z"

    Examples:
      | at                   | outcome                   | status   |
      | 2030-01-22T07:59:59Z | with status 201           | APPROVED |
      | 2030-01-22T08:00:00Z | with a refusal 409 BMR-46 | LAPSED   |

  @UC6-S08 @BMR-46
  Scenario: The DNO's new verification of a lapsed fail-safe scheme lets transactions be proposed again
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    And the DNO approves offsetting scheme "A"
    And the clock moves to "2030-01-22T09:00:00Z"
    And the DNO verifies offsetting scheme "A" again
    Then offsetting scheme "A" is APPROVED until "2030-01-29T09:00:00Z"
    When the buyers propose these offsetting transactions:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-22T16:00:00Z | 2030-01-22T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    Then offsetting transaction "O1" is PROPOSED

  # Potential conflict: timing of the outline approval; no transaction before the DNO approved the pair.
  @UC6-S09 @BMR-45
  Scenario: An offsetting transaction proposed before the DNO decides on its pair is refused
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    Then offsetting scheme "A" is PENDING_DNO until nothing
    When the Directly-Connected Generation tries to propose an offsetting transaction:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    Then the NMF refuses it with 409 citing BMR-45

  @UC6-S10 @BMR-45 @BMR-46
  Scenario Outline: An offsetting transaction is taken only once the DNO approved its pair in outline (<decision>)
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    And the DNO <decision> offsetting scheme "A"
    And the Directly-Connected Generation tries to propose an offsetting transaction:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    Then the NMF answers <outcome>
    And offsetting scheme "A" is <status> until <until>

    Examples:
      | decision | outcome                   | status   | until                  |
      | rejects  | with a refusal 409 BMR-45 | REJECTED | nothing                |

    # The verification runs from the instant the market clock reads: this row needs the test clock.
    @test_clock
    Examples:
      | decision | outcome                   | status   | until                  |
      | approves | with status 201           | APPROVED | "2030-01-22T08:00:00Z" |

  # Potential conflict: timing of each transaction's approval, strictly before its deadline.
  # Potential conflict: a transaction is conditional until the DNO approves it, so the supplier, BRP
  # and trader hear of it while it is conditional and again once decided; only an approved one may start.
  @UC6-S11 @BMR-48 @BMR-49 @BMR-51
  Scenario Outline: An offsetting transaction is conditional until the DNO approves it before its deadline (<case>)
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    And the DNO approves offsetting scheme "A"
    And the buyers propose these offsetting transactions:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    And the seller agrees to offsetting transaction "O1"
    Then offsetting transaction "O1" is PENDING_DNO
    When the clock moves to "<at>"
    And the DNO tries to decide <decision> on offsetting transaction "O1"
    Then the NMF answers <outcome>
    And offsetting transaction "O1" is <status>
    When the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    Then the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z", second from <from> to "2030-01-15T17:30:00Z"
    And everyone told of offsetting transaction "O1" is told: <events>

    Examples:
      | case                                  | at                   | decision | outcome                   | status   | from                   | events                                     |
      | approved a second before the deadline | 2030-01-15T13:59:59Z | APPROVED | with status 200           | APPROVED | "2030-01-15T16:30:00Z" | CONDITIONAL, APPROVED, SECOND_LEG_RELEASED |
      | rejected a second before the deadline | 2030-01-15T13:59:59Z | REJECTED | with status 200           | REJECTED | nothing                | CONDITIONAL, REJECTED                      |
      | approved at the deadline              | 2030-01-15T14:00:00Z | APPROVED | with a refusal 409 BMR-48 | LAPSED   | nothing                | CONDITIONAL                                |

  # Potential conflict: offsetting could be stacked with other services on the same sites.
  # Departure from the report: the NMF cannot see services sold elsewhere; our rules stop what it can see:
  # a site on a leg of two overlapping offsetting transactions, and a first leg beyond the seller's capacity.
  @UC6-S12 @BMR-47 @BMR-01 @BMR-48
  Scenario Outline: A site is on a leg of one offsetting transaction at a time, within its own capacity (<case>)
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    When the Directly-Connected Generation tries to propose an offsetting transaction:
      | transaction | scheme | start   | end   | kW   | first baseline kW | second baseline kW | price GBP/MWh |
      | O2          | O1     | <start> | <end> | <kW> | 20                | 90                 | 45.00         |
    Then the NMF answers <outcome>

    Examples:
      | case                                  | start                | end                  | kW      | outcome                   |
      | overlapping the first window          | 2030-01-15T17:00:00Z | 2030-01-15T18:30:00Z | 100     | with a refusal 409 BMR-47 |
      | after the first window                | 2030-01-15T17:30:00Z | 2030-01-15T19:00:00Z | 100     | with status 201           |
      | up to the seller's MIC at 0.95        | 2030-01-15T17:30:00Z | 2030-01-15T19:00:00Z | 170     | with status 201           |
      | above the seller's MIC at 0.95        | 2030-01-15T17:30:00Z | 2030-01-15T19:00:00Z | 170.001 | with a refusal 422 BMR-47 |
      | ending where the first window starts  | 2030-01-15T14:30:00Z | 2030-01-15T16:00:00Z | 100     | with status 201           |
      | ending where it starts                | 2030-01-15T17:30:00Z | 2030-01-15T17:30:00Z | 100     | with a refusal 422 BMR-01 |

    # The decision deadline falls at the instant the market clock reads: this row needs the test clock.
    @test_clock
    Examples:
      | case                                  | start                | end                  | kW      | outcome                   |
      | starting two hours after now          | 2030-01-15T10:00:00Z | 2030-01-15T11:30:00Z | 100     | with a refusal 409 BMR-48 |

  # Part of the same process: a transaction is agreed by its seller alone, and a pair the DNO rejected
  # takes no further decision and no approved transaction; both its owners are told, nobody else reads it.
  @UC6-S15 @BMR-46 @BMR-47 @BMR-45 @BMR-51
  Scenario: Only the seller agrees to an offsetting transaction, and a rejected pair stays rejected
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
    And the DNO approves offsetting scheme "A"
    And the buyers propose these offsetting transactions:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    And the Directly-Connected Generation tries to agree to offsetting transaction "O1"
    Then the NMF refuses it with 403 citing BMR-47
    And offsetting transaction "O1" is PROPOSED
    When the seller agrees to offsetting transaction "O1"
    Then offsetting transaction "O1" is PENDING_DNO
    When the DNO rejects offsetting scheme "A"
    And the DNO tries to approve offsetting scheme "A"
    Then the NMF refuses it with 409 citing BMR-46
    And the seller of offsetting scheme "A" is told: SCHEME_REGISTERED, SCHEME_APPROVED, SCHEME_REJECTED
    And the buyer of offsetting scheme "A" is told: SCHEME_APPROVED, SCHEME_REJECTED
    When the DNO tries to decide APPROVED on offsetting transaction "O1"
    Then the NMF refuses it with 409 citing BMR-45
    And offsetting transaction "O1" is PENDING_DNO
    And the Consumer (Domestic) cannot read offsetting scheme "A"
    And the DNO cannot read an offsetting scheme the NMF never issued

  # Potential conflict: the service needs a process of its own; each step is taken only from the actor
  # whose step it is, for two sites of one zone, over enough periods for the legs to take turns.
  @UC6-S13 @BMR-45 @BMR-47 @BMR-49 @BMR-02
  Scenario Outline: Offsetting follows its own process, step by step, from the right actor (<case>)
    When the <actor> tries to register an offsetting scheme with buyer site <buyer site> and seller site <seller site>
    Then the NMF answers <outcome>

    Examples:
      | case                         | actor                         | buyer site    | seller site | outcome                   |
      | someone else's site          | Directly-Connected Storage    | S4            | S3          | with a refusal 403 BMR-45 |
      | seller in another zone       | Directly-Connected Generation | S4            | S6          | with a refusal 422 BMR-45 |
      | unregistered buyer MPAN      | Directly-Connected Generation | 2000000000015 | S3          | with a refusal 422 BMR-02 |
      | the buyer's own pair         | Directly-Connected Generation | S4            | S3          | with status 201           |

  @UC6-S14 @BMR-47 @BMR-49
  Scenario Outline: Only the scheme's buyer proposes, over at least three periods (<case>)
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
    When the <actor> tries to propose an offsetting transaction:
      | transaction | scheme | start                | end   | kW   | first baseline kW | second baseline kW | price GBP/MWh |
      | O2          | O1     | 2030-01-15T18:00:00Z | <end> | <kW> | 20                | 90                 | 45.00         |
    Then the NMF answers <outcome>

    Examples:
      | case                      | actor                         | end                  | kW  | outcome                   |
      | the seller proposes       | Community Energy Scheme       | 2030-01-15T19:30:00Z | 100 | with a refusal 403 BMR-47 |
      | two periods only          | Directly-Connected Generation | 2030-01-15T19:00:00Z | 100 | with a refusal 422 BMR-49 |
      | nothing to offset         | Directly-Connected Generation | 2030-01-15T19:30:00Z | 0   | with a refusal 422 BMR-47 |
      | three periods             | Directly-Connected Generation | 2030-01-15T19:30:00Z | 100 | with status 201           |

  # BMR-45 to BMR-48, BMR-52: each step from its own party, once. Two sites of one owner make no pair; the
  # first leg stays within the seller's MIC when demand moves first; only the zone's DNO decides on a
  # scheme or a transaction, only on an agreed transaction, and unwinds only an approved one, once; the
  # seller agrees once, before the deadline; only an approved transaction is settled, once its window ended.
  @UC6-S16 @BMR-45 @BMR-46 @BMR-47 @BMR-48 @BMR-52
  Scenario: Each step of offsetting is taken once by its own party, and only the zone's DNO decides and unwinds
    Given a DNO "Neighbouring DNO" is registered
    And these sites are registered in zone "Z1" behind critical asset "T1":
      | site | owner                         | aggregator | MIC kVA | MEC kVA |
      | S7   | Directly-Connected Generation |            | 100     | 100     |
    When the Directly-Connected Generation tries to register an offsetting scheme with buyer site S4 and seller site S7
    Then the NMF refuses it with 422 citing BMR-45
    When the buyers register these offsetting schemes:
      | scheme | direction    | buyer                         | buyer site | seller site |
      | A      | DEMAND_FIRST | Directly-Connected Generation | S4         | S3          |
      | B      | DEMAND_FIRST | Consumer (Non-Domestic)       | S2         | S4          |
    And the Neighbouring DNO tries to approve offsetting scheme "A"
    Then the NMF refuses it with 403 citing BMR-46
    When the DNO approves offsetting scheme "A"
    And the DNO approves offsetting scheme "B"
    And the Consumer (Non-Domestic) tries to propose an offsetting transaction:
      | transaction | scheme | start                | end                  | kW     | first baseline kW | second baseline kW | price GBP/MWh |
      | O3          | B      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 75.001 | 20                | 90                 | 45.00         |
    Then the NMF refuses it with 422 citing BMR-47
    When the buyers propose these offsetting transactions:
      | transaction | scheme | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | O1          | A      | 2030-01-15T16:00:00Z | 2030-01-15T17:30:00Z | 100 | 20                | 90                 | 45.00         |
      | O2          | A      | 2030-01-15T18:00:00Z | 2030-01-15T19:30:00Z | 100 | 20                | 90                 | 45.00         |
    And the DNO tries to decide APPROVED on offsetting transaction "O1"
    Then the NMF refuses it with 409 citing BMR-48
    When the seller agrees to offsetting transaction "O1"
    And the Community Energy Scheme tries to agree to offsetting transaction "O1"
    Then the NMF refuses it with 409 citing BMR-47
    When the Neighbouring DNO tries to decide APPROVED on offsetting transaction "O1"
    Then the NMF refuses it with 403 citing BMR-48
    When the DNO tries to unwind offsetting transaction "O1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 409 citing BMR-48
    When the DNO approves offsetting transaction "O1" with the condition "Half-hourly readings of both sites reach the DNO"
    And the Neighbouring DNO tries to unwind offsetting transaction "O1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 403 citing BMR-48
    When the DNO tries to unwind offsetting transaction "O1" from "2030-01-15T16:30:00Z" giving a reason of white space only
    Then the NMF refuses it with 422
    When the DNO unwinds offsetting transaction "O1" from "2030-01-15T17:00:00Z"
    And the DNO tries to unwind offsetting transaction "O1" from "2030-01-15T16:30:00Z"
    Then the NMF refuses it with 409 citing BMR-48
    When the DNO asks for the settlement of offsetting transaction "O1"
    Then the NMF refuses it with 409 citing BMR-52
    When the clock moves to "2030-01-15T16:00:00Z"
    And the Community Energy Scheme tries to agree to offsetting transaction "O2"
    Then the NMF refuses it with 409 citing BMR-48
    And offsetting transaction "O2" is LAPSED
    When the clock moves to "2030-01-15T19:30:00Z"
    And the DNO asks for the settlement of offsetting transaction "O2"
    Then the NMF refuses it with 409 citing BMR-52

  @UC6-S17 @BMR-46 @BMR-47
  Scenario Outline: A message naming an offsetting scheme or transaction the NMF never issued is answered 404 (<message>)
    When a <message> names an id the NMF never issued
    Then the NMF refuses it with 404

    Examples:
      | message                  |
      | OffsettingSchemeDecision |
      | OffsettingAgreement      |

  # BMR-49: only a reading of a window period can release the second leg, and every reading of a submission
  # counts in turn; once released, a reading of a period before the second leg's start trips nothing.
  @UC6-S18 @BMR-49 @BMR-50 @BMR-18
  Scenario: Only the window's readings release the second leg, each reading of a submission in turn
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T19:00:00Z | 100 | 20                | 90                 | 45.00         |
    When the clock moves to "2030-01-15T17:00:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T15:30:00Z | 57.5       | 0          |
      | S3   | 2030-01-15T16:00:00Z | 50         | 0          |
      | S3   | 2030-01-15T16:30:00Z | 50         | 0          |
    Then the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T19:00:00Z", second from nothing to "2030-01-15T18:30:00Z"
    When the clock moves to "2030-01-15T17:30:01Z"
    And the Data Communications Company reads 57.5 kWh on the first leg of "O1" in "2030-01-15T17:00:00Z"
    And the clock moves to "2030-01-15T18:30:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T17:30:00Z | 50         | 0          |
      | S3   | 2030-01-15T18:00:00Z | 57.5       | 0          |
    Then offsetting transaction "O1" is APPROVED
    And the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T19:00:00Z", second from "2030-01-15T18:00:00Z" to "2030-01-15T18:30:00Z"
    And everyone told of offsetting transaction "O1" is told: CONDITIONAL, APPROVED, SECOND_LEG_RELEASED

  # BMR-48: unwound from the very period its second leg was to be released from, the second leg never rises.
  @UC6-S19 @BMR-48 @BMR-49 @BMR-51
  Scenario: An unwinding from the period the second leg is released from leaves the second leg held
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T18:00:00Z | 100 | 20                | 90                 | 45.00         |
    When the clock moves to "2030-01-15T16:30:01Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    And the DNO unwinds offsetting transaction "O1" from "2030-01-15T17:00:00Z"
    Then the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T17:30:00Z", second from nothing to "2030-01-15T17:00:00Z"
    And everyone told of offsetting transaction "O1" is told: CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, UNWOUND

  # BMR-50 with BMR-18: a correction is judged on its value when it arrives. An on-time period does not
  # become silent because its reading was sent again later; a corrected shortfall trips the fail-safe
  # then, and the readings after it in the same submission change nothing.
  @UC6-S20 @BMR-50 @BMR-18
  Scenario: A corrected reading is judged on its value when it arrives, never as late data
    Given offsetting transaction "O1" is approved:
      | direction    | buyer site | seller site | start                | end                  | kW  | first baseline kW | second baseline kW | price GBP/MWh |
      | DEMAND_FIRST | S4         | S3          | 2030-01-15T16:00:00Z | 2030-01-15T19:00:00Z | 100 | 20                | 90                 | 45.00         |
    And the clock moves to "2030-01-15T16:30:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:00:00Z"
    And the clock moves to "2030-01-15T17:05:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:30:00Z"
    When the clock moves to "2030-01-15T17:20:00Z"
    And the Data Communications Company reads 60 kWh on the first leg of "O1" in "2030-01-15T16:30:00Z"
    Then offsetting transaction "O1" is APPROVED
    When the clock moves to "2030-01-15T17:35:00Z"
    And the Data Communications Company submits these readings:
      | site | period start         | import kWh | export kWh |
      | S3   | 2030-01-15T16:30:00Z | 54.999     | 0          |
      | S3   | 2030-01-15T17:00:00Z | 60         | 0          |
    Then offsetting transaction "O1" is FAILSAFE_TRIPPED
    And the legs of offsetting transaction "O1" are: first from "2030-01-15T16:00:00Z" to "2030-01-15T18:00:00Z", second from "2030-01-15T16:30:00Z" to "2030-01-15T17:35:00Z"
    And everyone told of offsetting transaction "O1" is told: CONDITIONAL, APPROVED, SECOND_LEG_RELEASED, FAILSAFE_TRIPPED
