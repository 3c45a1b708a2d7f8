"""AsyncDatabrain on different event loops: asyncio and uvloop, one loop per thread, loops
closed with calls in flight, fork, and cancellation dropping the Rust future.

Results reach Python on the loop's own thread (a per-loop queue drained when the loop wakes
on its fd), so each of these checks that the right loop gets the right results."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Dict, List, TypeVar

import pytest
import uvloop

from databrain import AsyncDatabrain, NotFoundError, _native
from databrain.testing import GUEST_TOKEN_PATH, MockServer

APP = "sales-dashboard"
T = TypeVar("T")

LOOPS: Dict[str, Callable[[], asyncio.AbstractEventLoop]] = {
    "asyncio": asyncio.new_event_loop,
    "uvloop": uvloop.new_event_loop,
}


@pytest.fixture(params=list(LOOPS))
def loop_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run_on(kind: str, main: Callable[[], Awaitable[T]]) -> T:
    """`asyncio.run` on a fresh loop of `kind`."""
    loop = LOOPS[kind]()
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def _live() -> int:
    return int(_native._live_async_calls())


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_results_and_errors_on_each_loop(loop_kind: str, mock: MockServer) -> None:
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token)

    async def main() -> List[str]:
        tokens = await asyncio.gather(*(aclient.create_guest_token(client_id=f"u{i}", data_app_name=APP) for i in range(200)))
        with pytest.raises(NotFoundError):
            await aclient.create_guest_token(client_id="x", data_app_name="no-such-app")
        return list(tokens)

    tokens = run_on(loop_kind, main)
    issued = {t["clientId"]: t["token"] for t in mock.guest_tokens()}
    assert tokens == [issued[f"u{i}"] for i in range(200)]
    assert _wait_until(lambda: _live() == 0, 2.0)


def test_one_loop_per_thread_each_gets_its_own_results(mock: MockServer) -> None:
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    barrier = threading.Barrier(4)

    def worker(n: int) -> List[str]:
        async def main() -> List[str]:
            barrier.wait()  # the four loops run at the same time
            calls = [aclient.create_guest_token(client_id=f"t{n}-{i}", data_app_name=APP) for i in range(100)]
            return list(await asyncio.gather(*calls))

        return run_on("uvloop" if n % 2 else "asyncio", main)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(worker, range(4)))
    issued = {t["clientId"]: t["token"] for t in mock.guest_tokens()}
    for n, tokens in enumerate(results):
        assert tokens == [issued[f"t{n}-{i}"] for i in range(100)]


def test_cancelled_await_drops_the_rust_future(loop_kind: str, fresh_mock: MockServer) -> None:
    mock = fresh_mock
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="delay", ms=3000, path=GUEST_TOKEN_PATH, times=1)
    before = _live()
    seen: Dict[str, Any] = {}

    async def main() -> None:
        task = asyncio.ensure_future(aclient.create_guest_token(client_id="slow", data_app_name=APP))
        await asyncio.sleep(0.2)
        seen["in_flight"] = _live()  # the call's future is alive while it waits
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        started = time.monotonic()
        while _live() > before and time.monotonic() - started < 1.0:
            await asyncio.sleep(0.01)
        seen["after_cancel"] = _live()
        seen["dropped_after"] = time.monotonic() - started

    run_on(loop_kind, main)
    assert seen["in_flight"] == before + 1
    # Dropped within a second of the cancel, long before the 3 s delay could have ended.
    assert seen["after_cancel"] == before, seen
    assert seen["dropped_after"] < 1.0
    assert not [t for t in mock.guest_tokens() if t["clientId"] == "slow"]


def test_wait_for_timeout_drops_the_rust_future(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="delay", ms=3000, path=GUEST_TOKEN_PATH, times=20)
    before = _live()

    async def main() -> None:
        calls = [aclient.create_guest_token(client_id=f"slow{i}", data_app_name=APP) for i in range(20)]
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(*calls), 0.3)

    run_on("uvloop", main)
    assert _wait_until(lambda: _live() == before, 1.0), _live()


_LOOP_CLOSED_CHILD = """
import asyncio, gc, sys, time, uvloop
from databrain import AsyncDatabrain
from databrain.testing import GUEST_TOKEN_PATH, MockServer

