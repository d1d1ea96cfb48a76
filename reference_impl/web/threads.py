"""The thread (correlationId) of messages whose payload names it only indirectly (docs/api.md).

Each resolver answers None when the payload's referent is unknown: the service then answers 404.
"""

from typing import Any

from reference_impl import repository
from reference_impl.db import Conn


def offer_requirement(conn: Conn, payload: dict[str, Any]) -> str | None:
    """OfferAcceptance: the requirement of the accepted offer."""
    found = repository.offer(conn, payload["offerId"])
    return None if found is None else found.requirement_id


def dispatch_transaction(conn: Conn, payload: dict[str, Any]) -> str | None:
    """DispatchOverrule: the transaction of the overruled dispatch."""
    found = repository.dispatch(conn, payload["dispatchId"])
    return None if found is None else found.transaction_id
