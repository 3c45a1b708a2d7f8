#!/usr/bin/env python3
"""Python side of the databrain-sdk benchmarks (see BENCHMARKS.md).

One small JSON POST (`/api/v2/guest-token/create`) against a loopback `databrain-mock`, done
with the `databrain` package and with the best hand-written clients Python users have. Every
client sends the same body, parses the JSON answer and extracts the token.

Each case runs in a fresh child process (so CPU time, RSS and threads belong to that client
alone) and prints one JSON line:

* ``async``: ``AsyncDatabrain`` / ``aiohttp.ClientSession`` / ``httpx.AsyncClient``,
  64 coroutines on one asyncio loop.
* ``threads``: ``Databrain`` (one shared client) / ``requests.Session`` (one per thread) /
  ``httpx.Client`` (one shared client), 16 threads.
* ``serial``: 2,000 sequential calls; p50/p99 latency.
* ``rss``: RSS (resident set, now, not peak) after warm-up and after 100,000 more calls.
* ``convert``: median time on the calling thread to issue one async call (dict -> core
  request conversion with parsing and validation, and creating the asyncio future), for a
  minimal and a maximal request; the network wait is not included.
* ``shared``: the fleet-wide shared tier on a real redis-server: a shared-tier hit against a
  raw redis-py ``GET`` of the same entry, and an in-process hit with the tier configured.
* ``cache``: time of one ``GuestTokenCache.get(**kwargs)`` that hits (keyword arguments ->
  core request, cache key, lookup, the ``GuestToken`` object), minimal and maximal request
  with an ``expiry_time``; best of 5 loops (issue 15's goal: <= 10 us).

Throughput runs are bounded both in calls (``--requests``) and in time (``--duration``).
CPU per request is user+system time of the whole process (all threads, incl. the native
runtime's) from ``resource.getrusage(RUSAGE_SELF)`` over the measured window.

Usage: python_bench.py --url http://127.0.0.1:PORT [--quick] [--only CASE,...]
       python_bench.py --url URL --case async:databrain   (one case, in this process)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import resource
import subprocess
import sys
import threading
import time

API_KEY = "11111111-1111-4111-8111-111111111111"
PATH = "/api/v2/guest-token/create"
BODY = {"clientId": "user-1", "dataAppName": "sales-dashboard"}
HEADERS = {"Authorization": f"Bearer {API_KEY}"}

def _maximal() -> dict:
    """The shared maximal request (tests/vectors/maximal_guest_token.json) as keyword arguments."""
    import json
    import pathlib
    import re

    path = pathlib.Path(__file__).resolve().parents[1] / "tests" / "vectors" / "maximal_guest_token.json"
    request = json.loads(path.read_text(encoding="utf-8"))["input"]
    return {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): v for k, v in request.items()}


MAXIMAL = _maximal()


# ---------------------------------------------------------------------------- measurements


def cpu_us() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return (u.ru_utime + u.ru_stime) * 1e6


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1048576.0


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), -(-int(p * len(sorted_values)) // 100)))
    return sorted_values[rank - 1]


class Window:
    """CPU, wall clock and RSS over one measured window."""

    def __enter__(self) -> "Window":
        self.rss0 = rss_mb()
        self.cpu0 = cpu_us()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.t0
        self.cpu = cpu_us() - self.cpu0
        self.rss1 = rss_mb()

    def report(self, calls: int, errors: int) -> dict:
        ok = calls - errors
        return {
            "calls": calls,
            "errors": errors,
            "seconds": self.seconds,
            "req_per_s": ok / self.seconds if self.seconds else 0.0,
            "cpu_us_per_req": self.cpu / max(calls, 1),
            "cpu_cores": self.cpu / 1e6 / self.seconds if self.seconds else 0.0,
            "rss_mb_before": self.rss0,
            "rss_mb_after": self.rss1,
        }


# ---------------------------------------------------------------------------- clients
# Each factory returns (call, close): `call()` does one request and returns the token.


def async_client(name: str, base: str, concurrency: int):
    url = base + PATH
    if name == "databrain":
        from databrain import AsyncDatabrain

        client = AsyncDatabrain(api_key=API_KEY, base_url=base, max_retries=0)

        async def call() -> str:
            return await client.create_guest_token(client_id="user-1", data_app_name="sales-dashboard")

        async def close() -> None:
            await client.aclose()

    elif name == "aiohttp":
        import aiohttp

        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency))

        async def call() -> str:
            async with session.post(url, json=BODY, headers=HEADERS) as response:
                response.raise_for_status()
                return (await response.json())["token"]

        async def close() -> None:
            await session.close()

    elif name == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        client = httpx.AsyncClient(limits=limits, timeout=30.0)

        async def call() -> str:
            response = await client.post(url, json=BODY, headers=HEADERS)
            response.raise_for_status()
            return response.json()["token"]

        async def close() -> None:
            await client.aclose()

    else:
        raise SystemExit(f"unknown async client {name!r}")
    return call, close


def sync_client(name: str, base: str, threads: int):
    url = base + PATH
    if name == "databrain":
        from databrain import Databrain

        client = Databrain(api_key=API_KEY, base_url=base, max_retries=0)

        def call() -> str:
            return client.create_guest_token(client_id="user-1", data_app_name="sales-dashboard")

        close = client.close
    elif name == "requests":
        import requests

        local = threading.local()
        sessions: list = []
        lock = threading.Lock()

        def call() -> str:
            # One Session per thread, as requests recommends (a Session is not thread-safe).
            session = getattr(local, "session", None)
            if session is None:
                session = local.session = requests.Session()
                with lock:
                    sessions.append(session)
            response = session.post(url, json=BODY, headers=HEADERS)
            response.raise_for_status()
            return response.json()["token"]

        def close() -> None:
            for s in sessions:
                s.close()

    elif name == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=threads, max_keepalive_connections=threads)
        client = httpx.Client(limits=limits, timeout=30.0)

        def call() -> str:
            response = client.post(url, json=BODY, headers=HEADERS)
            response.raise_for_status()
            return response.json()["token"]

        close = client.close
    else:
        raise SystemExit(f"unknown sync client {name!r}")
    return call, close


# ---------------------------------------------------------------------------- drivers


async def async_drive(call, concurrency: int, budget: int, deadline: float) -> tuple[int, int]:
    remaining = budget
    calls = errors = 0
    first_error: list = []

    async def worker() -> None:
        nonlocal remaining, calls, errors
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            try:
                token = await call()
                if not token:
                    raise RuntimeError("empty token")
            except Exception as e:  # noqa: BLE001 - counted and reported
                errors += 1
                if not first_error:
                    first_error.append(e)
            calls += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    if first_error:
        print(f"python_bench: a call failed: {first_error[0]!r}", file=sys.stderr)
    return calls, errors


def thread_drive(call, threads: int, budget: int, deadline: float) -> tuple[int, int]:
    tickets = itertools.count()  # next() on a count is atomic under the GIL
    results = []
    first_error: list = []

    def worker() -> None:
        calls = errors = 0
        while next(tickets) < budget and time.perf_counter() < deadline:
            try:
                if not call():
                    raise RuntimeError("empty token")
            except Exception as e:  # noqa: BLE001
                errors += 1
                if not first_error:
                    first_error.append(e)
            calls += 1
        results.append((calls, errors))

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if first_error:
        print(f"python_bench: a call failed: {first_error[0]!r}", file=sys.stderr)
    return sum(c for c, _ in results), sum(e for _, e in results)


def serial_latencies(call_once, n: int) -> list[float]:
    lat = []
    for _ in range(n):
        t = time.perf_counter_ns()
        call_once()
        lat.append((time.perf_counter_ns() - t) / 1000.0)
    return lat


# ---------------------------------------------------------------------------- cases


def run_case(case: str, a: argparse.Namespace) -> dict:
    kind, _, name = case.partition(":")
    out: dict = {"bench": f"python-{kind}", "client": name}
    far = time.perf_counter() + 3600
    if kind == "async" or (kind in ("serial", "rss") and name.startswith("async-")):
        cname = name.removeprefix("async-")

        async def main() -> dict:
            call, close = async_client(cname, a.url, a.concurrency)
            try:
                if kind == "async":
                    c, e = await async_drive(call, a.concurrency, a.warmup, far)
                    with Window() as w:
                        calls, errors = await async_drive(call, a.concurrency, a.requests, time.perf_counter() + a.duration)
                    return {**w.report(calls, errors), "errors": errors + e, "concurrency": a.concurrency}
                if kind == "rss":
                    c, e = await async_drive(call, a.concurrency, a.warmup, far)
                    gc.collect()
                    with Window() as w:
                        calls, errors = await async_drive(call, a.concurrency, a.rss_calls, time.perf_counter() + a.rss_max_seconds)
                        gc.collect()
                    r = w.report(calls, errors)
                    return {**r, "errors": errors + e, "rss_growth_mb": r["rss_mb_after"] - r["rss_mb_before"]}
                # serial
                for _ in range(min(a.warmup, 200)):
                    await call()
                lat = []
                cpu0, t0 = cpu_us(), time.perf_counter()
                for _ in range(a.serial):
                    t = time.perf_counter_ns()
                    await call()
                    lat.append((time.perf_counter_ns() - t) / 1000.0)
                return serial_report(lat, cpu_us() - cpu0, time.perf_counter() - t0)
            finally:
                await close()

        out.update(asyncio.run(main()))
    elif kind in ("threads", "serial", "rss"):
        call, close = sync_client(name, a.url, a.threads)
        try:
            if kind == "threads":
                _, e = thread_drive(call, a.threads, a.warmup, far)
                with Window() as w:
                    calls, errors = thread_drive(call, a.threads, a.requests, time.perf_counter() + a.duration)
                out.update(w.report(calls, errors), errors=errors + e, threads=a.threads)
            elif kind == "rss":
                _, e = thread_drive(call, a.threads, a.warmup, far)
                gc.collect()
                with Window() as w:
                    calls, errors = thread_drive(call, a.threads, a.rss_calls, time.perf_counter() + a.rss_max_seconds)
                    gc.collect()
                r = w.report(calls, errors)
                out.update(r, errors=errors + e, threads=a.threads, rss_growth_mb=r["rss_mb_after"] - r["rss_mb_before"])
            else:
                for _ in range(min(a.warmup, 200)):
                    call()
                cpu0, t0 = cpu_us(), time.perf_counter()
                lat = serial_latencies(call, a.serial)
                out.update(serial_report(lat, cpu_us() - cpu0, time.perf_counter() - t0))
        finally:
            close()
    elif kind == "convert":
        out.update(convert_cost(a))
    elif kind == "cache":
        out.update(cache_hit_cost(a))
    elif kind == "shared":
        out.update(shared_tier_cost(a))
    else:
        raise SystemExit(f"unknown case {case!r}")
    return out


def serial_report(lat: list[float], cpu: float, seconds: float) -> dict:
    s = sorted(lat)
    return {
        "calls": len(lat),
        "errors": 0,
        "p50_us": percentile(s, 50),
        "p99_us": percentile(s, 99),
        "mean_us": sum(s) / max(len(s), 1),
        "cpu_us_per_req": cpu / max(len(s), 1),
        "seconds": seconds,
    }


def convert_cost(a: argparse.Namespace) -> dict:
    """Median time on the calling thread to *issue* one async call: dict -> core request
    conversion (parse + validate) and creating the asyncio future. The network wait is not
    included (each call is awaited after the clock stops). Uses the private ``_native``
    client and ``_guest_token_request`` so the wrapper's coroutine does not hide the split."""
    from databrain import AsyncDatabrain
    from databrain._client import _guest_token_request

    n = 500 if a.quick else 5_000

    async def main() -> dict:
        client = AsyncDatabrain(api_key=API_KEY, base_url=a.url, max_retries=0)
        native = client._native
        result = {}
        minimal = {"client_id": "user-1", "data_app_name": "sales-dashboard"}
        for label, kw in (("minimal", minimal), ("maximal", MAXIMAL)):
            args = [kw.get(k) for k in ("client_id", "data_app_name", "params", "permissions", "expiry_time", "datasource_name", "extra_body")]
            for _ in range(200):
                await native.create_guest_token_async(_guest_token_request(*args))
            samples = []
            for _ in range(n):
                t = time.perf_counter_ns()
                pending = native.create_guest_token_async(_guest_token_request(*args))
                samples.append((time.perf_counter_ns() - t) / 1000.0)
                await pending
            samples.sort()
            result[f"{label}_us"] = percentile(samples, 50)
        await client.aclose()
        return result

    result = asyncio.run(main())
    # The same conversion without asyncio and without other threads wanting the GIL: a sync
    # call on a client with no API key converts, parses, validates and serialises, then fails
    # before any I/O (ConfigurationError). Best of 5 loops; includes raising the error.
    os.environ.pop("DATABRAIN_API_KEY", None)
    from databrain import ConfigurationError, Databrain

    nokey = Databrain(base_url=a.url, max_retries=0)
    loops = 2_000 if a.quick else 20_000
    for label, kw in (("minimal", {"client_id": "user-1", "data_app_name": "sales-dashboard"}), ("maximal", MAXIMAL)):
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter_ns()
            for _ in range(loops):
                try:
                    nokey.create_guest_token(**kw)
                except ConfigurationError:
                    pass
            best = min(best, (time.perf_counter_ns() - t) / 1000.0 / loops)
        result[f"sync_nokey_{label}_us"] = best
    return result


