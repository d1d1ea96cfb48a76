"""Steps about the NMF's answer to the last attempt: accepted, or refused with a status and a rule."""

from pytest_bdd import parsers, then

from conformance.exchange import Exchange
from conformance.refusals import check_refusal, check_status


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
    check_status(answer, status)
