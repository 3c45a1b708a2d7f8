"""A Starlette guest-token endpoint: ``guest_token_route(cache, resolve=...)``.

Needs Starlette (``pip install databrain[starlette]``); ``import databrain`` never imports it.
Works in any Starlette app (and anything built on it); ``databrain.fastapi`` builds on it.

>>> from starlette.applications import Starlette
>>> from databrain import AsyncDatabrain, AsyncGuestTokenCache
>>> from databrain.starlette import guest_token_route
>>> async def resolve(request):
...     user = request.session.get("user")  # your authentication
...     if user is None:
...         return None  # -> 401
...     return {"client_id": user["id"], "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
>>> app = Starlette(routes=[guest_token_route(AsyncGuestTokenCache(AsyncDatabrain()), resolve=resolve)])

The route answers ``POST /api/guest-token`` (any other method: 405) with the core's reply: 200 ``{"token", "expiresAt", "refreshAt"}``; 401 when
``resolve`` returns ``None``; 503 with ``Retry-After`` on a Databrain rate limit; 500 when
``resolve`` returns an invalid request (the field paths are logged on the ``databrain`` logger,
not sent); 502 with the error's code for any other Databrain error. Every answer is
``Cache-Control: no-store``. The request body is never read: who the token is for comes only
from ``resolve``, i.e. from your session.
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, Mapping, Optional, Union

try:
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError("databrain.starlette needs Starlette: pip install 'databrain[starlette]'") from exc

from . import _serve
from ._cache import AsyncGuestTokenCache, GuestTokenCache
from ._client import AsyncDatabrain, Databrain

__all__ = ["guest_token_route"]

#: What ``resolve`` returns: the keyword arguments of ``mint_guest_token`` for the signed-in
#: user (``client_id``, ``data_app_name``, ``params``, ...), or ``None`` when nobody is.
GuestTokenFields = Optional[Mapping[str, Any]]
Resolve = Callable[[Request], Union[GuestTokenFields, Awaitable[GuestTokenFields]]]
Target = Union[AsyncGuestTokenCache, GuestTokenCache, AsyncDatabrain, Databrain]


def guest_token_route(
    cache_or_client: Target,
    *,
    resolve: Resolve,
    path: str = "/api/guest-token",
    name: str = "databrain_guest_token",
) -> Route:
    """A ``Route`` for ``POST path`` that mints a guest token for the user ``resolve(request)``
    names.

    ``cache_or_client``: an ``AsyncGuestTokenCache`` or ``AsyncDatabrain`` (awaited on the
    event loop), or a ``GuestTokenCache`` or ``Databrain`` (run in the threadpool, so the loop
    never blocks). A cache is what you want: a page with several dashboards, or a reload storm,
    then mints once per user until the token is due for a refresh.

    ``resolve``: ``async def`` (or a plain ``def``, run in the threadpool). An exception it
    raises is not caught: it is your bug, and Starlette answers it as any route's (500).
    """
    return Route(path, guest_token_endpoint(cache_or_client, resolve=resolve), methods=["POST"], name=name)


def guest_token_endpoint(cache_or_client: Target, *, resolve: Resolve) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint function of ``guest_token_route``, for routers that add their own routes
    (``databrain.fastapi``). Checks its arguments now, not on the first request."""
    is_async = _serve.is_async(cache_or_client)
    if not callable(resolve):
        raise TypeError(f"resolve must be callable, got {type(resolve).__name__}")
    resolve_is_async = inspect.iscoroutinefunction(resolve)

    async def fields_for(request: Request) -> object:
        # An `async def` is called on the loop; a plain one in the threadpool. Either may hand
        # back an awaitable (e.g. an object with an async __call__), which is awaited here.
        result: object = resolve(request) if resolve_is_async else await run_in_threadpool(resolve, request)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def guest_token(request: Request) -> Response:
        fields = await fields_for(request)
        if fields is None:
            reply = _serve.no_session()
        elif is_async:
            reply = await _serve.mint_async(cache_or_client, fields)
        else:
            reply = await run_in_threadpool(_serve.mint, cache_or_client, fields)
        return Response(content=reply["body"], status_code=reply["status"], headers=reply["headers"])

    return guest_token
