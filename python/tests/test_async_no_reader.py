"""AsyncDatabrain on a loop that cannot watch a file descriptor (Windows' Proactor loop, some
embedded loops): results are delivered with ``call_soon_threadsafe``, in batches, over real
HTTP against the mock; a loop that can watch one keeps the fd fast path."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, List

from databrain import AsyncDatabrain, NotFoundError
from databrain.testing import DEFAULT_DATA_APP, GUEST_TOKEN_PATH, MockServer


class _CountingLoop(asyncio.SelectorEventLoop):
    """Counts the drains scheduled through call_soon_threadsafe."""

    drains = 0

    def call_soon_threadsafe(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if type(callback).__name__ == "LoopCompletions":
            self.drains += 1
        return super().call_soon_threadsafe(callback, *args, **kwargs)


class _NoReaderLoop(_CountingLoop):
    """Refuses add_reader as the Proactor loop does."""

    def add_reader(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        raise NotImplementedError


def _run(loop: _CountingLoop, calls: int, mock: MockServer) -> List[Any]:
    async def main() -> List[Any]:
        client = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
        minted = [client.create_guest_token(client_id=f"u{i}", data_app_name=DEFAULT_DATA_APP) for i in range(calls)]
        failing = client.create_guest_token(client_id="u", data_app_name="no-such-app")
        return await asyncio.gather(*minted, failing, return_exceptions=True)

    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def test_a_loop_without_add_reader_gets_results_in_batches(mock: MockServer) -> None:
    loop = _NoReaderLoop()
    results = _run(loop, 200, mock)
    tokens, error = results[:-1], results[-1]
    assert all(isinstance(t, str) and t for t in tokens), [t for t in tokens if not isinstance(t, str)][:3]
    assert isinstance(error, NotFoundError)
    assert mock.request_count(GUEST_TOKEN_PATH) == 201
    # Every result arrived through scheduled drains, several results per drain at least once.
    assert 1 <= loop.drains <= 201, loop.drains


def test_cancellation_works_without_add_reader(fresh_mock: MockServer) -> None:
    from databrain import _native

    fresh_mock.inject_fault(kind="delay", ms=5000, path=GUEST_TOKEN_PATH, times=1)

    async def main() -> None:
        client = AsyncDatabrain(base_url=fresh_mock.url, api_key=fresh_mock.api_key, timeout=10.0)
        call = asyncio.ensure_future(client.create_guest_token(client_id="u", data_app_name=DEFAULT_DATA_APP))
        await asyncio.sleep(0.2)
        call.cancel()
        try:
            await call
        except asyncio.CancelledError:
            pass
        for _ in range(100):
            if _native._live_async_calls() == 0:
                return
            await asyncio.sleep(0.02)
        raise AssertionError("the cancelled call's Rust future was not dropped")

    loop = _NoReaderLoop()
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()


def test_a_loop_with_add_reader_keeps_the_fd_path(mock: MockServer) -> None:
    loop = _CountingLoop()
    results = _run(loop, 20, mock)
    assert all(isinstance(t, str) for t in results[:-1])
    assert loop.drains == 0
