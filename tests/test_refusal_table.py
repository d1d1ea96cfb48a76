"""The refusal table of docs/api.md lists every refusal the features expect and the reference NMF makes."""

import ast
import re
from dataclasses import dataclass
from typing import Final

import pytest

from tests.feature_files import ROOT, all_scenarios

API = ROOT / "docs" / "api.md"
SERVICES = ROOT / "reference_impl"
EVERY_MARKET_MESSAGE: Final = "every market message"
MARKET_ENDPOINTS: Final = frozenset(
    {
        "POST /requirements",
        "POST /portfolio-actions",
        "POST /offers",
        "POST /acceptances",
        "POST /arming-instructions",
        "POST /dispatches",
        "POST /overrules",
        "POST /unavailability-notices",
        "POST /capacity-trades",
        "POST /capacity-trade-agreements",
        "POST /capacity-trade-decisions",
        "POST /capacity-trade-revocations",
        "POST /offsetting-schemes",
        "POST /offsetting-scheme-decisions",
        "POST /offsetting-transactions",
        "POST /offsetting-agreements",
        "POST /offsetting-decisions",
        "POST /offsetting-revocations",
        "POST /meter-readings",
        "POST /unwinds",
    }
)

# The steps that make an attempt the next step judges, and the endpoint each attempt goes to.
ATTEMPTS: Final = {
    r"the .+ tries to post a \w+ requirement:": "POST /requirements",
    r"a site is registered in zone .* with MPAN .*": "POST /admin/sites",
    r"the administrator tries to register a zone .*": "POST /admin/zones",
    r"the administrator tries to register a site .*": "POST /admin/sites",
    r"the administrator tries to register an? .+ on a test clock .*": "POST /admin/actors",
    r"the administrator tries to move .*": "POST /admin/test-clocks/{id}/advance",
    r"the .+ tries to offer against requirement .*": "POST /offers",
    r"the .+ tries to accept the offer of the .*": "POST /acceptances",
    r"the .+ tries to arm (its|the .+) transaction on .*": "POST /arming-instructions",
    r"a request to arm the .+ carries no valid credential": "POST /arming-instructions",
    r"the .+ tries to dispatch .*": "POST /dispatches",
    r"the DSO (sends the same dispatch message again|reuses that message id for .*)": "POST /dispatches",
    r"the .+ tries to overrule the dispatch of .*": "POST /overrules",
    r"the .+ tries to limit the dispatch of .*": "POST /overrules",
    r"the .+ tries to submit (a reading|these readings) for .*": "POST /meter-readings",
    r"the .+ tries to unwind the .*": "POST /unwinds",
    r"the .+ tries to report unavailability on .*": "POST /unavailability-notices",
    r"an? FlexibilityRequirement names an id the NMF never issued": "POST /requirements",
    r"an? FlexibilityOffer names an id the NMF never issued": "POST /offers",
    r"an? OfferAcceptance names an id the NMF never issued": "POST /acceptances",
    r"an? ArmingInstruction names an id the NMF never issued": "POST /arming-instructions",
    r"an? DispatchInstruction names an id the NMF never issued": "POST /dispatches",
    r"an? UnwindRequest names an id the NMF never issued": "POST /unwinds",
    r"an? DispatchOverrule names an id the NMF never issued": "POST /overrules",
    r"the .+ tries to propose a capacity trade:": "POST /capacity-trades",
    r"the .+ tries to agree to capacity trade .*": "POST /capacity-trade-agreements",
    r"the .+ tries to decide .* on capacity trade .*": "POST /capacity-trade-decisions",
    r"the .+ tries to revoke capacity trade .*": "POST /capacity-trade-revocations",
    r"an? CapacityTradeAgreement names an id the NMF never issued": "POST /capacity-trade-agreements",
    r"the .+ tries to read the capacity of site .*": "GET /sites/{mpan}/capacity",
    r"the .+ tries to report a demand (reduction|increase) .*": "POST /portfolio-actions",
    r"the Energy Trader asks for the payments of portfolio action .*": "GET /portfolio-actions/{id}/payments",
    r"an? UnavailabilityNotice on the .+ gives a reason of white space only": "POST /unavailability-notices",
    r"an? UnwindRequest on the .+ gives a reason of white space only": "POST /unwinds",
    r"an? DispatchOverrule on the .+ gives a reason of white space only": "POST /overrules",
    r"an? FlexibilityRequirement on the .+ carries the wrong correlationId": "POST /requirements",
    r"an? FlexibilityOffer on the .+ carries the wrong correlationId": "POST /offers",
    r"an? OfferAcceptance on the .+ carries the wrong correlationId": "POST /acceptances",
    r"an? ArmingInstruction on the .+ carries the wrong correlationId": "POST /arming-instructions",
    r"an? DispatchInstruction on the .+ carries the wrong correlationId": "POST /dispatches",
    r"an? UnavailabilityNotice on the .+ carries the wrong correlationId": "POST /unavailability-notices",
    r"an? UnwindRequest on the .+ carries the wrong correlationId": "POST /unwinds",
    r"an? DispatchOverrule on the .+ carries the wrong correlationId": "POST /overrules",
    r"an? MeterReadings on the .+ carries the wrong correlationId": "POST /meter-readings",
    r"the .+ tries to register an offsetting scheme .*": "POST /offsetting-schemes",
    r"the .+ tries to propose an offsetting transaction:": "POST /offsetting-transactions",
    r"the .+ tries to agree to offsetting transaction .*": "POST /offsetting-agreements",
    r"the .+ tries to (approve|reject) offsetting scheme .*": "POST /offsetting-scheme-decisions",
    r"the .+ tries to decide .* on offsetting transaction .*": "POST /offsetting-decisions",
    r"the .+ tries to unwind offsetting transaction .*": "POST /offsetting-revocations",
    r"the .+ asks for the settlement of offsetting transaction .*": "GET /offsetting-transactions/{id}/settlement",
    r"an? OffsettingSchemeDecision names an id the NMF never issued": "POST /offsetting-scheme-decisions",
    r"an? OffsettingAgreement names an id the NMF never issued": "POST /offsetting-agreements",
}
REFUSALS: Final = (
    re.compile(r"the NMF refuses it with (?P<status>\d{3}) citing (?P<rule>BMR-\d{2})"),
    re.compile(r"the NMF refuses it with (?P<status>\d{3})"),
    re.compile(r"the NMF answers with a refusal (?P<status>\d{3}) (?P<rule>BMR-\d{2})"),
)

