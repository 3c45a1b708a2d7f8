"""Run by test_reliability.py in a fresh interpreter: one scenario per run.

    python reliability_child.py SCENARIO BASE_URL API_KEY

The mock lives in the parent (pytest) process, so this process's memory is the client's
alone, and a hang or a crash here fails one test instead of taking the suite down. Output
is one JSON line (``load``) or a few ``key value`` lines the parent checks.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

from databrain import AsyncDatabrain, Databrain

APP = "sales-dashboard"

# 10,000 concurrent connections overflow the mock's listen backlog now and then, and a
# connection whose handshake the kernel dropped stalls until the attempt's timeout: keep that
# short (guest tokens are retried on timeouts) so a stall costs seconds, not the default 30.
TIMEOUT = 5.0
RETRIES = 3


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


_libc: Any = None
if sys.platform.startswith("linux"):
    name = ctypes.util.find_library("c")
    if name:
        _libc = ctypes.CDLL(name)


def trim() -> bool:
    """Gives glibc's free pages back to the OS. The runtime's worker threads each get a malloc
    arena, and glibc keeps an arena's freed memory mapped; without this, RSS measures the
    allocator's high-water mark rather than what is still allocated."""
    if _libc is None or not hasattr(_libc, "malloc_trim"):
        return False
    _libc.malloc_trim(0)
    return True


def settle(close: Callable[[], None], fds_before: int) -> Dict[str, float]:
    """Closes the pools, waits for the sockets to go, collects garbage, measures."""
    close()
    deadline = time.monotonic() + 10
    while open_fds() > fds_before + 16 and time.monotonic() < deadline:
        time.sleep(0.05)
    gc.collect()
    raw = rss_mb()
    trimmed = trim()
    return {"raw": raw, "rss": rss_mb(), "trimmed": float(trimmed), "fds": float(open_fds())}


def load(url: str, key: str) -> None:
    aclient = AsyncDatabrain(base_url=url, api_key=key, timeout=TIMEOUT, max_retries=RETRIES)
    client = Databrain(base_url=url, api_key=key, timeout=TIMEOUT, max_retries=RETRIES)
    threads, per_thread = 64, 50

    async def concurrent(n: int, tag: str) -> List[str]:
        calls = (aclient.create_guest_token(client_id=f"{tag}-{i}", data_app_name=APP) for i in range(n))
        return await asyncio.wait_for(asyncio.gather(*calls), 90)

    def worker(n: int, tag: str) -> List[str]:
        return [client.create_guest_token(client_id=f"{tag}-t{n}-{i}", data_app_name=APP) for i in range(per_thread)]

    def threaded(tag: str) -> List[str]:
        start = threading.Barrier(threads)

        def run(n: int) -> List[str]:
            start.wait(30)
            return worker(n, tag)

        with ThreadPoolExecutor(threads) as pool:
            futures = [pool.submit(run, n) for n in range(threads)]
            return [t for f in futures for t in f.result(timeout=90)]

    def close() -> None:
        client.close()
        asyncio.run(aclient.aclose())

    fds0 = open_fds()
    out: Dict[str, Any] = {}
    # Warm-up at full size: the runtime, its blocking threads and the allocator's arenas reach
    # their working size here, so the comparison below is load against load.
    asyncio.run(concurrent(10_000, "warm"))
    threaded("warm")
    out["baseline"] = settle(close, fds0)

    started = time.monotonic()
    tokens = asyncio.run(concurrent(10_000, "load"))
    out["asyncio_seconds"] = time.monotonic() - started
    out["asyncio_unique"] = len(set(tokens))
    started = time.monotonic()
    tokens = threaded("load")
    out["threads_seconds"] = time.monotonic() - started
    out["threads_unique"] = len(set(tokens))
    out["threads_expected"] = threads * per_thread
    del tokens
    out["after"] = settle(close, fds0)
    out["fds_start"] = fds0
    print(json.dumps(out), flush=True)


def shutdown(scenario: str, url: str, key: str) -> None:
    """Leaves calls in flight (the parent made the mock hang) and lets the interpreter exit."""
    client = Databrain(base_url=url, api_key=key, timeout=20, max_retries=0)
    aclient = AsyncDatabrain(base_url=url, api_key=key, timeout=20, max_retries=0)

    def call() -> None:
        try:
            client.create_guest_token(client_id="in-flight", data_app_name=APP)
            print("answered", flush=True)
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            print(f"thread error {type(exc).__name__}", flush=True)

    if scenario == "daemon-threads":
        for _ in range(8):
            threading.Thread(target=call, daemon=True).start()
        time.sleep(0.4)
    elif scenario == "sys-exit":
        for _ in range(4):
            threading.Thread(target=call, daemon=True).start()
        time.sleep(0.4)
        print("exiting", flush=True)
        sys.exit(3)
    elif scenario == "non-daemon-thread":
        # Python joins non-daemon threads at exit: the process ends when the call does, i.e.
        # at the client's timeout.
        short = Databrain(base_url=url, api_key=key, timeout=0.5, max_retries=0)

        def bounded() -> None:
            try:
                short.create_guest_token(client_id="in-flight", data_app_name=APP)
            except Exception as exc:  # noqa: BLE001
                print(f"thread error {type(exc).__name__}", flush=True)

        threading.Thread(target=bounded).start()
        time.sleep(0.1)
    elif scenario == "loop-in-daemon-thread":

        def run_loop() -> None:
            async def many() -> None:
                calls = (aclient.create_guest_token(client_id="in-flight", data_app_name=APP) for _ in range(8))
                await asyncio.gather(*calls)

            asyncio.run(many())

        threading.Thread(target=run_loop, daemon=True).start()
        time.sleep(0.4)
    elif scenario == "answers-during-exit":
        # The mock answers after ~0.3 s: the answers arrive while the interpreter finalises.
        for _ in range(16):
            threading.Thread(target=call, daemon=True).start()
        time.sleep(0.28)
    elif scenario == "asyncio-task":
        # A task still waiting on a call when asyncio.run() returns (it cancels the task).

        async def main() -> None:
            asyncio.ensure_future(aclient.create_guest_token(client_id="in-flight", data_app_name=APP))
            await asyncio.sleep(0.3)

        asyncio.run(main())
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print("main done", flush=True)


if __name__ == "__main__":
    scenario, base_url, api_key = sys.argv[1:4]
    if scenario == "load":
        load(base_url, api_key)
    else:
        shutdown(scenario, base_url, api_key)