new_loop = {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}[sys.argv[1]]
with MockServer() as mock:
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="delay", ms=300, path=GUEST_TOKEN_PATH, times=50)
    loop = new_loop()
    async def start():
        return [asyncio.ensure_future(aclient.create_guest_token(client_id=f"c{i}", data_app_name="sales-dashboard"))
                for i in range(50)]
    tasks = loop.run_until_complete(start())
    loop.run_until_complete(asyncio.sleep(0.05))
    loop.close()          # 50 calls still in flight; they finish into a queue nobody drains
    time.sleep(0.8)
    for t in tasks:
        t._log_destroy_pending = False  # asyncio's own complaint about pending tasks, not ours
    del tasks, loop
    gc.collect()
    loop = new_loop()
    token = loop.run_until_complete(aclient.create_guest_token(client_id="next", data_app_name="sales-dashboard"))
    loop.close()
    print("ok", bool(token), len(mock.guest_tokens()))
"""


def test_loop_closed_with_calls_in_flight(loop_kind: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _LOOP_CLOSED_CHILD, loop_kind], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["ok", "True", "51"], result.stdout + result.stderr
    assert result.stderr.strip() == "", result.stderr


_EXIT_CHILD = """
import asyncio, sys, uvloop
from databrain import AsyncDatabrain
new_loop = {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}[sys.argv[1]]
aclient = AsyncDatabrain(base_url=sys.argv[2], api_key=sys.argv[3])
loop = new_loop()
async def main():
    for i in range(100):
        asyncio.ensure_future(aclient.create_guest_token(client_id=f"e{i}", data_app_name="sales-dashboard"))
    await asyncio.sleep(0.05)
loop.run_until_complete(main())
print("main done", flush=True)
# The loop is neither closed nor drained: the calls complete while the interpreter exits.
"""


def test_interpreter_exit_with_calls_in_flight_on_each_loop(loop_kind: str) -> None:
    with MockServer() as mock:
        mock.inject_fault(kind="delay", ms=150, path=GUEST_TOKEN_PATH, times=100)
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", _EXIT_CHILD, loop_kind, mock.url, mock.api_key],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for proc in runs:
            stdout, stderr = proc.communicate(timeout=60)
            assert proc.returncode == 0 and stdout.strip() == "main done", stdout + stderr
            assert "Fatal Python error" not in stderr and "panicked" not in stderr, stderr


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@needs_fork
def test_fork_child_gets_its_own_queue(loop_kind: str, mock: MockServer) -> None:
    """The parent keeps a loop (and its queue + fd) open across the fork; the child's calls
    on a new loop work, and the parent's loop still gets its own results afterwards."""
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    loop = LOOPS[loop_kind]()
    try:
        assert loop.run_until_complete(aclient.create_guest_token(client_id="parent-1", data_app_name=APP))
        parent_queue = getattr(loop, "_databrain_completions", None)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                child_loop = LOOPS[loop_kind]()
                calls = [aclient.create_guest_token(client_id=f"child-{i}", data_app_name=APP) for i in range(20)]

                async def child_main() -> List[str]:
                    return list(await asyncio.gather(*calls))

                tokens = child_loop.run_until_complete(child_main())
                fresh = getattr(child_loop, "_databrain_completions", None) is not parent_queue
                child_loop.close()
                os.write(write_end, f"{len(tokens)} {fresh}".encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as f:
            out = f.read().decode()
        assert os.waitstatus_to_exitcode(status) == 0 and out == "20 True", out
        async def parent_main() -> List[str]:
            calls = [aclient.create_guest_token(client_id=f"parent-{i}", data_app_name=APP) for i in range(2, 12)]
            return list(await asyncio.gather(*calls))

        assert len(loop.run_until_complete(parent_main())) == 10
    finally:
        loop.close()
    issued = {t["clientId"] for t in mock.guest_tokens()}
    assert {f"child-{i}" for i in range(20)} <= issued
    assert {f"parent-{i}" for i in range(1, 12)} <= issued
