"""The guest-token caches ``GuestTokenCache`` (over ``Databrain``) and ``AsyncGuestTokenCache`` (over ``AsyncDatabrain``).

Everything a cache decides (keys, single flight, refresh, backoff, bounds, option checks) is
the core's; this file passes keyword arguments through and turns the core's epoch
milliseconds into timezone-aware ``datetime`` objects.
"""

from __future__ import annotations

from . import _native
from ._client import _GUEST_TOKEN_OPERATION, AsyncDatabrain, Databrain, _guest_token_request
from ._token import GuestToken

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import timedelta
    from typing import Any, Dict, Mapping, Optional, Union

    from typing import TypedDict

    from ._telemetry import Telemetry
    from .types import GuestTokenParams, Permissions

    class CacheStats(TypedDict):
        hits: int
        misses: int
        coalesced: int
        refreshes: int
        refresh_failures: int
        entries: int
        shared_hits: int
        shared_misses: int
        shared_errors: int
        lock_waits: int
        fallback_mints: int


__all__ = ["AsyncGuestTokenCache", "GuestTokenCache"]

def _options(
    refresh_margin: Optional[float],
    max_entries: Optional[int],
    serve_stale_on_error: Optional[bool],
    max_age_without_expiry: Optional[float],
    shared_cache_url: Optional[str],
    shared_cache_op_timeout_ms: Optional[float],
    options: Dict[str, Any],
) -> Dict[str, object]:
    # Exactly what was given (None: not given); names, defaults and checks are the core's.
    given: Dict[str, object] = {
        "refresh_margin": refresh_margin,
        "max_entries": max_entries,
        "serve_stale_on_error": serve_stale_on_error,
        "max_age_without_expiry": max_age_without_expiry,
        "shared_cache_url": shared_cache_url,
        "shared_cache_op_timeout_ms": shared_cache_op_timeout_ms,
    }
    given.update(options)
    return given


class _BaseCache:
    _native: _native.GuestTokenCache
    _telemetry: Optional[Telemetry]

    def __init__(
        self,
        client: Any,
        *,
        refresh_margin: Optional[float] = None,
        max_entries: Optional[int] = None,
        serve_stale_on_error: Optional[bool] = None,
        max_age_without_expiry: Optional[float] = None,
        shared_cache_url: Optional[str] = None,
        shared_cache_op_timeout_ms: Optional[float] = None,
        **options: Any,
    ) -> None:
        given = _options(
            refresh_margin,
            max_entries,
            serve_stale_on_error,
            max_age_without_expiry,
            shared_cache_url,
            shared_cache_op_timeout_ms,
            options,
        )
        self._native = _native.GuestTokenCache(client._native, given)
        # The client's telemetry: same providers, same off switch.
        self._telemetry = client._telemetry
        if self._telemetry is not None:
            self._telemetry.watch_cache(self)

    def invalidate(self, *, client_id: str) -> int:
        """Drops every cached token of end user ``client_id``; returns how many."""
        return self._native.invalidate(client_id)

    def clear(self) -> None:
        """Drops every cached token and resets the counters."""
        self._native.clear()

    def stats(self) -> CacheStats:
        """``{"hits", "misses", "coalesced", "refreshes", "refresh_failures", "entries", "shared_hits",
        "shared_misses", "shared_errors", "lock_waits", "fallback_mints"}`` (counts only)."""
        return self._native.stats()  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.stats()!r})"


class GuestTokenCache(_BaseCache):
    """Caches guest tokens minted by a ``Databrain`` client: one token per distinct request,
    reused until 80 % of its lifetime (``refresh_margin=0.2``), then refreshed in the
    background while the current one is served; concurrent ``get()`` calls for one request
    share one mint. Thread-safe; a forked child starts empty.

    Options: ``refresh_margin`` (0-1, default 0.2), ``max_entries`` (default 10,000, least
    recently used evicted), ``serve_stale_on_error`` (default True: a failed refresh keeps the
    valid token), ``max_age_without_expiry`` (seconds; default: tokens without
    ``expiry_time`` are not cached), ``shared_cache_url`` (a ``redis://``, ``rediss://``,
    ``valkey://``, ``valkeys://`` or ``unix://`` URL; default: ``DATABRAIN_CACHE_URL``, else
    none: processes sharing it mint each token once between them), ``shared_cache_op_timeout_ms``
    (bound on each shared-tier operation, default 50)."""

    def __init__(
        self,
        client: Databrain,
        *,
        refresh_margin: Optional[float] = None,
        max_entries: Optional[int] = None,
        serve_stale_on_error: Optional[bool] = None,
        max_age_without_expiry: Optional[float] = None,
        shared_cache_url: Optional[str] = None,
        shared_cache_op_timeout_ms: Optional[float] = None,
        **options: Any,
    ) -> None:
        if not isinstance(client, Databrain):
            raise TypeError(f"GuestTokenCache needs a Databrain client, got {type(client).__name__}")
        super().__init__(
            client,
            refresh_margin=refresh_margin,
            max_entries=max_entries,
            serve_stale_on_error=serve_stale_on_error,
            max_age_without_expiry=max_age_without_expiry,
            shared_cache_url=shared_cache_url,
            shared_cache_op_timeout_ms=shared_cache_op_timeout_ms,
            **options,
        )

    def get(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> GuestToken:
        """A token for this request (same arguments as ``Databrain.create_guest_token``)."""
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return GuestToken(t.run(_GUEST_TOKEN_OPERATION, self._native.get, request, cache=True))
        return GuestToken(self._native.get(request))


class AsyncGuestTokenCache(_BaseCache):
    """``GuestTokenCache`` over an ``AsyncDatabrain`` client: ``await cache.get(...)``. Safe to
    share across tasks, threads and event loops."""

    def __init__(
        self,
        client: AsyncDatabrain,
        *,
        refresh_margin: Optional[float] = None,
        max_entries: Optional[int] = None,
        serve_stale_on_error: Optional[bool] = None,
        max_age_without_expiry: Optional[float] = None,
        shared_cache_url: Optional[str] = None,
        shared_cache_op_timeout_ms: Optional[float] = None,
        **options: Any,
    ) -> None:
        if not isinstance(client, AsyncDatabrain):
            raise TypeError(f"AsyncGuestTokenCache needs an AsyncDatabrain client, got {type(client).__name__}")
        super().__init__(
            client,
            refresh_margin=refresh_margin,
            max_entries=max_entries,
            serve_stale_on_error=serve_stale_on_error,
            max_age_without_expiry=max_age_without_expiry,
            shared_cache_url=shared_cache_url,
            shared_cache_op_timeout_ms=shared_cache_op_timeout_ms,
            **options,
        )

    async def get(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> GuestToken:
        """See ``GuestTokenCache.get``."""
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return GuestToken(await t.run_cache_async(_GUEST_TOKEN_OPERATION, self._native.get_async, request))
        pending = self._native.get_async(request)
        if isinstance(pending, _native.GuestToken):  # a fresh hit: no round trip to the runtime
            return GuestToken(pending)
        return GuestToken(await pending)
