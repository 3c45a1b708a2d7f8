"""``mint_guest_token`` and the guest-token caches, sync and asyncio, against the mock."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

import databrain
from databrain import (
    AsyncDatabrain,
    AsyncGuestTokenCache,
    AuthenticationError,
    ConfigurationError,
    Databrain,
    GuestToken,
    GuestTokenCache,
    ValidationError,
)
from databrain.testing import MockServer

GUEST_TOKEN_PATH = "/api/v2/guest-token/create"
APP = "sales-dashboard"
TEN_MIN = 600_000
# The shared tier's counters of a cache without one.
NO_SHARED = {"shared_hits": 0, "shared_misses": 0, "shared_errors": 0, "lock_waits": 0, "fallback_mints": 0}


def test_mint_returns_times(client: Databrain, mock: MockServer) -> None:
    before = datetime.now(timezone.utc)
    t = client.mint_guest_token(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    after = datetime.now(timezone.utc)
    assert isinstance(t, GuestToken)
    assert t.issued_at.tzinfo is not None and t.issued_at.utcoffset() == timedelta(0)
    assert before - timedelta(milliseconds=1) <= t.issued_at <= after
    assert t.expires_at == t.issued_at + timedelta(minutes=10)
    assert t.refresh_at == t.issued_at + timedelta(minutes=8)
    assert mock.guest_tokens()[0]["token"] == t.token
    d = t.to_dict()
    assert set(d) == {"token", "expiresAt", "refreshAt"}
    assert d["token"] == t.token
    assert d["expiresAt"] is not None and d["expiresAt"].endswith("Z") and len(d["expiresAt"]) == 24
    assert datetime.strptime(d["expiresAt"], "%Y-%m-%dT%H:%M:%S.%f%z") == t.expires_at
    json.dumps(d)
    forever = client.mint_guest_token(client_id="u1", data_app_name=APP)
    assert forever.expires_at is None and forever.refresh_at is None
    assert forever.to_dict() == {"token": forever.token, "expiresAt": None, "refreshAt": None}
    assert isinstance(client.create_guest_token(client_id="u1", data_app_name=APP), str)


def test_repr_hides_the_token(client: Databrain) -> None:
    t = client.mint_guest_token(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    for shown in (repr(t), str(t)):
        assert t.token not in shown
        assert t.token[:4] + "…" in shown
    cache = GuestTokenCache(client)
    cached = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    assert cached.token not in repr(cache) and cached.token not in repr(cached)


def test_mint_validates_first(client: Databrain, mock: MockServer) -> None:
    with pytest.raises(ValidationError):
        client.mint_guest_token(client_id="", data_app_name=APP)
    with pytest.raises(ValidationError):
        GuestTokenCache(client).get(client_id="u1", data_app_name=APP, expiry_time=-5)
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


async def test_async_mint(aclient: AsyncDatabrain) -> None:
    t = await aclient.mint_guest_token(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    assert t.expires_at is not None and t.expires_at - t.issued_at == timedelta(minutes=10)


def test_cache_hits_stats_invalidate_clear(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client)
    a = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN) == a
    # Same request, keys in another order: the same token.
    b = cache.get(
        client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, extra_body={"theme": {"y": 1, "x": 2}}
    )
    assert cache.get(
        client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, extra_body={"theme": {"x": 2, "y": 1}}
    ) == b
    assert b != a
    other = cache.get(client_id="u2", data_app_name=APP, expiry_time=TEN_MIN)
    assert other.token not in (a.token, b.token)
    assert mock.request_count(GUEST_TOKEN_PATH) == 3
    assert cache.stats() == {"hits": 2, "misses": 3, "coalesced": 0, "refreshes": 0, "refresh_failures": 0, "entries": 3, **NO_SHARED}
    assert cache.invalidate(client_id="u1") == 2
    assert cache.stats()["entries"] == 1
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN) != a
    cache.clear()
    assert cache.stats() == {"hits": 0, "misses": 0, "coalesced": 0, "refreshes": 0, "refresh_failures": 0, "entries": 0, **NO_SHARED}


def test_concurrent_threads_share_one_mint(client: Databrain, mock: MockServer) -> None:
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=300)
    cache = GuestTokenCache(client)
    with ThreadPoolExecutor(32) as pool:
        tokens = list(pool.map(lambda _: cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN).token, range(200)))
    assert len(set(tokens)) == 1
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


async def test_a_thousand_concurrent_async_gets_send_one_request(aclient: AsyncDatabrain, mock: MockServer) -> None:
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=200)
    cache = AsyncGuestTokenCache(aclient)
    tokens = await asyncio.gather(
        *(cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN) for _ in range(1000))
    )
    assert len({t.token for t in tokens}) == 1
    assert mock.request_count(GUEST_TOKEN_PATH) == 1
    stats = cache.stats()
    assert stats["misses"] == 1 and stats["coalesced"] + stats["hits"] == 999


async def test_async_errors_reach_every_waiter_and_are_not_cached(mock: MockServer) -> None:
    bad = AsyncDatabrain(base_url=mock.url, api_key="not-a-key", max_retries=0)
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=200)
    cache = AsyncGuestTokenCache(bad)
    results = await asyncio.gather(
        *(cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN) for _ in range(20)),
        return_exceptions=True,
    )
    assert all(isinstance(r, AuthenticationError) for r in results)
    assert mock.request_count(GUEST_TOKEN_PATH) == 1
    assert cache.stats()["entries"] == 0


def test_background_refresh_with_a_short_expiry(client: Databrain, mock: MockServer) -> None:
    # 1 s lifetime, refresh margin 0.5: due after 0.5 s, expired after 1 s.
    cache = GuestTokenCache(client, refresh_margin=0.5)
    first = cache.get(client_id="u1", data_app_name=APP, expiry_time=1000)
    assert first.refresh_at == first.issued_at + timedelta(milliseconds=500)
    time.sleep(0.6)
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=1000) == first  # served at once
    deadline = time.monotonic() + 5
    while cache.get(client_id="u1", data_app_name=APP, expiry_time=1000) == first:
        assert time.monotonic() < deadline, "no background refresh"
        time.sleep(0.01)
    assert mock.request_count(GUEST_TOKEN_PATH) == 2
    assert cache.stats()["refreshes"] == 1


def test_failed_refresh_serves_the_valid_token(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client, refresh_margin=0.9)
    first = cache.get(client_id="u1", data_app_name=APP, expiry_time=3000)
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="status", status=401)
    time.sleep(0.4)  # past refresh_at (0.3 s)
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=3000) == first
    deadline = time.monotonic() + 5
    while cache.stats()["refresh_failures"] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=3000) == first


def test_tokens_without_expiry(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client)
    assert cache.get(client_id="u1", data_app_name=APP) != cache.get(client_id="u1", data_app_name=APP)
    kept = GuestTokenCache(client, max_age_without_expiry=60)
    assert kept.get(client_id="u1", data_app_name=APP) == kept.get(client_id="u1", data_app_name=APP)


def test_options_are_checked_by_the_core(client: Databrain, aclient: AsyncDatabrain) -> None:
    with pytest.raises(ConfigurationError, match=r"maxEntrys: unknown cache option, did you mean `maxEntries` \(`max_entries`\)"):
        GuestTokenCache(client, maxEntrys=5)
    with pytest.raises(ConfigurationError, match="refreshMargin: must be at least 0 and less than 1"):
        GuestTokenCache(client, refresh_margin=1.5)
    with pytest.raises(TypeError):
        GuestTokenCache(aclient)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AsyncGuestTokenCache(client)  # type: ignore[arg-type]
    assert databrain._native.CACHE_OPTION_KEYS[0] == "refreshMargin"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_child_starts_empty(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    cache = GuestTokenCache(client)
    parent = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        code = 0
        try:
            stats = cache.stats()
            token = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN)
            out = json.dumps({"entries": stats["entries"], "same": token.token == parent.token, "after": cache.stats()})
        except BaseException as exc:  # noqa: BLE001
            out, code = f"{type(exc).__name__}: {exc}", 1
        os.write(write_end, out.encode())
        os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    with os.fdopen(read_end, "rb") as f:
        out = f.read().decode()
    assert os.waitstatus_to_exitcode(status) == 0, out
    child = json.loads(out)
    assert child["entries"] == 0 and child["same"] is False
    assert child["after"]["misses"] == 1 and child["after"]["entries"] == 1
    # The parent's cache is untouched.
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN) == parent
    assert mock.request_count(GUEST_TOKEN_PATH) == 2
