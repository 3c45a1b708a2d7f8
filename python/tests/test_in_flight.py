"""The per-client in-flight limit (``max_in_flight``) under 10,000 concurrent calls, against a
mock of its own: zero errors, no more requests on the wire than the limit, sockets within
1.25 x the limit + 4 (README's guarantee), bounded memory. No timing
assertions; the figures are printed (``pytest -s``)."""

from __future__ import annotations

import asyncio
import json
import resource
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Iterator, List, Optional

import pytest

from databrain import APITimeoutError, AsyncDatabrain, ConfigurationError, Databrain
from databrain.testing import MockServer

GUEST_TOKEN_PATH = "/api/v2/guest-token/create"
CALLS = 10_000


@pytest.fixture
def own_mock() -> Iterator[MockServer]:
    # Its own mock: sockets other tests' clients keep alive must not count here.
    with MockServer() as server:
        yield server


def connections(mock: MockServer) -> Dict[str, int]:
    """``GET /__mock/connections``: sockets that carried API calls ({open, peak, total}) and API
    requests being served ({requests, peakRequests})."""
    with urllib.request.urlopen(f"{mock.url}/__mock/connections") as answer:
        stats: Dict[str, int] = json.load(answer)
    return stats


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def socket_bound(limit: int) -> int:
    """Most sockets a client may have open at once (README's guarantee): reqwest's pool keeps at
    most ``limit`` idle, and a connect it started for a request that then took an idle socket
    still completes."""
    return limit * 5 // 4 + 4


async def burst(client: AsyncDatabrain) -> List[str]:
    return await asyncio.gather(
        *(client.create_guest_token(client_id=f"user-{i}", data_app_name="sales-dashboard") for i in range(CALLS))
    )


@pytest.mark.parametrize("limit", [32, None])
async def test_ten_thousand_concurrent_async_calls_stay_within_the_limit(
    own_mock: MockServer, limit: Optional[int]
) -> None:
    client = AsyncDatabrain(base_url=own_mock.url, api_key=own_mock.api_key, max_in_flight=limit)
    rss_before = max_rss_mib()
    tokens = await burst(client)
    grown = max_rss_mib() - rss_before
    stats = connections(own_mock)
    bound = limit or 256
    print(f"{CALLS} async calls, max_in_flight {bound}: sockets {stats}, peak RSS +{grown:.1f} MiB")
    assert len(set(tokens)) == CALLS
    assert own_mock.request_count(GUEST_TOKEN_PATH) == CALLS, "one request per call, no retries"
    assert stats["peakRequests"] <= bound, "the limit is exact for requests on the wire"
    assert 1 <= stats["peak"] <= socket_bound(bound), "sockets stay within README's bound"
    assert grown < 512, f"peak RSS grew {grown:.1f} MiB"


def test_ten_thousand_calls_from_64_threads_stay_within_the_limit(own_mock: MockServer) -> None:
    with Databrain(base_url=own_mock.url, api_key=own_mock.api_key, max_in_flight=16) as client:

        def call(i: int) -> str:
            return client.create_guest_token(client_id=f"user-{i}", data_app_name="sales-dashboard")

        with ThreadPoolExecutor(max_workers=64) as pool:
            tokens = list(pool.map(call, range(CALLS)))
    stats = connections(own_mock)
    print(f"{CALLS} calls from 64 threads, max_in_flight 16: sockets {stats}")
    assert len(set(tokens)) == CALLS
    assert stats["peakRequests"] <= 16
    assert 1 <= stats["peak"] <= socket_bound(16)


async def test_a_call_that_waits_out_its_timeout_in_the_queue_raises_the_timeout_error(
    own_mock: MockServer,
) -> None:
    # Every request is held 2 s, far past the 0.2 s timeout; one slot for five calls.
    own_mock.inject_fault(kind="delay", ms=2000, path=GUEST_TOKEN_PATH, times=5)
    client = AsyncDatabrain(
        base_url=own_mock.url, api_key=own_mock.api_key, max_in_flight=1, max_retries=0, timeout=0.2
    )
    results = await asyncio.gather(
        *(client.create_guest_token(client_id=f"u{i}", data_app_name="sales-dashboard") for i in range(5)),
        return_exceptions=True,
    )
    assert all(isinstance(r, APITimeoutError) for r in results), results
    queued = [r for r in results if isinstance(r, APITimeoutError) and "waiting for a connection slot" in str(r)]
    assert len(queued) >= 3, results
    assert all(r.attempts == 0 and r.request_id for r in queued)


def test_max_in_flight_is_checked_by_the_core() -> None:
    with pytest.raises(ConfigurationError, match=r"maxInFlight: must be at least 1"):
        Databrain(base_url="http://127.0.0.1:1", max_in_flight=0)
    with pytest.raises(ConfigurationError, match=r"maxInFlight: expected a whole number"):
        Databrain(base_url="http://127.0.0.1:1", max_in_flight=-3)
