"""Resources the NMF keeps under ids (capacity trades, offsetting schemes and transactions), as a scenario
names them: by their label, as the NMF last returned them."""

from typing import cast

from conformance.exchange import Exchange, expect_success
from conformance.world.market import Json, MarketWorld


def site_mpan(market: MarketWorld, cell: str) -> str:
    """The MPAN of a scenario's site, or the cell itself where a table gives an MPAN directly."""
    return market.site(cell).mpan if cell in market.sites else cell


def kept(store: dict[str, Json], label: str, what: str) -> Json:
    """A resource the NMF took, as it last returned it."""
    if label not in store:
        msg = f"{what} {label!r} was never taken by the NMF in this scenario"
        raise LookupError(msg)
    return store[label]


def create(
    market: MarketWorld,
    actor: str,
    message_type: str,
    payload: Json,
    store: dict[str, Json],
    label: str,
    *,
    validate: bool = True,
) -> Exchange:
    """Send a message that makes a resource; the resource is kept under `label` when the NMF takes it (201)."""
    exchange = market.nmf.send(market.actor(actor), message_type, payload, validate_request=validate)
    if exchange.status == 201:
        store[label] = cast("Json", exchange.response_body)
    return exchange


def act_on(
    market: MarketWorld, actor: str, message_type: str, kept_as: tuple[dict[str, Json], str, str, str], payload: Json
) -> Exchange:
    """Send a message about a kept resource, its id in the payload and as the correlationId; keep the answer (200).

    `kept_as` is (store, label, what the resource is called, the name of its id field).
    """
    store, label, what, id_field = kept_as
    resource_id = kept(store, label, what)[id_field]
    exchange = market.nmf.send(
        market.actor(actor), message_type, {id_field: resource_id, **payload}, correlation_id=resource_id
    )
    if exchange.status == 200:
        store[label] = cast("Json", exchange.response_body)
    return exchange


def reread(market: MarketWorld, store: dict[str, Json], label: str, path: str, schema: str, as_actor: str) -> Json:
    """Read a kept resource again as `as_actor` sees it now, and keep what the NMF answers."""
    store[label] = cast("Json", expect_success(market.nmf.get(market.actor(as_actor), path, schema), 200))
    return store[label]
