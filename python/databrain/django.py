"""A Django guest-token view: ``guest_token_view(cache, resolve=...)``.

Needs Django (``pip install databrain[django]``); ``import databrain`` never imports it.

>>> from databrain import Databrain, GuestTokenCache
>>> from databrain.django import guest_token_view
>>> def resolve(request):
...     if not request.user.is_authenticated:
...         return None  # -> 401
...     return {"client_id": str(request.user.pk), "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
>>> urlpatterns = [path("api/guest-token", guest_token_view(GuestTokenCache(Databrain()), resolve=resolve))]

The view answers ``POST`` (any other method: 405) with the core's reply, like
``databrain.fastapi``: 200 ``{"token", "expiresAt", "refreshAt"}``; 401 when ``resolve`` returns
``None``; 503 with ``Retry-After`` on a Databrain rate limit; 500 when ``resolve`` returns an
invalid request (the field paths are logged on the ``databrain`` logger, not sent); 502 with the
error's code for any other Databrain error; always ``Cache-Control: no-store``. The request body
is never read: who the token is for comes only from ``resolve``, i.e. from the session.

CSRF: the view stays under Django's CSRF protection (``CsrfViewMiddleware``), like every POST
view. The endpoint is authenticated by the session cookie, so without it any site could make
a signed-in user's browser POST here. A same-origin ``fetch`` passes it by sending the
``csrftoken`` cookie's value as the ``X-CSRFToken`` header (the browser helper's
``fetchOptions: {headers: {"X-CSRFToken": ...}}``). The page gets that cookie when its view is
decorated with ``django.views.decorators.csrf.ensure_csrf_cookie`` (or its template uses
``{% csrf_token %}``); a POST without the token gets Django's own 403 page before this view runs,
so a signed-out POST with it gets the 401. Pass ``csrf_exempt=True`` only when the
endpoint is not authenticated by cookies (e.g. a bearer token that ``resolve`` checks).
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, Mapping, Optional, Union

try:
    from asgiref.sync import sync_to_async
    from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError("databrain.django needs Django: pip install 'databrain[django]'") from exc

from . import _native, _serve
from ._cache import AsyncGuestTokenCache, GuestTokenCache
from ._client import AsyncDatabrain, Databrain

__all__ = ["guest_token_view"]

#: What ``resolve`` returns: the keyword arguments of ``mint_guest_token`` for the signed-in
#: user (``client_id``, ``data_app_name``, ``params``, ...), or ``None`` when nobody is.
GuestTokenFields = Optional[Mapping[str, Any]]
Resolve = Callable[[HttpRequest], Union[GuestTokenFields, Awaitable[GuestTokenFields]]]
View = Callable[[HttpRequest], Union[HttpResponse, Awaitable[HttpResponse]]]


def guest_token_view(
    cache_or_client: Union[GuestTokenCache, AsyncGuestTokenCache, Databrain, AsyncDatabrain],
    *,
    resolve: Resolve,
    csrf_exempt: bool = False,
) -> View:
    """A view that mints a guest token for the user ``resolve(request)`` names.

    A blocking ``GuestTokenCache`` or ``Databrain`` with a plain ``def resolve`` gives a sync
    view (WSGI). An ``AsyncGuestTokenCache`` or ``AsyncDatabrain``, or an ``async def
    resolve``, gives an async view (ASGI; Django also runs it under WSGI): there a plain
    ``resolve`` runs through ``sync_to_async`` (so it may use the ORM and ``request.user``)
    and a blocking mint in a worker thread. A cache is what you want: a page with several
    dashboards, or a reload storm, then mints once per user until the token is due for a
    refresh.

    An exception ``resolve`` raises is not caught: it is your bug, and Django answers it as any
    view's (500, logged by ``django.request``). ``csrf_exempt``: see the module's docstring.
    """
    target_is_async = _serve.is_async(cache_or_client)
    if not callable(resolve):
        raise TypeError(f"resolve must be callable, got {type(resolve).__name__}")
    resolve_is_async = inspect.iscoroutinefunction(resolve)

    view: View
    if target_is_async or resolve_is_async:

        async def async_view(request: HttpRequest) -> HttpResponse:
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            # An `async def` is called on the loop; a plain one through sync_to_async. Either may
            # hand back an awaitable (e.g. an object with an async __call__), awaited here.
            fields: object = resolve(request) if resolve_is_async else await sync_to_async(resolve)(request)
            if inspect.isawaitable(fields):
                fields = await fields
            if fields is None:
                reply = _serve.no_session()
            elif target_is_async:
                reply = await _serve.mint_async(cache_or_client, fields)
            else:
                reply = await sync_to_async(_serve.mint, thread_sensitive=False)(cache_or_client, fields)
            return _response(reply)

        view = async_view
    else:

        def sync_view(request: HttpRequest) -> HttpResponse:
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            fields = resolve(request)
            if inspect.isawaitable(fields):
                if inspect.iscoroutine(fields):
                    fields.close()  # no "never awaited" warning on top of this error
                raise TypeError("resolve returned an awaitable: make it an `async def` for an async view")
            reply = _serve.no_session() if fields is None else _serve.mint(cache_or_client, fields)
            return _response(reply)

        view = sync_view
    if csrf_exempt:
        # What django.views.decorators.csrf.csrf_exempt sets; setting it directly keeps an async
        # view a coroutine function on every supported Django (4.2's decorator wraps it in a
        # plain function).
        setattr(view, "csrf_exempt", True)  # noqa: B010 - a function attribute mypy cannot see
    return view


def _response(reply: _native.MintReply) -> HttpResponse:
    return HttpResponse(reply["body"], status=reply["status"], headers=reply["headers"])
