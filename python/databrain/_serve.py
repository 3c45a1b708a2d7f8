"""What ``databrain.starlette`` (and the FastAPI router on it), ``databrain.django`` and
``databrain.flask`` share: mint a guest token for the fields the resolve hook returned, with a
cache or a client, and turn the outcome into the core's reply (``_native.mint_reply_*``:
status, headers, JSON body and what to log).

No framework is imported here. The fields go to the core as given, so a resolve hook that
returns something invalid (an unknown key, a missing ``client_id``, a non-mapping) gets the
core's ``ValidationError`` naming the field path, which the reply rule answers with a 500 and
logs; the browser sees a code only.
"""

from __future__ import annotations

import logging

from . import _native
from ._cache import AsyncGuestTokenCache, GuestTokenCache
from ._client import _GUEST_TOKEN_OPERATION as GUEST_TOKEN_OPERATION, AsyncDatabrain, Databrain
from ._errors import DatabrainError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Mapping, Optional, Union

    Target = Union[GuestTokenCache, AsyncGuestTokenCache, Databrain, AsyncDatabrain]
    Fields = Optional[Mapping[str, Any]]

# The package's logger: one place for an application to route or silence what endpoints log.
logger = logging.getLogger("databrain")

_LEVELS = {"warn": logging.WARNING, "error": logging.ERROR}


def is_async(target: object) -> bool:
    """Whether minting with ``target`` is awaited; a ``TypeError`` for anything else, at once
    (when the endpoint is built, not on its first request)."""
    if isinstance(target, (AsyncGuestTokenCache, AsyncDatabrain)):
        return True
    if isinstance(target, (GuestTokenCache, Databrain)):
        return False
    raise TypeError(
        "expected a GuestTokenCache, AsyncGuestTokenCache, Databrain or AsyncDatabrain, "
        f"got {type(target).__name__}"
    )


def _request(fields: object) -> Dict[str, object]:
    # A copy of a mapping (the hook may reuse its dict); anything else as is, typed as the
    # request it should have been: the core refuses it with the path `$`.
    from collections.abc import Mapping
    from typing import cast

    return dict(fields) if isinstance(fields, Mapping) else cast("Dict[str, object]", fields)


def mint(target: Target, fields: object) -> _native.MintReply:
    """The reply for ``fields`` with a blocking cache or client (run it off the event loop)."""
    try:
        # Watched by the target's telemetry (databrain/_telemetry.py), in the caller's
        # context: the framework's server span, where it has one.
        t = getattr(target, "_telemetry", None)
        t = t if t is not None and t.live() else None
        if isinstance(target, GuestTokenCache):
            get = target._native.get
            token = t.run(GUEST_TOKEN_OPERATION, get, _request(fields), cache=True) if t is not None else get(_request(fields))
        elif isinstance(target, Databrain):
            call = target._native.mint_guest_token
            token = t.run(GUEST_TOKEN_OPERATION, call, _request(fields)) if t is not None else call(_request(fields))
        else:
            raise TypeError(f"{type(target).__name__} is awaited: use mint_async")
    except DatabrainError as exc:
        return failure(exc, _data_app(fields))
    return _native.mint_reply_token(token)


async def mint_async(target: Target, fields: object) -> _native.MintReply:
    """The reply for ``fields`` with an asyncio cache or client."""
    try:
        t = getattr(target, "_telemetry", None)
        t = t if t is not None and t.live() else None
        if isinstance(target, AsyncGuestTokenCache):
            if t is not None:
                token = await t.run_cache_async(GUEST_TOKEN_OPERATION, target._native.get_async, _request(fields))
            else:
                pending = target._native.get_async(_request(fields))
                # A fresh hit comes back at once, with no round trip to the runtime.
                token = pending if isinstance(pending, _native.GuestToken) else await pending
        elif isinstance(target, AsyncDatabrain):
            call = target._native.mint_guest_token_async
            token = await (t.run_async(GUEST_TOKEN_OPERATION, call, _request(fields)) if t is not None else call(_request(fields)))
        else:
            raise TypeError(f"{type(target).__name__} blocks: use mint")
    except DatabrainError as exc:
        return failure(exc, _data_app(fields))
    return _native.mint_reply_token(token)


def no_session() -> _native.MintReply:
    """401: the resolve hook found no signed-in user."""
    return _native.mint_reply_no_session()


def _data_app(fields: object) -> Optional[str]:
    # The request's data app, for the log line: whichever spelling the hook used.
    from collections.abc import Mapping

    if isinstance(fields, Mapping):
        for key in ("data_app_name", "dataAppName"):
            value = fields.get(key)
            if isinstance(value, str):
                return value
    return None


def failure(exc: DatabrainError, data_app: Optional[str] = None) -> _native.MintReply:
    """The reply to ``exc``, logged as the core says (never a credential, token or message);
    the log line names ``data_app``, the request's data app."""
    reply = _native.mint_reply_failure(exc, data_app)
    entry = reply["log"]
    if entry is not None:
        logger.log(_LEVELS[entry["level"]], "%s", entry["message"])
    return reply