# Which endpoints each module of the reference answers, for the refusals it raises.
MODULE_ENDPOINTS: Final = {
    "services/requirements.py": {"POST /requirements"},
    "services/offers.py": {"POST /offers"},
    "services/transactions.py": {"POST /acceptances", "POST /arming-instructions", "POST /unwinds"},
    "services/dispatches.py": {"POST /dispatches", "POST /overrules"},
    "services/unavailability.py": {"POST /unavailability-notices"},
    "services/metering.py": {"POST /meter-readings"},
    "services/verification.py": {"GET /transactions/{id}/settlement"},
    "services/admin.py": {"POST /admin/sites"},
    "services/capacity_trades.py": {
        "POST /capacity-trades",
        "POST /capacity-trade-agreements",
        "POST /capacity-trade-decisions",
        "POST /capacity-trade-revocations",
        "GET /sites/{mpan}/capacity",
    },
    "services/portfolio.py": {"POST /portfolio-actions"},
    "services/baselines.py": {"POST /offers", "POST /portfolio-actions"},
    "services/portfolio_payments.py": {"GET /portfolio-actions/{id}/payments"},
    "services/dno_approval.py": {
        "POST /capacity-trade-decisions",
        "POST /offsetting-scheme-decisions",
        "POST /offsetting-decisions",
    },
    "services/lookup.py": {"POST /capacity-trades", "POST /offsetting-schemes"},
    "services/offsetting_schemes.py": {"POST /offsetting-schemes", "POST /offsetting-scheme-decisions"},
    "services/offsetting.py": {
        "POST /offsetting-transactions",
        "POST /offsetting-agreements",
        "POST /offsetting-decisions",
        "POST /offsetting-revocations",
    },
    "services/offsetting_settlement.py": {"GET /offsetting-transactions/{id}/settlement"},
}
# Problem factories of reference_impl/problems.py, their status and the rule they give when none is passed.
FACTORIES: Final = {"invalid": (422, None), "conflict": (409, None), "forbidden": (403, "BMR-04")}
# Parsers that refuse with 422 under a rule passed as their last positional argument, by that argument count.
PARSERS: Final = {"instant": 4, "parse_instant": 3}


@dataclass(frozen=True)
class Row:
    endpoints: frozenset[str]
    condition: str
    status: int
    rule: str | None


