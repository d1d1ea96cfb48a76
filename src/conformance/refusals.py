"""What a refusal must say: its status and, for a refusal under a rule, the rule in the problem's `rule`.

The statuses and rules are those of the refusal table in docs/api.md ("Refusals").
"""

from typing import Any, Final

from conformance.checks import expect_equal
from conformance.exchange import Exchange, describe_problem
from conformance.failures import ConformanceFailure

# A read of a transaction, its verification or settlement by anyone but its buyer and seller.
NOT_VISIBLE_RULE: Final = "BMR-15"


def named_rule(body: Any) -> str | None:
    """The `rule` member of a problem document, or None when there is none."""
    rule = body.get("rule") if isinstance(body, dict) else None
    return rule if isinstance(rule, str) else None


def check_status(answer: Exchange, status: int, rule: str | None = None) -> None:
    """The NMF answered the attempt with this status; a failure quotes its problem document."""
    expect_equal(
        answer.status,
        status,
        rule=rule,
        message=answer.endpoint,
        field="",
        detail=f"the NMF's answer: {describe_problem(answer.response_body)}",
    )


def check_refusal(answer: Exchange, status: int, rule: str | None) -> None:
    """The attempt was refused with this status and a problem naming exactly `rule`, or no rule when it is None.

    A refusal-table row with no rule (`—`) is a refusal under no rule, and its problem names none.
    """
    check_status(answer, status, rule)
    if rule is not None:
        check_rule_named(answer, rule)
        return
    expect_equal(
        named_rule(answer.response_body),
        None,
        rule=None,
        message=f"{answer.endpoint} problem",
        field="/rule",
        detail="a refusal the refusal table lists under no rule names none",
    )


def check_rule_named(answer: Exchange, rule: str) -> None:
    """The problem document's `rule` is `rule`; a missing `rule` fails like a wrong one."""
    named = named_rule(answer.response_body)
    if named is None:
        raise ConformanceFailure(
            rule=rule,
            message=f"{answer.endpoint} problem",
            field="/rule",
            detail=f"a {answer.status} refusal under a rule must name it in `rule`; the problem names no rule",
            expected=rule,
            actual=None,
        )
    expect_equal(
        named,
        rule,
        rule=rule,
        message=f"{answer.endpoint} problem",
        field="/rule",
        detail="the rule the NMF gives for the refusal",
    )


def check_not_visible(answer: Exchange, *, reader: str) -> None:
    """A read by someone who may not see the thing: 404 as if unknown, or 403 citing BMR-15; both conform."""
    if answer.status == 404:
        return
    if answer.status == 403:
        check_rule_named(answer, NOT_VISIBLE_RULE)
        return
    raise ConformanceFailure(
        rule=NOT_VISIBLE_RULE,
        message=answer.endpoint,
        field="",
        detail=f"the {reader} read what only the buyer and the seller may read; "
        f"the NMF's answer: {describe_problem(answer.response_body)}",
        expected="404, or 403 citing BMR-15",
        actual=answer.status,
    )
