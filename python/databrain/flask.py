"""A Flask guest-token view: ``guest_token_view(cache, resolve=...)`` and
``guest_token_blueprint(cache, resolve=...)``.

Needs Flask (``pip install databrain[flask]``); ``import databrain`` never imports it.

>>> from flask import Flask, session
>>> from databrain import Databrain, GuestTokenCache
>>> from databrain.flask import guest_token_view
>>> def resolve(request):
...     user = session.get("user")  # your authentication
...     if user is None:
...         return None  # -> 401
...     return {"client_id": user["id"], "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
>>> app = Flask(__name__)
>>> app.add_url_rule("/api/guest-token", view_func=guest_token_view(GuestTokenCache(Databrain()), resolve=resolve))

The view answers ``POST`` only (the view function carries ``methods = ["POST"]``, which
``add_url_rule`` reads; any other method: 405) with the core's reply, like the other
endpoints: 200 ``{"token", "expiresAt", "refreshAt"}``; 401 when ``resolve`` returns
``None``; 503 with ``Retry-After`` on a Databrain rate limit; 500 when ``resolve`` returns an
invalid request (the field paths are logged on the ``databrain`` logger, not sent); 502 with
the error's code for any other Databrain error; always ``Cache-Control: no-store``. The request
body is never read: who the token is for comes only from ``resolve``, i.e. from the session.

CSRF is left to the app, as Flask leaves it. The endpoint is authenticated by the session
cookie, so with Flask-WTF's ``CSRFProtect`` keep it protected and have the page send the token
from ``generate_csrf()`` as the ``X-CSRFToken`` header (the browser helper's ``fetchOptions:
{headers: {"X-CSRFToken": ...}}``); exempt it (``csrf.exempt(view)`` or
``csrf.exempt(blueprint)``) only when it is not authenticated by cookies (e.g. a bearer token
that ``resolve`` checks).
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Mapping, Optional, Union, cast

try:
    from flask import Blueprint, Request, Response, request
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError("databrain.flask needs Flask: pip install 'databrain[flask]'") from exc

from . import _native, _serve
from ._cache import GuestTokenCache
from ._client import Databrain

__all__ = ["guest_token_blueprint", "guest_token_view"]

#: What ``resolve`` returns: the keyword arguments of ``mint_guest_token`` for the signed-in
#: user (``client_id``, ``data_app_name``, ``params``, ...), or ``None`` when nobody is.
GuestTokenFields = Optional[Mapping[str, Any]]
Resolve = Callable[[Request], GuestTokenFields]
View = Callable[[], Response]


def guest_token_view(cache_or_client: Union[GuestTokenCache, Databrain], *, resolve: Resolve) -> View:
    """A view function that mints a guest token for the user ``resolve(request)`` names; register
    it with ``app.add_url_rule(path, view_func=...)`` (its endpoint name is ``guest_token``).

    ``cache_or_client``: a ``GuestTokenCache`` (what you want: a page with several dashboards,
    or a reload storm, then mints once per user until the token is due for a refresh) or a
    ``Databrain`` client (a mint per request). Flask views are synchronous, so the asyncio
    ``AsyncGuestTokenCache`` / ``AsyncDatabrain`` are refused here.

    ``resolve(request)`` is called with the current ``flask.Request`` inside the request context
    (``flask.session``, ``flask_login.current_user`` work). An exception it raises is not
    caught: it is your bug, and Flask answers it as any view's (500, logged by the app).
    """
    if _serve.is_async(cache_or_client):
        raise TypeError(
            f"databrain.flask serves synchronous views: pass a GuestTokenCache or Databrain, "
            f"not {type(cache_or_client).__name__}"
        )
    if not callable(resolve):
        raise TypeError(f"resolve must be callable, got {type(resolve).__name__}")

    def guest_token() -> Response:
        # The Request itself, not the context-local proxy (typed as a Request, which it wraps).
        fields: object = resolve(cast(Any, request)._get_current_object())
        if inspect.isawaitable(fields):
            if inspect.iscoroutine(fields):
                fields.close()  # no "never awaited" warning on top of this error
            raise TypeError("resolve returned an awaitable: databrain.flask needs a plain `def resolve`")
        reply = _serve.no_session() if fields is None else _serve.mint(cache_or_client, fields)
        return _response(reply)

    # What add_url_rule reads when no `methods` are given: POST only (and OPTIONS).
    guest_token.methods = ["POST"]  # type: ignore[attr-defined]
    return guest_token


def guest_token_blueprint(
    cache_or_client: Union[GuestTokenCache, Databrain],
    *,
    resolve: Resolve,
    path: str = "/api/guest-token",
    name: str = "databrain",
) -> Blueprint:
    """A ``Blueprint`` named ``name`` with ``guest_token_view`` at ``POST path``
    (``app.register_blueprint(...)``; its endpoint is ``<name>.guest_token``)."""
    blueprint = Blueprint(name, __name__)
    blueprint.add_url_rule(path, view_func=guest_token_view(cache_or_client, resolve=resolve))
    return blueprint


def _response(reply: _native.MintReply) -> Response:
    return Response(reply["body"], status=reply["status"], headers=reply["headers"])
