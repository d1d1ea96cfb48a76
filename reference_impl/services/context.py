"""What a service needs to act for one request: the store, the actor, its clock and its now."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reference_impl.clock import clock_key, now_for
from reference_impl.db import Conn
from reference_impl.entities import Actor, Transaction, Zone
from reference_impl.services import outbox, stor


@dataclass
class Context:
    """The acting actor, its clock and the open database transaction."""

    conn: Conn
    actor: Actor
    clock: str
    now: datetime
    notices: list[outbox.Notice] = field(default_factory=list)

    @classmethod
    def for_actor(cls, conn: Conn, actor: Actor) -> "Context":
        """A context whose now is the actor's now."""
        return cls(conn=conn, actor=actor, clock=clock_key(actor), now=now_for(conn, actor))

    def notify(
        self, recipients: Iterable[str], message_type: str, correlation_id: str, payload: dict[str, Any]
    ) -> None:
        """Send one notice to each recipient (duplicates collapsed, order kept), stamped with now.

        Notices are queued by `send_notices` once the service has decided (see `outbox`).
        """
        for recipient in dict.fromkeys(recipients):
            self.notices.append(
                outbox.envelope(
                    recipient_id=recipient,
                    message_type=message_type,
                    correlation_id=correlation_id,
                    payload=payload,
                    created_at=self.now,
                )
            )

    def send_notices(self) -> None:
        """Queue every notice of this request, in the order the service sent them."""
        outbox.post(self.conn, self.notices)
        self.notices.clear()

    def notify_visibility(
        self, zone: Zone, tx: Transaction, event: str, capacity_kw: str, span: tuple[str, str]
    ) -> None:
        """BMR-14, BMR-24: the zone's DNO and its system operator that is not the buyer see every event."""
        payload = {
            "event": event,
            "transactionId": tx.id,
            "zoneId": tx.zone_id,
            "service": tx.service,
            "sellerId": tx.seller_id,
            "capacityKw": capacity_kw,
            "start": span[0],
            "end": span[1],
        }
        self.notify([stor.other_operator(zone, tx), zone.dno_id], "VisibilityNotice", tx.id, payload)