def refusal_table() -> list[Row]:
    """The rows of the table under '## Refusals' in docs/api.md."""
    section = API.read_text(encoding="utf-8").split("\n## Refusals\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    assert lines[0] == "| endpoint | condition | status | rule |", lines[0]
    rows = []
    for line in lines[1:]:
        endpoint, condition, status, rule = (cell.strip() for cell in line.strip("|").split(" | "))
        endpoints = MARKET_ENDPOINTS if endpoint == EVERY_MARKET_MESSAGE else _endpoints(endpoint)
        rows.append(Row(frozenset(endpoints), condition, int(status), None if rule == "—" else rule))
    return rows


def _endpoints(cell: str) -> set[str]:
    named = set(re.findall(r"`([A-Z]+ /[^`]*)`", cell))
    assert named, f"a refusal row names no endpoint: {cell!r}"
    return named


def listed(endpoints: set[str], status: int, rule: str | None) -> bool:
    """Whether some row for one of these endpoints has this status and rule."""
    return any(row.endpoints & endpoints and (row.status, row.rule) == (status, rule) for row in refusal_table())


@dataclass(frozen=True)
class ExpectedRefusal:
    where: str
    endpoint: str
    status: int
    rule: str | None


def _refusal(step: str) -> tuple[int, str | None] | None:
    for pattern in REFUSALS:
        if match := pattern.fullmatch(step):
            return int(match["status"]), match.groupdict().get("rule")
    return None


def _attempted(step: str) -> str | None:
    return next((endpoint for pattern, endpoint in ATTEMPTS.items() if re.fullmatch(pattern, step)), None)


def feature_refusals() -> list[ExpectedRefusal]:
    """Every refusal a scenario expects, with the endpoint of the attempt just before it."""
    found = []
    for scenario in all_scenarios():
        for label, steps in scenario.runs():
            for previous, step in zip(["", *steps], steps, strict=False):
                if (refusal := _refusal(step)) is None:
                    continue
                endpoint = _attempted(previous)
                assert endpoint is not None, (
                    f"{scenario.feature.name}: {label}: the step before {step!r} is {previous!r}, "
                    "which tests/test_refusal_table.py ATTEMPTS does not map to an endpoint"
                )
                found.append(ExpectedRefusal(f"{scenario.feature.name}: {label}", endpoint, *refusal))
    return found


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def reference_refusals() -> list[tuple[str, int, str]]:
    """(module, status, rule) of every refusal the reference raises under a rule."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        module = path.relative_to(SERVICES).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            keywords = {k.arg: k.value for k in node.keywords}
            if name in FACTORIES:
                status, default = FACTORIES[name]
                rule = _literal(keywords.get("rule")) if "rule" in keywords else default
            elif name == "buyers_transaction" and len(node.args) == 3:  # 403 under the caller's rule
                status, rule = 403, _literal(node.args[2])
            elif name in PARSERS and len(node.args) == PARSERS[name]:  # 422 under the caller's rule
                status, rule = 422, _literal(node.args[-1])
            elif name == "positive_quantity":
                status, rule = 422, _literal(keywords.get("rule")) if "rule" in keywords else "BMR-03"
            else:
                continue
            if rule is not None:
                found.append((module, status, rule))
    return found


def test_the_table_parses_and_cites_only_rules_that_exist() -> None:
    rows = refusal_table()
    rules = set(re.findall(r"^### (BMR-\d{2}) ", (ROOT / "docs" / "rules.md").read_text("utf-8"), re.MULTILINE))
    assert len(rows) > 40
    assert sorted({row.rule for row in rows if row.rule} - rules) == []
    assert all(400 <= row.status < 500 for row in rows)


def test_every_401_and_403_row_names_a_rule() -> None:
    assert [row.condition for row in refusal_table() if row.status in (401, 403) and row.rule is None] == []


def test_the_features_expect_refusals() -> None:
    assert len(feature_refusals()) > 30


FEATURE_REFUSALS = sorted(set(feature_refusals()), key=str)


@pytest.mark.parametrize("refusal", FEATURE_REFUSALS, ids=lambda r: f"{r.where} {r.endpoint} {r.status} {r.rule}")
def test_every_refusal_in_the_features_has_a_row(refusal: ExpectedRefusal) -> None:
    assert listed({refusal.endpoint}, refusal.status, refusal.rule), (
        f"docs/api.md has no refusal row for {refusal.endpoint} → {refusal.status} {refusal.rule or '—'} "
        f"({refusal.where})"
    )


def test_the_reference_raises_refusals_under_rules() -> None:
    assert len(reference_refusals()) > 40


@pytest.mark.parametrize("refusal", sorted(set(reference_refusals())), ids=lambda r: " ".join(map(str, r)))
def test_every_refusal_of_the_reference_has_a_row(refusal: tuple[str, int, str]) -> None:
    module, status, rule = refusal
    endpoints = MODULE_ENDPOINTS.get(module, MARKET_ENDPOINTS | {e for row in refusal_table() for e in row.endpoints})
    assert listed(set(endpoints), status, rule), f"docs/api.md has no refusal row for {status} {rule} ({module})"


def test_a_refusal_without_a_row_is_caught() -> None:
    assert not listed({"POST /dispatches"}, 409, "BMR-18")
    assert not listed({"POST /admin/sites"}, 403, None)
    assert not listed({"POST /requirements"}, 403, "BMR-07")
