"""Threads, the GIL, fork() and Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List

import pytest

import databrain
from databrain import AsyncDatabrain, Databrain
from databrain.testing import GUEST_TOKEN_PATH, MockServer

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_sixteen_threads_share_one_client(client: Databrain, mock: MockServer) -> None:
    def work(n: int) -> List[str]:
        return [client.create_guest_token(client_id=f"t{n}-{i}", data_app_name="sales-dashboard") for i in range(25)]

    with ThreadPoolExecutor(16) as pool:
        tokens = [t for batch in pool.map(work, range(16)) for t in batch]
    assert len(set(tokens)) == 16 * 25
    assert mock.request_count(GUEST_TOKEN_PATH) == 16 * 25


def test_sync_calls_release_the_gil(client: Databrain, mock: MockServer) -> None:
    # Sixteen 0.3 s calls from sixteen threads: serial would take 4.8 s.
    mock.inject_fault(kind="delay", ms=300, path=GUEST_TOKEN_PATH, times=16)
    start = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: client.create_guest_token(client_id=f"u{i}", data_app_name="sales-dashboard"), range(16)))
    assert time.monotonic() - start < 2.0

    # And pure-Python work keeps running while a call waits.
    mock.inject_fault(kind="delay", ms=400, path=GUEST_TOKEN_PATH)
    done = threading.Event()
    counter = 0

    def call() -> None:
        client.create_guest_token(client_id="slow", data_app_name="sales-dashboard")
        done.set()

    thread = threading.Thread(target=call)
    thread.start()
    while not done.is_set():
        counter += 1
    thread.join()
    assert counter > 10_000


def _wait_child(pid: int, timeout: float = 30.0) -> int:
    """waitpid with a deadline: a hung child fails the test instead of hanging the suite."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung")


def _run_in_child(fn: Callable[[], str]) -> str:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        code = 0
        try:
            out = fn()
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent
            out, code = f"{type(exc).__name__}: {exc}", 1
        os.write(write_end, out.encode())
        os._exit(code)
    os.close(write_end)
    code = _wait_child(pid)
    with os.fdopen(read_end, "rb") as f:
        out = f.read().decode()
    assert code == 0, out
    return out


@needs_fork
def test_fork_child_uses_a_client_made_before_the_fork(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
    # Warm up: the runtime, a pooled connection, an async call.
    client.create_guest_token(client_id="parent-1", data_app_name="sales-dashboard")
    asyncio.run(aclient.create_guest_token(client_id="parent-2", data_app_name="sales-dashboard"))

    def child() -> str:
        sync = client.create_guest_token(client_id="child-sync", data_app_name="sales-dashboard")
        coro = aclient.create_guest_token(client_id="child-async", data_app_name="sales-dashboard")
        asynchronous = asyncio.run(coro)
        return f"{sync} {asynchronous}"

    tokens = _run_in_child(child).split()
    assert len(tokens) == 2
    # The parent's pool and runtime still work after the fork.
    client.create_guest_token(client_id="parent-3", data_app_name="sales-dashboard")
    issued = {t["clientId"]: t["token"] for t in mock.guest_tokens()}
    assert issued["child-sync"] == tokens[0] and issued["child-async"] == tokens[1]
    assert "parent-3" in issued


@needs_fork
def test_fork_twice_and_before_first_use(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)

    def grandchild() -> str:
        return client.create_guest_token(client_id="grandchild", data_app_name="sales-dashboard")

    def child() -> str:
        token = client.create_guest_token(client_id="child", data_app_name="sales-dashboard")
        return token + " " + _run_in_child(grandchild)

    assert len(_run_in_child(child).split()) == 2
    assert {"child", "grandchild"} <= {t["clientId"] for t in mock.guest_tokens()}


@needs_fork
def test_module_level_functions_after_fork(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRAIN_API_KEY", mock.api_key)
    monkeypatch.setenv("DATABRAIN_BASE_URL", mock.url)
    monkeypatch.setattr(databrain._client, "_default", None)
    databrain.create_guest_token(client_id="parent", data_app_name="sales-dashboard")
    out = _run_in_child(lambda: databrain.create_guest_token(client_id="child", data_app_name="sales-dashboard"))
    assert out in {t["token"] for t in mock.guest_tokens()}


CTRL_C_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from databrain import Databrain
    from databrain.testing import MockServer, GUEST_TOKEN_PATH

    # Python's own Ctrl-C handler, also when the test runs under a parent that ignores SIGINT
    # (a background job of a non-interactive shell inherits SIG_IGN, and Python keeps it).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with MockServer() as mock:
        mock.inject_fault(kind="delay", ms=20000, path=GUEST_TOKEN_PATH)
        client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=60)
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
        start = time.monotonic()
        try:
            client.create_guest_token(client_id="u", data_app_name="sales-dashboard")
        except KeyboardInterrupt:
            print("interrupted after %.2f s" % (time.monotonic() - start))
            sys.stdout.flush()
            os._exit(0)
    print("not interrupted")
    os._exit(1)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_interrupts_a_blocking_call() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_SCRIPT], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seconds = float(result.stdout.split()[2])
    assert seconds < 2.0, result.stdout
