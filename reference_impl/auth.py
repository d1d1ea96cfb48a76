"""Bearer credentials: the administration token and the actors' tokens (stored only as hashes)."""

import hashlib
import hmac
import secrets

from starlette.requests import Request

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import Actor
from reference_impl.problems import unauthorized


def new_token() -> str:
    """A fresh actor token, shown to the administrator once."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_admin(request: Request, admin_token: str) -> None:
    """401 unless the request carries the administration token."""
    token = bearer_token(request)
    if token is None or not hmac.compare_digest(token.encode(), admin_token.encode()):
        raise unauthorized("the administration token is required")


def require_actor(request: Request, conn: Conn) -> Actor:
    """The actor whose token the request carries; 401 otherwise."""
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    found = repository.actor_by_token_hash(conn, hash_token(token))
    if found is None:
        raise unauthorized()
    return found
