"""Checked by mypy (python/run-tests.sh), never run: GuestToken and the caches as users type
them. Lines marked `type: ignore[...]` must be errors (warn_unused_ignores proves they are)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestToken, GuestTokenCache


def sync_usage(client: Databrain) -> None:
    token: GuestToken = client.mint_guest_token(client_id="u1", data_app_name="app", expiry_time=60_000)
    raw: str = token.token
    issued: datetime = token.issued_at
    expires: Optional[datetime] = token.expires_at
    refresh: Optional[datetime] = token.refresh_at
    as_json: Optional[str] = token.to_dict()["expiresAt"]
    cache = GuestTokenCache(client, refresh_margin=0.1, max_entries=100, serve_stale_on_error=False, max_age_without_expiry=30)
    cached: GuestToken = cache.get(client_id="u1", data_app_name="app", params={"timezone": "UTC"})
    dropped: int = cache.invalidate(client_id="u1")
    hits: int = cache.stats()["hits"]
    cache.clear()
    print(raw, issued, expires, refresh, as_json, cached, dropped, hits)


async def async_usage(client: AsyncDatabrain) -> None:
    token: GuestToken = await client.mint_guest_token(client_id="u1", data_app_name="app")
    cache = AsyncGuestTokenCache(client)
    cached: GuestToken = await cache.get(client_id="u1", data_app_name="app")
    stats: int = cache.stats()["refresh_failures"]
    fleet = AsyncGuestTokenCache(client, shared_cache_url="rediss://cache.example:6380", shared_cache_op_timeout_ms=30)
    shared: int = fleet.stats()["shared_hits"] + fleet.stats()["lock_waits"] + fleet.stats()["fallback_mints"]
    print(token, cached, stats, shared)


def mistakes(client: Databrain, aclient: AsyncDatabrain) -> None:
    GuestTokenCache(aclient)  # type: ignore[arg-type]
    AsyncGuestTokenCache(client)  # type: ignore[arg-type]
    GuestTokenCache(client).get("u1", "app")  # type: ignore[call-arg]
    GuestTokenCache(client).invalidate("u1")  # type: ignore[call-arg]
    bad: str = client.mint_guest_token(client_id="u1", data_app_name="app")  # type: ignore[assignment]
    print(bad)
