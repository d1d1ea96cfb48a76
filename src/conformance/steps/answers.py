"""Steps about the NMF's answer to the last attempt: accepted, or refused with a status and a rule."""

from pytest_bdd import parsers, then

from conformance.checks import expect_equal
from conformance.exchange import Exchange, describe_problem


def check_refusal(answer: Exchange, status: int, rule: str | None) -> None:
    """The attempt was refused with this status and, when the NMF names a rule, with this rule."""
    expect_equal(
        answer.status,
        status,
        rule=rule,
        message=answer.endpoint,
        field="",
        detail=f"the NMF's answer: {describe_problem(answer.response_body)}",
    )
    named = answer.response_body.get("rule") if isinstance(answer.response_body, dict) else None
    if rule is not None and named is not None:
        expect_equal(
            named,
            rule,
            rule=rule,
            message=f"{answer.endpoint} problem",
            field="/rule",
            detail="the rule the NMF gives for the refusal",
        )


@then(parsers.parse("the NMF refuses it with {status:d} citing {rule}"))
def _(answer: Exchange, status: int, rule: str) -> None:
    check_refusal(answer, status, rule)


@then(parsers.parse("the NMF refuses it with {status:d}"))
def _(answer: Exchange, status: int) -> None:
    check_refusal(answer, status, None)


@then(parsers.parse("the NMF answers with a refusal {status:d} {rule}"))
def _(answer: Exchange, status: int, rule: str) -> None:
    check_refusal(answer, status, rule)


@then(parsers.parse("the NMF answers with status {status:d}"))
def _(answer: Exchange, status: int) -> None:
    expect_equal(
        answer.status,
        status,
        rule=None,
        message=answer.endpoint,
        field="",
        detail=f"the NMF's answer: {describe_problem(answer.response_body)}",
    )
