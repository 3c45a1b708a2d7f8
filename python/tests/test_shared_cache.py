"""The fleet-wide shared tier from Python against a real redis-server: separate Python
processes mint each token once between them; the options and stats pass through the binding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Iterator

import pytest

from databrain import ConfigurationError, Databrain, GuestTokenCache
from databrain.testing import MockServer

from redis_server import redis_url

HERE = os.path.dirname(__file__)
GUEST_TOKEN_PATH = "/api/v2/guest-token/create"


@pytest.fixture
def redis() -> Iterator[str]:
    yield from redis_url()


def test_processes_of_a_fleet_mint_once_per_request(mock: MockServer, redis: str) -> None:
    processes, threads, rounds, period = 20, 50, 10, 0.8
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=200, times=rounds)
    start = time.time() + 6  # every process imported and waiting before round 0
    children = [
        subprocess.Popen(
            [sys.executable, os.path.join(HERE, "shared_cache_child.py"), mock.url, mock.api_key, redis,
             str(rounds), str(threads), str(start), str(period)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    reports = []
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        reports.append(json.loads(out))
    for r in range(rounds):
        minted = [t for t in mock.guest_tokens() if t["clientId"] == f"fleet-{r}"]
        stats = [report["stats"] for report in reports]
        assert len(minted) == 1, f"round {r}: {len(minted)} mints for {processes} processes; {stats}"
        seen = {token for report in reports for token in report["tokens"][r]}
        assert seen == {minted[0]["token"]}
    stats = [report["stats"] for report in reports]
    assert sum(s["shared_misses"] for s in stats) == rounds
    assert sum(s["shared_hits"] for s in stats) == rounds * (processes - 1)
    assert all(s["shared_errors"] == 0 and s["fallback_mints"] == 0 for s in stats)


def test_options_and_stats_pass_through(mock: MockServer, redis: str) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    one = GuestTokenCache(client, shared_cache_url=redis, shared_cache_op_timeout_ms=100)
    two = GuestTokenCache(client, shared_cache_url=redis)
    token = one.get(client_id="u-pass", data_app_name="sales-dashboard", expiry_time=600_000)
    assert two.get(client_id="u-pass", data_app_name="sales-dashboard", expiry_time=600_000).token == token.token
    assert two.stats()["shared_hits"] == 1 and one.stats()["shared_misses"] == 1
    with pytest.raises(ConfigurationError, match="sharedCacheUrl: scheme `http`") as caught:
        GuestTokenCache(client, shared_cache_url="http://user:hunter2@h")
    assert "hunter2" not in str(caught.value)
    with pytest.raises(ConfigurationError, match="sharedCacheOpTimeoutMs: must be more than 0"):
        GuestTokenCache(client, shared_cache_url=redis, shared_cache_op_timeout_ms=0)


def test_the_environment_variable_turns_it_on(mock: MockServer, redis: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRAIN_CACHE_URL", redis)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/")  # never read
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    one, two = GuestTokenCache(client), GuestTokenCache(client)
    a = one.get(client_id="u-env", data_app_name="sales-dashboard", expiry_time=600_000)
    assert two.get(client_id="u-env", data_app_name="sales-dashboard", expiry_time=600_000).token == a.token
    assert len([t for t in mock.guest_tokens() if t["clientId"] == "u-env"]) == 1


def test_a_dead_redis_never_fails_a_get(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    cache = GuestTokenCache(client, shared_cache_url="redis://127.0.0.1:1/")
    for i in range(5):
        cache.get(client_id=f"u-dead-{i}", data_app_name="sales-dashboard", expiry_time=600_000)
    stats = cache.stats()
    assert stats["shared_errors"] == 3 and stats["fallback_mints"] == 5