def cache_hit_cost(a: argparse.Namespace) -> dict:
    """Mean time of a ``GuestTokenCache.get`` that hits, best of 5 loops: everything a caller
    pays for a cached token (conversion, key, lookup, the ``GuestToken``). One mint per
    request shape before the clock starts; a miss while measuring is reported as an error."""
    from databrain import Databrain, GuestTokenCache

    loops = 2_000 if a.quick else 20_000
    client = Databrain(api_key=API_KEY, base_url=a.url, max_retries=0)
    cache = GuestTokenCache(client)
    result: dict = {}
    minimal = {"client_id": "user-1", "data_app_name": "sales-dashboard", "expiry_time": 600_000}
    maximal = {**MAXIMAL, "expiry_time": 600_000}
    for label, kw in (("minimal", minimal), ("maximal", maximal)):
        cache.get(**kw)
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter_ns()
            for _ in range(loops):
                cache.get(**kw)
            best = min(best, (time.perf_counter_ns() - t) / 1000.0 / loops)
        result[f"hit_{label}_us"] = best
    stats = cache.stats()
    result["misses"] = stats["misses"]
    result["errors"] = stats["misses"] - 2
    client.close()
    return result


def shared_tier_cost(a: argparse.Namespace) -> dict:
    """The fleet-wide shared tier against a real redis-server started here on a free loopback
    port (stopped by pid): a shared-tier hit (``clear()`` then ``get``: an in-process miss that
    Redis answers), a raw redis-py ``GET`` of the same entry (the floor; goal: the hit <= it +
    50 us) and an in-process hit with the tier configured (goal <= 10 us). Means, best of 5
    loops. Empty when redis-server is missing."""
    import shutil
    import socket

    if shutil.which("redis-server") is None:
        return {}
    import redis as redis_py
    from databrain import Databrain, GuestTokenCache

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        raw = redis_py.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                raw.ping()
                break
            except redis_py.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        loops = 500 if a.quick else 5_000
        client = Databrain(api_key=API_KEY, base_url=a.url, max_retries=0)
        cache = GuestTokenCache(client, shared_cache_url=f"redis://127.0.0.1:{port}/")
        kw = {"client_id": "user-shared", "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
        cache.get(**kw)
        entry = next(k for k in raw.scan_iter(match="*:t"))

        def best_of_5(step) -> float:
            best = float("inf")
            for _ in range(5):
                t = time.perf_counter_ns()
                for _ in range(loops):
                    step()
                best = min(best, (time.perf_counter_ns() - t) / 1000.0 / loops)
            return best

        def shared_hit() -> None:
            cache.clear()
            cache.get(**kw)

        result = {
            "shared_hit_us": best_of_5(shared_hit),
            "raw_get_us": best_of_5(lambda: raw.get(entry)),
        }
        cache.get(**kw)
        result["hit_with_shared_tier_us"] = best_of_5(lambda: cache.get(**kw))
        stats = cache.stats()
        result["errors"] = stats["shared_errors"] + stats["fallback_mints"]
        client.close()
        raw.close()
        return result
    finally:
        server.kill()
        server.wait()


# ---------------------------------------------------------------------------- parent


def cases_for(a: argparse.Namespace) -> list[str]:
    all_cases = [
        "async:databrain", "async:aiohttp", "async:httpx",
        "threads:databrain", "threads:requests", "threads:httpx",
        "serial:databrain", "serial:async-databrain", "serial:requests", "serial:httpx",
        "serial:async-aiohttp", "serial:async-httpx",
        "rss:async-databrain", "rss:databrain",
        "convert:databrain",
        "cache:databrain",
        "shared:databrain",
    ]
    if not a.only:
        return all_cases
    wanted = a.only.split(",")
    return [c for c in all_cases if any(c == w or c.startswith(w + ":") for w in wanted)]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="databrain-mock base URL")
    p.add_argument("--quick", action="store_true", help="short runs, for smoke tests")
    p.add_argument("--only", help="comma-separated case kinds or names (async, threads:requests, ...)")
    p.add_argument("--case", help="run one case in this process (used by the parent)")
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--requests", type=int, help="max calls per throughput run")
    p.add_argument("--duration", type=float, help="max seconds per throughput run")
    p.add_argument("--warmup", type=int, help="calls before measuring")
    p.add_argument("--serial", type=int, default=2000, help="calls in a serial-latency run")
    p.add_argument("--rss-calls", type=int, help="calls between the two RSS readings")
    p.add_argument("--rss-max-seconds", type=float, default=120.0)
    p.add_argument("--timeout", type=float, default=300.0, help="kill a case after this many seconds")
    a = p.parse_args()
    a.url = a.url.rstrip("/")
    a.requests = a.requests or (20_000 if a.quick else 400_000)
    a.duration = a.duration or (1.0 if a.quick else 5.0)
    a.warmup = a.warmup or (300 if a.quick else 2_000)
    a.rss_calls = a.rss_calls or (10_000 if a.quick else 100_000)
    if a.quick:
        a.serial = min(a.serial, 500)

    if a.case:
        print(json.dumps(run_case(a.case, a)), flush=True)
        return 0

    failed = 0
    for case in cases_for(a):
        argv = [sys.executable, os.path.abspath(__file__), *strip_only(sys.argv[1:]), "--case", case]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=a.timeout)
        except subprocess.TimeoutExpired:
            print(json.dumps({"bench": f"python-{case.split(':')[0]}", "client": case.split(":", 1)[1], "failed": "timeout"}), flush=True)
            failed += 1
            continue
        sys.stderr.write(done.stderr)
        line = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
        if not line:
            kind, _, name = case.partition(":")
            print(json.dumps({"bench": f"python-{kind}", "client": name, "failed": f"exit {done.returncode}"}), flush=True)
            failed += 1
            continue
        out = json.loads(line[0])
        if done.returncode != 0:
            # The measurement finished and was printed, but the process died afterwards
            # (e.g. a crash at interpreter exit): keep the numbers, record the exit.
            out["exit"] = done.returncode
        print(json.dumps(out), flush=True)
    return 1 if failed else 0


def strip_only(argv: list[str]) -> list[str]:
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--only":
            skip = True
            continue
        if arg.startswith("--only="):
            continue
        out.append(arg)
    return out


if __name__ == "__main__":
    sys.exit(main())
