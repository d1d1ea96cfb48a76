"""Steps about the NMF's answer to the last attempt: accepted, or refused with a status and a rule."""

from pytest_bdd import parsers, then

from conformance.checks import expect_equal
from conformance.exchange import Exchange, describe_problem
from conformance.refusals import check_refusal


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
