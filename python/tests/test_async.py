"""AsyncDatabrain: real awaitables on the running loop, concurrency, cancellation."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from databrain import (
    APITimeoutError,
    AsyncDatabrain,
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, MockServer

async def test_guest_and_api_token(aclient: AsyncDatabrain, mock: MockServer) -> None:
    async with aclient as c:
        token = await c.create_guest_token(
            client_id="u1", data_app_name="sales-dashboard", permissions={"isShowSideBar": False}, expiry_time=60_000
        )
        uuid.UUID(token)
        assert mock.last_request()["body"] == {
            "clientId": "u1",
            "dataAppName": "sales-dashboard",
            "permissions": {"isShowSideBar": False},
            "expiryTime": 60_000,
        }
        key = await c.create_api_token(data_app_name="sales-dashboard", name="k", legacy_endpoint=True)
        uuid.UUID(key)
        assert mock.last_request()["body"] == {"dataAppName": "sales-dashboard", "name": "k"}


async def test_calls_are_coroutines_and_errors_raise_on_await(aclient: AsyncDatabrain, mock: MockServer) -> None:
    pending = aclient.create_guest_token(client_id=5, data_app_name="sales-dashboard")  # type: ignore[arg-type]
    assert asyncio.iscoroutine(pending)
    with pytest.raises(ValidationError) as info:
        await pending
    assert info.value.errors == [("clientId", "expected a string, got a number")]
    assert mock.requests() == []


async def test_error_classes(aclient: AsyncDatabrain, mock: MockServer) -> None:
    with pytest.raises(NotFoundError):
        await aclient.create_guest_token(client_id="u", data_app_name="no such app")
    with pytest.raises(AuthenticationError):
        await AsyncDatabrain(base_url=mock.url, api_key="wrong").create_guest_token(client_id="u", data_app_name="sales-dashboard")
    with pytest.raises(ConfigurationError):
        await AsyncDatabrain(base_url=mock.url).create_guest_token(client_id="u", data_app_name="sales-dashboard")
    mock.inject_fault(kind="status", status=500, path=API_TOKENS_PATH)
    with pytest.raises(ServerError):
        await aclient.create_api_token(data_app_name="sales-dashboard", name="k")
    assert mock.request_count(API_TOKENS_PATH) == 1
    mock.inject_fault(kind="status", status=429, retryAfter="120", path=GUEST_TOKEN_PATH)
    with pytest.raises(RateLimitError) as info:
        await aclient.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    assert info.value.retry_after == 120.0


async def test_retry_then_success(aclient: AsyncDatabrain, mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=429, retryAfter="0", path=GUEST_TOKEN_PATH, times=2)
    assert await aclient.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    assert mock.request_count(GUEST_TOKEN_PATH) == 3


async def test_timeout(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    client = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=0.2, max_retries=0)
    mock.inject_fault(kind="delay", ms=2000, path=GUEST_TOKEN_PATH)
    with pytest.raises(APITimeoutError):
        await client.create_guest_token(client_id="u", data_app_name="sales-dashboard")


async def test_thousand_concurrent_guest_tokens(aclient: AsyncDatabrain, mock: MockServer) -> None:
    start = time.monotonic()
    tokens = await asyncio.gather(
        *(aclient.create_guest_token(client_id=f"user-{i}", data_app_name="sales-dashboard") for i in range(1000))
    )
    elapsed = time.monotonic() - start
    assert len(set(tokens)) == 1000
    assert mock.request_count(GUEST_TOKEN_PATH) == 1000
    issued = {t["clientId"]: t["token"] for t in mock.guest_tokens()}
    assert all(issued[f"user-{i}"] == tokens[i] for i in range(1000)), "each awaitable gets its own answer"
    assert elapsed < 20, elapsed


async def test_calls_overlap(aclient: AsyncDatabrain, mock: MockServer) -> None:
    mock.inject_fault(kind="delay", ms=400, path=GUEST_TOKEN_PATH, times=10)
    start = time.monotonic()
    await asyncio.gather(*(aclient.create_guest_token(client_id="u", data_app_name="sales-dashboard") for _ in range(10)))
    assert time.monotonic() - start < 2.0, "ten 0.4 s calls must run concurrently"


async def test_the_event_loop_keeps_running_during_a_call(aclient: AsyncDatabrain, mock: MockServer) -> None:
    mock.inject_fault(kind="delay", ms=500, path=GUEST_TOKEN_PATH)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.ensure_future(ticker())
    await aclient.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    task.cancel()
    assert ticks >= 10


async def test_cancellation_abandons_the_request(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="delay", ms=3000, path=GUEST_TOKEN_PATH)
    start = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(aclient.create_guest_token(client_id="slow", data_app_name="sales-dashboard"), 0.3)
    assert time.monotonic() - start < 1.0
    # The client is still healthy; the abandoned call had not completed.
    assert await aclient.create_guest_token(client_id="next", data_app_name="sales-dashboard")
    assert [t["clientId"] for t in mock.guest_tokens()] == ["next"]


async def test_explicit_task_cancel(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="delay", ms=3000, path=GUEST_TOKEN_PATH)
    task = asyncio.ensure_future(aclient.create_guest_token(client_id="slow", data_app_name="sales-dashboard"))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_one_client_across_event_loops(mock: MockServer) -> None:
    client = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    for _ in range(3):
        assert asyncio.run(client.create_guest_token(client_id="u", data_app_name="sales-dashboard"))


def test_awaiting_outside_a_loop_is_a_clear_error(mock: MockServer) -> None:
    client = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    coro = client.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    with pytest.raises(RuntimeError):
        coro.send(None)
    coro.close()
