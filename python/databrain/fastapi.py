"""A FastAPI guest-token endpoint: ``guest_token_router(cache, resolve=...)``.

Needs FastAPI (``pip install databrain[fastapi]``); ``import databrain`` never imports it.

>>> from databrain import AsyncDatabrain, AsyncGuestTokenCache
>>> from databrain.fastapi import guest_token_router
>>> async def resolve(request):
...     user = request.session.get("user")  # your authentication
...     if user is None:
...         return None  # -> 401
...     return {"client_id": user["id"], "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
>>> app.include_router(guest_token_router(AsyncGuestTokenCache(AsyncDatabrain()), resolve=resolve), prefix="/api")

The route is ``databrain.starlette``'s endpoint with FastAPI's OpenAPI description; it answers
``POST <path>`` with the core's reply:
200 ``{"token", "expiresAt", "refreshAt"}``; 401 when ``resolve`` returns ``None``; 503 with
``Retry-After`` on a Databrain rate limit; 500 when ``resolve`` returns an invalid request (the
field paths are logged on the ``databrain`` logger, not sent); 502 with the error's code for any
other Databrain error. Every answer is ``Cache-Control: no-store``. The request body is never
read: who the token is for comes only from ``resolve``, i.e. from your session.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Awaitable, Callable, List, Mapping, Optional, Sequence, Union

try:
    from fastapi import APIRouter, Request, Response, params
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError("databrain.fastapi needs FastAPI: pip install 'databrain[fastapi]'") from exc

from ._cache import AsyncGuestTokenCache, GuestTokenCache
from ._client import AsyncDatabrain, Databrain
from .starlette import guest_token_endpoint

__all__ = ["guest_token_router"]

#: What ``resolve`` returns: the keyword arguments of ``mint_guest_token`` for the signed-in
#: user (``client_id``, ``data_app_name``, ``params``, ...), or ``None`` when nobody is.
GuestTokenFields = Optional[Mapping[str, Any]]
Resolve = Callable[[Request], Union[GuestTokenFields, Awaitable[GuestTokenFields]]]


def guest_token_router(
    cache_or_client: Union[AsyncGuestTokenCache, GuestTokenCache, AsyncDatabrain, Databrain],
    *,
    resolve: Resolve,
    path: str = "/guest-token",
    dependencies: Optional[Sequence[params.Depends]] = None,
    tags: Optional[List[Union[str, Enum]]] = None,
    include_in_schema: bool = True,
) -> APIRouter:
    """An ``APIRouter`` with one ``POST path`` route that mints a guest token for the user
    ``resolve(request)`` names.

    ``cache_or_client``: an ``AsyncGuestTokenCache`` or ``AsyncDatabrain`` (awaited on the
    event loop), or a ``GuestTokenCache`` or ``Databrain`` (run in the threadpool, so the loop
    never blocks). A cache is what you want: a page with several dashboards, or a reload storm,
    then mints once per user until the token is due for a refresh.

    ``resolve``: ``def`` or ``async def``; a plain ``def`` runs in the threadpool, like a FastAPI
    dependency. An exception it raises is not caught: it is your bug, and FastAPI answers it
    as any route's (500, logged by the server).

    ``dependencies`` and ``tags`` go to the router (e.g. an authentication dependency).
    """
    endpoint = guest_token_endpoint(cache_or_client, resolve=resolve)
    router = APIRouter(dependencies=dependencies, tags=tags)
    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        name="databrain_guest_token",
        summary="Mint a Databrain guest token for the signed-in user",
        response_class=Response,
        include_in_schema=include_in_schema,
        responses={
            200: {"description": '`{"token", "expiresAt", "refreshAt"}` (ISO-8601 UTC or null)'},
            401: {"description": "No signed-in user"},
            500: {"description": "The server's resolve hook returned an invalid request (logged)"},
            502: {"description": "Databrain refused or failed; the body carries its code"},
            503: {"description": "Rate limited by Databrain; see Retry-After"},
        },
    )
    return router
