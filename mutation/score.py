"""Outcomes of mutants, the score, and the survivors file."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from mutation.equivalents import Equivalent
from mutation.operators import Mutant

__all__ = ["KILLED", "OUTCOMES", "Outcome", "Score", "load_outcomes", "score", "survivor_line", "write_results"]

KILLED = "killed"  # a selected scenario failed
TIMEOUT = "timeout"  # the suite did not finish within the mutant's deadline: counted as killed
SURVIVED = "survived"  # every scenario that runs the mutated code passed
UNCOVERED = "uncovered"  # no scenario runs the mutated code: a survivor that needed no run
ERROR = "error"  # the run itself broke (not a scenario failure): neither killed nor survived
OUTCOMES = (KILLED, TIMEOUT, SURVIVED, UNCOVERED, ERROR)


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    outcome: str
    scenarios: int  # how many scenarios were selected for it
    seconds: float
    failed_scenario: str | None = None


@dataclass(frozen=True)
class Score:
    counted: int  # every mutant run, less the documented equivalents that survived
    killed: int  # killed + timeout
    survivors: list[Outcome]
    errors: list[Outcome]
    equivalent: int
    wrong_equivalents: list[Outcome]  # listed as equivalent, yet killed
    by_outcome: Counter[str]

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.counted if self.counted else 100.0

    def summary(self) -> str:
        parts = ", ".join(f"{self.by_outcome[o]} {o}" for o in OUTCOMES if self.by_outcome[o])
        return (
            f"Mutation score: {self.killed}/{self.counted} killed ({self.percent:.1f} %); "
            f"{len(self.survivors)} survivors, {self.equivalent} documented equivalents not counted ({parts})"
        )


def score(outcomes: list[Outcome], equivalents: dict[str, Equivalent]) -> Score:
    by_outcome = Counter(o.outcome for o in outcomes)
    alive = [o for o in outcomes if o.outcome in (SURVIVED, UNCOVERED)]
    equivalent = [o for o in alive if o.mutant.key in equivalents]
    wrong = [o for o in outcomes if o.outcome in (KILLED, TIMEOUT) and o.mutant.key in equivalents]
    errors = [o for o in outcomes if o.outcome == ERROR]
    return Score(
        counted=len(outcomes) - len(equivalent),
        killed=by_outcome[KILLED] + by_outcome[TIMEOUT],
        survivors=sorted((o for o in alive if o.mutant.key not in equivalents), key=_where),
        errors=sorted(errors, key=_where),
        equivalent=len(equivalent),
        wrong_equivalents=sorted(wrong, key=_where),
        by_outcome=by_outcome,
    )


def survivor_line(outcome: Outcome) -> str:
    m = outcome.mutant
    why = "no scenario runs this line" if outcome.outcome == UNCOVERED else f"{outcome.scenarios} scenarios passed"
    return f"{m.path}:{m.line}: {m.operator}: {m.original} -> {m.mutated}  [{m.scope}; {why}]\n    key: {m.key}"


def write_results(directory: Path, outcomes: list[Outcome], result: Score, header: str) -> Path:
    """Write survivors.txt (one survivor per entry) and results.json (every mutant); return the former."""
    directory.mkdir(parents=True, exist_ok=True)
    survivors = directory / "survivors.txt"
    lines = [header, result.summary(), ""]
    lines += [survivor_line(o) for o in result.survivors]
    if result.errors:
        lines += ["", "Runs that broke (neither killed nor survived):"]
        lines += [survivor_line(o) for o in result.errors]
    survivors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = [{**asdict(o), "key": o.mutant.key} for o in sorted(outcomes, key=_where)]
    (directory / "results.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    return survivors


def load_outcomes(path: Path) -> list[Outcome]:
    """The outcomes of an earlier run, from its results.json."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        Outcome(
            mutant=Mutant(**r["mutant"]),
            outcome=r["outcome"],
            scenarios=r["scenarios"],
            seconds=r["seconds"],
            failed_scenario=r["failed_scenario"],
        )
        for r in records
    ]


def _where(outcome: Outcome) -> tuple[str, int, str]:
    return (outcome.mutant.path, outcome.mutant.line, outcome.mutant.key)
