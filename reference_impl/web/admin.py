"""Administration endpoints: plain JSON bodies under the administration token."""

from collections.abc import Callable
from typing import Any

import pydantic
from starlette.requests import Request
from starlette.responses import Response

from reference_impl.auth import require_admin
from reference_impl.db import Store
from reference_impl.json_text import JsonResponse
from reference_impl.services import fields
from reference_impl.web.bodies import parse_json, read_body, validate

AdminService = Callable[[Any, dict[str, Any]], dict[str, Any]]


async def handle(
    request: Request,
    db: Store,
    *,
    admin_token: str,
    model: type[pydantic.BaseModel],
    service: AdminService,
    status: int,
) -> Response:
    """Authenticate the administrator, validate the body against `model`, run `service`."""
    raw = await read_body(request)
    require_admin(request, admin_token)
    document = fields.obj(parse_json(raw), "")
    validate(model, document)
    body = await db.write(lambda conn: service(conn, document))
    return JsonResponse(body, status_code=status)
