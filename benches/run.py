#!/usr/bin/env python3
"""Runs every databrain-sdk benchmark against one loopback databrain-mock and prints ONE table
in which each figure stands beside its peers from the same run, as a ratio, with its goal
(BENCHMARKS.md says where each comes from). Called by ./scripts/bench after it has built the
release artifacts.

Writes benches/results/latest.json (every raw measurement, the machine, the table),
benches/results/latest.md (the block BENCHMARKS.md shows between its latest-run markers; with
--update-doc it is put there) and benches/results/req_per_s.png (copied to benches/req_per_s.png).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ROOT / "benches"
RESULTS = BENCHES / "results"
NODE_STAGE = BENCHES / ".node"  # node_modules/databrain = release build of ./node; undici
DOC = ROOT / "BENCHMARKS.md"
DOC_BEGIN, DOC_END = "<!-- latest-run -->", "<!-- /latest-run -->"
API_KEY = "11111111-1111-4111-8111-111111111111"
PATH = "/api/v2/guest-token/create"

def release_dir() -> Path:
    """Where cargo puts release binaries (scripts/bench exports CARGO_BUILD_TARGET like scripts/test)."""
    base = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    triple = os.environ.get("CARGO_BUILD_TARGET")
    return base / triple / "release" if triple else base / "release"


WRK_LUA = f"""wrk.method = "POST"
wrk.path = "{PATH}"
wrk.body = '{{"clientId":"user-1","dataAppName":"sales-dashboard"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {API_KEY}"
"""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def json_lines(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


# ---------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30

    def version(cmd: list[str]) -> str:
        try:
            r = sh(cmd)
            return (r.stdout or r.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "mem_gib": round(mem_gib, 1),
        "kernel": platform.release(),
        "rustc": version(["rustc", "--version"]),
        "python": platform.python_version(),
        "node": version(["node", "--version"]),
        "wrk": version(["wrk", "--version"]),
        "hyperfine": version(["hyperfine", "--version"]),
    }


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def busy_others(own_pids: set[int]) -> list[str]:
    """Other processes using CPU right now (a build running beside the benchmark shows here)."""
    r = sh(["ps", "-eo", "pid,pcpu,comm", "--sort=-pcpu", "--no-headers"])
    out = []
    for line in r.stdout.splitlines()[:15]:
        parts = line.split(None, 2)
        if len(parts) == 3 and float(parts[1]) >= 5.0 and int(parts[0]) not in own_pids and parts[2] != "ps":
            out.append(f"{parts[2]} {parts[1]}%")
    return out


def busy_cores(seconds: float = 2.0) -> float:
    """CPU cores busy machine-wide over `seconds` (from /proc/stat), while we run nothing."""

    def sample() -> tuple[int, int]:
        f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = f[3] + f[4]  # idle + iowait
        return sum(f[:8]) - idle, sum(f[:8])

    b0, t0 = sample()
    time.sleep(seconds)
    b1, t1 = sample()
    return (b1 - b0) / max(t1 - t0, 1) * (os.cpu_count() or 1)


def wait_quiet(max_wait: float, threshold: float = 0.25, own: frozenset = frozenset()) -> float:
    """Waits (up to max_wait s) until other processes use < threshold cores; returns the last reading."""
    deadline = time.monotonic() + max_wait
    busy = busy_cores()
    while busy >= threshold and time.monotonic() < deadline:
        log(f"machine busy ({busy:.2f} cores used by others: {', '.join(busy_others(set(own))) or '?'}); waiting")
        time.sleep(10)
        busy = busy_cores()
    return busy


def proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------- pieces


class Mock:
    def __init__(self, binary: Path, pin: bool) -> None:
        cmd = [str(binary), "--port", "0"]
        if pin:
            cmd = ["taskset", "-c", "0", *cmd]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.proc.kill()
            raise SystemExit(f"databrain-mock did not print its URL (got {line!r})")
        self.url = line.rstrip("/")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def client_prefix(pin: bool) -> list[str]:
    return ["taskset", "-c", "1"] if pin else []


SERIAL_CPU = str((os.cpu_count() or 1) - 1)
ALL_CPUS = f"0-{(os.cpu_count() or 1) - 1}"


def pin_mock(mock: "Mock", cpus: str) -> None:
    """Moves every thread of the running mock onto `cpus`."""
    sh(["taskset", "-a", "-p", "-c", cpus, str(mock.proc.pid)])


def run_wrk(mock: Mock, seconds: int, pin: bool) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA)
        lua = f.name
    try:
        cpu0 = proc_cpu_s(mock.proc.pid)
        r = sh([*client_prefix(pin), "wrk", "-t1", "-c64", f"-d{seconds}s", "-s", lua, mock.url + PATH], timeout=seconds + 60)
        server_cpu = proc_cpu_s(mock.proc.pid) - cpu0
    finally:
        os.unlink(lua)
    m = re.search(r"Requests/sec:\s*([\d.]+)", r.stdout)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", r.stdout)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", r.stdout)
    if not m:
        log(f"wrk failed: {r.stdout}{r.stderr}")
        return {"bench": "wrk", "failed": True}
    calls = int(total.group(1)) if total else 0
    return {
        "bench": "wrk",
        "client": "wrk",
        "req_per_s": float(m.group(1)),
        "calls": calls,
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "server_cpu_us_per_req": server_cpu * 1e6 / calls if calls else None,
    }


def run_rust(binary: Path, mock: Mock, mode: str, a: argparse.Namespace, serial: bool) -> dict:
    prefix = ["taskset", "-c", SERIAL_CPU] if serial and not a.serial_unpinned else client_prefix(a.pin)
    cmd = [*prefix, str(binary), "--mode", mode, "--url", mock.url]
    if serial:
        cmd += ["--serial", str(a.serial)]
    else:
        cmd += ["--duration", str(a.duration), "--requests", str(a.requests), "--warmup", str(a.warmup)]
    r = sh(cmd, timeout=a.duration + 120)
    lines = json_lines(r.stdout)
    if r.returncode != 0 or not lines:
        log(f"http-bench {mode} failed: {r.stderr.strip()[:500]}")
        return {"bench": "rust-serial" if serial else "rust-throughput", "client": mode, "failed": f"exit {r.returncode}"}
    return lines[-1]


def harness_args(a: argparse.Namespace, mock: Mock) -> list[str]:
    args = ["--url", mock.url, "--duration", str(a.duration), "--requests", str(a.requests), "--warmup", str(a.warmup),
            "--serial", str(a.serial), "--rss-calls", str(a.rss_calls)]
    return args + (["--quick"] if a.quick else [])


def serial_prefix(a: argparse.Namespace, only: str) -> list[str] | None:
    return ["taskset", "-c", SERIAL_CPU] if only == "serial" and not a.serial_unpinned else None


def run_python(mock: Mock, a: argparse.Namespace, only: str) -> list[dict]:
    cmd = [*(serial_prefix(a, only) or client_prefix(a.pin)), sys.executable, str(BENCHES / "python_bench.py"), *harness_args(a, mock), "--only", only]
    r = sh(cmd, timeout=3600)
    if r.stderr.strip():
        log("python_bench: " + r.stderr.strip()[-800:])
    return json_lines(r.stdout)


def run_node(mock: Mock, a: argparse.Namespace, only: str) -> list[dict]:
    cmd = [*(serial_prefix(a, only) or client_prefix(a.pin)), "node", str(BENCHES / "node_bench.mjs"), *harness_args(a, mock), "--only", only]
    r = sh(cmd, timeout=3600, cwd=NODE_STAGE)
    if r.stderr.strip():
        log("node_bench: " + r.stderr.strip()[-800:])
    return json_lines(r.stdout)


def run_telemetry(a: argparse.Namespace) -> list[dict]:
    """Telemetry off / the OTel API without an SDK / the SDK with in-memory exporters, per call
    (benches/telemetry_bench.{py,mjs}: each starts its own in-process mock)."""
    calls = str(300 if a.quick else 2000)
    out: list[dict] = []
    for name, cmd, cwd in (
        ("telemetry_bench.py", [sys.executable, str(BENCHES / "telemetry_bench.py"), "--json", "--calls", calls], None),
        ("telemetry_bench.mjs", ["node", str(BENCHES / "telemetry_bench.mjs"), "--json", "--calls", calls,
                                 "--package", str(NODE_STAGE / "node_modules" / "databrain")], NODE_STAGE),
    ):
        r = sh([*client_prefix(a.pin), *cmd], timeout=1800, cwd=cwd)
        if r.returncode != 0 or r.stderr.strip():
            log(f"{name}: " + r.stderr.strip()[-800:])
        out += json_lines(r.stdout)
    return out


UNITS = {"ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3, "s": 1e6}


def run_divan(a: argparse.Namespace) -> dict:
    """The divan micro-benchmarks (validate_serialize, cache_hit, shared_tier); medians in
    microseconds, keyed 'group/arg' (validate_serialize), 'cache_hit/group/arg' (cache_hit) and
    'shared_tier/name' (shared_tier: it starts its own redis-server and prints nothing without one)."""
    out: dict = {}
    for bench, prefix in (("validate_serialize", ""), ("cache_hit", "cache_hit/"), ("shared_tier", "shared_tier/")):
        cmd = ["cargo", "bench", "-q", "-p", "databrain", "--bench", bench, "--"]
        if a.quick:
            cmd += ["--sample-count", "30"]
        r = sh(cmd, cwd=ROOT, timeout=1800)
        if r.returncode != 0:
            log(f"cargo bench {bench} failed: {r.stderr[-1500:]}")
            continue
        out.update({prefix + k: v for k, v in parse_divan(r.stdout).items()})
    # Not divan: mints per key when a fleet gets one cold key at once (one JSON line per setting).
    r = sh(["cargo", "bench", "-q", "-p", "databrain", "--bench", "fleet_stampede"], cwd=ROOT, timeout=1800)
    if r.returncode != 0:
        log(f"cargo bench fleet_stampede failed: {r.stderr[-1500:]}")
    for line in json_lines(r.stdout):
        out[f"fleet_stampede/{'shared' if line['shared'] else 'local'}"] = float(line["mints_per_key"])
        out["fleet_stampede/processes"] = float(line["processes"])
    return out


def parse_divan(text: str) -> dict:
    """divan's tree: 'group/arg' for a benchmark with arguments, 'name' for a plain one."""
    out, group = {}, None
    value = r"([\d.]+)\s*(ns|µs|us|ms|s)"
    leaf = re.compile(r"^([│\s]*)[├╰]─\s+(\S+)\s+" + value + r"\s*│\s*" + value + r"\s*│\s*" + value)
    top = re.compile(r"^[├╰]─\s+(\S+)\s*│")
    for line in text.splitlines():
        m = leaf.match(line)
        if m:
            # columns: fastest, slowest, median (, mean, samples, iters)
            name = m.group(2) if not m.group(1) else f"{group}/{m.group(2)}"
            out[name] = float(m.group(7)) * UNITS[m.group(8)]
            continue
        m = top.match(line)
        if m:
            group = m.group(1)
    return out


def hyperfine(commands: list[str], cwd: Path, a: argparse.Namespace) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        export = f.name
    runs = "10" if a.quick else "100"
    cmd = ["hyperfine", "-N", "--warmup", "3", "--runs", runs, "--export-json", export, *commands]
    r = sh(cmd, cwd=cwd, timeout=900)
    try:
        if r.returncode != 0:
            log(f"hyperfine failed: {r.stderr[-800:]}")
            return {}
        data = json.loads(Path(export).read_text())
        return {res["command"]: {"median_ms": res["median"] * 1e3, "mean_ms": res["mean"] * 1e3,
                                 "stddev_ms": (res.get("stddev") or 0) * 1e3} for res in data["results"]}
    finally:
        os.unlink(export)


def inproc_ms(cmd: list[str], cwd: Path, n: int) -> float | None:
    """Median over n fresh processes of a time the process prints itself (ms)."""
    vals = []
    for _ in range(n):
        r = sh(cmd, cwd=cwd, timeout=60)
        try:
            vals.append(float(r.stdout.split()[0]))
        except (ValueError, IndexError):
            return None
    return statistics.median(vals)


# ---------------------------------------------------------------------------- aggregation


def key(line: dict) -> str:
    return f"{line.get('bench')}:{line.get('client')}"


def median_of(lines: list[dict], field: str) -> float | None:
    vals = [x[field] for x in lines if isinstance(x.get(field), (int, float))]
    return statistics.median(vals) if vals else None


def aggregate(raw: list[dict]) -> dict:
    groups: dict[str, list[dict]] = {}
    for line in raw:
        groups.setdefault(key(line), []).append(line)
    agg = {}
    for k, lines in groups.items():
        ok = [x for x in lines if "failed" not in x]
        entry = {"runs": len(lines), "failed_runs": len(lines) - len(ok),
                 "errors": sum(x.get("errors", 0) or 0 for x in ok),
                 "exits": sorted({str(x["exit"]) for x in ok if "exit" in x})}
        for field in ("req_per_s", "cpu_us_per_req", "cpu_cores", "p50_us", "p99_us", "mean_us", "rss_growth_mb",
                      "rss_mb_before", "rss_mb_after", "calls", "minimal_us", "maximal_us", "server_cpu_us_per_req",
                      "sync_nokey_minimal_us", "sync_nokey_maximal_us", "heap_total_growth_mb", "heap_used_growth_mb",
                      "native_growth_mb", "hit_minimal_us", "hit_maximal_us", "shared_hit_us", "raw_get_us",
                      "hit_with_shared_tier_us", "retry_p50_us", "switch_ns"):
            v = median_of(ok, field)
            if v is not None:
                entry[field] = v
        for field in ("req_per_s", "p50_us"):
            vals = [x[field] for x in ok if isinstance(x.get(field), (int, float))]
            if vals:
                entry[f"{field}_min"], entry[f"{field}_max"] = min(vals), max(vals)
        if len(ok) > 1 and "req_per_s" in entry:
            vals = [x["req_per_s"] for x in ok]
            entry["req_per_s_spread"] = (max(vals) - min(vals)) / entry["req_per_s"]
        agg[k] = entry
    return agg


def fmt_num(v: float | None, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.2f}"
    return s + unit


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def build_table(agg: dict, raw: list[dict], micro: dict, cold: dict, a: argparse.Namespace) -> tuple[list[dict], str]:
    g = lambda k, f: agg.get(k, {}).get(f)  # noqa: E731
    rows: list[dict] = []
    by_round: dict[str, dict[int, dict]] = {}
    for line in raw:
        if "round" in line and "failed" not in line:
            by_round.setdefault(key(line), {})[line["round"]] = line
    ranges: dict[tuple, tuple] = {}

    def paired(k1: str, k2: str, field: str = "req_per_s") -> float | None:
        """Median over rounds of the ratio within each round (both clients measured minutes apart)."""
        a1, a2 = by_round.get(k1, {}), by_round.get(k2, {})
        rs = [a1[r][field] / a2[r][field] for r in a1 if r in a2 and a2[r].get(field) and a1[r].get(field) is not None]
        if not rs:
            return ratio(g(k1, field), g(k2, field))
        ranges[(k1, k2)] = (min(rs), max(rs))
        return statistics.median(rs)

    def row(figure, mine, peer, r, goal_text, met, unit="", rfmt="{:.2f}x", note="", rng=None):
        rows.append({
            "figure": figure, "databrain": mine, "peer": peer, "ratio": r, "goal": goal_text,
            "met": met, "unit": unit, "ratio_format": rfmt, "note": note,
            "ratio_range": list(rng) if rng else None,
        })

    def at_least(r, goal):
        return None if r is None else r >= goal

    def at_most(r, goal):
        return None if r is None else r <= goal

    wrk = g("wrk:wrk", "req_per_s")
    row("databrain-mock ceiling (wrk -c64), req/s", None, wrk, None, "context", None, note="server; every client below shares the 2 cores with it")

    # Python asyncio
    mine, aio, hx = g("python-async:databrain", "req_per_s"), g("python-async:aiohttp", "req_per_s"), g("python-async:httpx", "req_per_s")
    r = paired("python-async:databrain", "python-async:aiohttp")
    row("Python asyncio c=64 req/s: AsyncDatabrain vs aiohttp", mine, aio, r, ">= 3x", at_least(r, 3.0),
        rng=ranges.get(("python-async:databrain", "python-async:aiohttp")))
    r = paired("python-async:databrain", "python-async:httpx")
    row("Python asyncio c=64 req/s: AsyncDatabrain vs httpx.AsyncClient", mine, hx, r, "context", None,
        rng=ranges.get(("python-async:databrain", "python-async:httpx")))
    core_cpu = g("rust-throughput:core", "cpu_us_per_req")
    py_cpu = g("python-async:databrain", "cpu_us_per_req")
    share = None if py_cpu is None or core_cpu is None else py_cpu - core_cpu
    row("Python asyncio: binding's CPU share per call (AsyncDatabrain - core), us", share, core_cpu, None, "<= ~20 us",
        at_most(share, 20.0), note="peer column = the core's own CPU per call")
    # Python threads
    mine, rq, hx = g("python-threads:databrain", "req_per_s"), g("python-threads:requests", "req_per_s"), g("python-threads:httpx", "req_per_s")
    r = paired("python-threads:databrain", "python-threads:requests")
    row("Python 16 threads req/s: Databrain vs requests.Session", mine, rq, r, ">= 10x", at_least(r, 10.0),
        rng=ranges.get(("python-threads:databrain", "python-threads:requests")))
    r = paired("python-threads:databrain", "python-threads:httpx")
    row("Python 16 threads req/s: Databrain vs httpx.Client", mine, hx, r, "context", None,
        rng=ranges.get(("python-threads:databrain", "python-threads:httpx")))
    # Node
    mine, nh, fe = g("node-throughput:databrain", "req_per_s"), g("node-throughput:node-http", "req_per_s"), g("node-throughput:fetch", "req_per_s")
    r = paired("node-throughput:databrain", "node-throughput:undici")
    row("Node c=64 req/s: databrain vs undici request (Pool)", mine, g("node-throughput:undici", "req_per_s"), r, "context", None,
        note="undici's request over a keep-alive Pool: the fastest Node client",
        rng=ranges.get(("node-throughput:databrain", "node-throughput:undici")))
    r = paired("node-throughput:databrain", "node-throughput:node-http")
    row("Node c=64 req/s: databrain vs node:http keep-alive", mine, nh, r, ">= 1.3x", at_least(r, 1.3),
        rng=ranges.get(("node-throughput:databrain", "node-throughput:node-http")))
    r = paired("node-throughput:databrain", "node-throughput:fetch")
    row("Node c=64 req/s: databrain vs fetch", mine, fe, r, ">= 7x", at_least(r, 7.0),
        rng=ranges.get(("node-throughput:databrain", "node-throughput:fetch")))
    node_cpu = g("node-throughput:databrain", "cpu_us_per_req")
    share = None if node_cpu is None or core_cpu is None else node_cpu - core_cpu
    row("Node: binding's CPU share per call (databrain - core), us", share, core_cpu, None, "context", None,
        note="peer column = the core's own CPU per call")
    # Rust
    core, rw = g("rust-throughput:core", "req_per_s"), g("rust-throughput:reqwest", "req_per_s")
    r = paired("rust-throughput:core", "rust-throughput:reqwest")
    row("Rust c=64, 1 worker req/s: core client vs raw reqwest", core, rw, r, ">= 0.90x (within 10 %)", at_least(r, 0.9),
        rng=ranges.get(("rust-throughput:core", "rust-throughput:reqwest")))
    cpu_core, cpu_rw = g("rust-throughput:core", "cpu_us_per_req"), g("rust-throughput:reqwest", "cpu_us_per_req")
    r = paired("rust-throughput:core", "rust-throughput:reqwest", "cpu_us_per_req")
    row("Rust c=64: client CPU per request, us: core client vs raw reqwest", cpu_core, cpu_rw, r, "context (steadier than req/s here)",
        None, rng=ranges.get(("rust-throughput:core", "rust-throughput:reqwest")))
    # Serial p50: medians over rounds, client and mock on one core (see main()).
    core_p50, rw_p50 = g("rust-serial:core", "p50_us"), g("rust-serial:reqwest", "p50_us")
    r = paired("rust-serial:core", "rust-serial:reqwest", "p50_us")
    row("Rust serial p50 latency, us: core vs raw reqwest", core_p50, rw_p50, r, "<= 1.10x (within 10 %)",
        at_most(r, 1.1), rng=ranges.get(("rust-serial:core", "rust-serial:reqwest")))
    # Issue 14's goals: a sync call pays one hop to a tokio worker and back; an asyncio call
    # also the event loop's wake-up.
    for label, k, goal in (("Python Databrain (sync)", "python-serial:databrain", 1.3),
                           ("Python AsyncDatabrain", "python-serial:async-databrain", 2.0)):
        p50 = g(k, "p50_us")
        r = paired(k, "rust-serial:reqwest", "p50_us")
        row(f"Serial p50 latency, us: {label} vs raw reqwest", p50, rw_p50, r, f"<= {goal}x", at_most(r, goal),
            rng=ranges.get((k, "rust-serial:reqwest")))
    # A Node call crosses from the libuv thread to a tokio worker and back, which raw reqwest
    # never does (BENCHMARKS.md): Node's goal leaves room for those two wake-ups, and holds it
    # to Node's fastest client, measured the same way in the same run.
    k = "node-serial:databrain"
    p50 = g(k, "p50_us")
    r = paired(k, "rust-serial:reqwest", "p50_us")
    row("Serial p50 latency, us: Node databrain vs raw reqwest", p50, rw_p50, r, "<= 1.45x", at_most(r, 1.45),
        rng=ranges.get((k, "rust-serial:reqwest")))
    r = paired(k, "node-serial:undici", "p50_us")
    row("Serial p50 latency, us: Node databrain vs undici request (Pool)", p50, g("node-serial:undici", "p50_us"), r,
        "<= 1.00x", at_most(r, 1.0), rng=ranges.get((k, "node-serial:undici")))
    # Micro
    vs_max = micro.get("validate_serialize/maximal")
    vs_min = micro.get("validate_serialize/minimal")
    row("validate + serialize, maximal request, us (divan median)", vs_max, vs_min, None, "<= 2 us",
        at_most(vs_max, 2.0), note="peer column = minimal request")
    fl_max = micro.get("from_loose/maximal")
    js_max = micro.get("from_json_str/maximal")
    row("from_loose (binding conversion core), maximal, us", fl_max, js_max, ratio(fl_max, js_max), "context", None,
        note="peer = JSON string parse + from_loose (a string round trip)")
    fl_min = micro.get("from_loose/minimal")
    fl_extra = None if fl_max is None or fl_min is None else fl_max - fl_min
    for label, k in (("Python AsyncDatabrain", "python-convert:databrain"), ("Node databrain", "node-convert:databrain")):
        mx, mn = g(k, "maximal_us"), g(k, "minimal_us")
        row(f"{label}: time to issue one call (minimal request), us on the caller's thread", mn, None, None, "context", None,
            note="argument conversion + validation + handing the future to the runtime; network wait excluded")
        extra = None if mx is None or mn is None else mx - mn
        note = "peer = the same extra fields in the core's from_loose alone (maximal - minimal)"
        if k.startswith("python"):
            smx, smn = g(k, "sync_nokey_maximal_us"), g(k, "sync_nokey_minimal_us")
            if smx is not None and smn is not None:
                note += f"; without asyncio/GIL handoffs (sync, no API key): {smx - smn:.1f} us extra, {smn:.1f} us minimal"
        r = ratio(extra, fl_extra)
        row(f"{label}: converting a maximal instead of a minimal request, extra us", extra, fl_extra, r,
            "<= 3x the core's", at_most(r, 3.0), note=note)
    # Guest-token cache hits (issue 15): Rust divan medians; Python/Node best-of-5 loop means.
    for which in ("minimal", "maximal"):
        hit = micro.get(f"cache_hit/hit/{which}")
        row(f"Cache hit, Rust `GuestTokenCache::get`, {which} request, us (divan median)", hit,
            micro.get("cache_hit/key_maximal") if which == "maximal" else None, None, "<= 2 us", at_most(hit, 2.0),
            note="peer column = computing the maximal request's key alone" if which == "maximal" else "")
    # Fleet stampede (issue 28): N caches with their own connections get one cold key at once.
    n, with_tier, without = (micro.get(f"fleet_stampede/{k}") for k in ("processes", "shared", "local"))
    row(f"Fleet stampede: mints per key, {int(n) if n else 'N'} processes x 50 callers, with the shared tier (median of 5)", with_tier,
        without, None, "1 (vs N without)", None if with_tier is None else (with_tier == 1 and without == n),
        note="peer column = the same fleet without the shared tier")
    # The fleet-wide shared tier (issue 28), against a real redis-server: an in-process miss
    # answered by Redis vs a raw redis-rs GET of the same entry, and an in-process hit with the
    # tier configured (no Redis call).
    shared, raw = micro.get("shared_tier/shared_hit"), micro.get("shared_tier/raw_get")
    extra = None if shared is None or raw is None else shared - raw
    row("Shared-tier hit (in-process miss, Redis hit), Rust, us (divan median)", shared, raw, extra,
        "<= raw GET + 50 us", None if extra is None else extra <= 50.0, rfmt="+{:.1f} us",
        note="peer = a raw redis-rs GET of the same entry on its own connection; ratio column = the difference")
    k = "python-shared:databrain"
    shared, raw = g(k, "shared_hit_us"), g(k, "raw_get_us")
    extra = None if shared is None or raw is None else shared - raw
    row("Shared-tier hit (in-process miss, Redis hit), Python `clear()` + `get(**kwargs)`, us", shared, raw, extra,
        "<= raw GET + 50 us", None if extra is None else extra <= 50.0, rfmt="+{:.1f} us",
        note="peer = a raw redis-py GET of the same entry; ratio column = the difference; best of 5 loops")
    hit = g(k, "hit_with_shared_tier_us")
    row("Cache hit with the shared tier configured, Python, minimal request, us", hit, None, None, "<= 10 us",
        at_most(hit, 10.0), note="best of 5 loops")
    k = "node-shared:databrain"
    shared, raw = g(k, "shared_hit_us"), g(k, "raw_get_us")
    extra = None if shared is None or raw is None else shared - raw
    row("Shared-tier hit (in-process miss, Redis hit), Node `clear()` + `await cache.get({...})`, us", shared, raw, extra,
        "<= raw GET + 50 us", None if extra is None else extra <= 50.0, rfmt="+{:.1f} us",
        note="peer = a raw ioredis GET of the same entry; ratio column = the difference; best of 5 loops")
    hit = g(k, "hit_with_shared_tier_us")
    row("Cache hit with the shared tier configured, Node, minimal request, us", hit, None, None, "<= 10 us",
        at_most(hit, 10.0), note="best of 5 loops")
    hit = micro.get("shared_tier/hit_with_shared_tier")
    row("Cache hit with the shared tier configured, Rust, minimal request, us (divan median)", hit,
        micro.get("cache_hit/hit/minimal"), None, "<= 2 us", at_most(hit, 2.0),
        note="peer column = the same hit without the shared tier")
    for label, k, call in (("Python", "python-cache:databrain", "`GuestTokenCache.get(**kwargs)`"),
                           ("Node", "node-cache:databrain", "`await cache.get({...})`")):
        for which in ("minimal", "maximal"):
            hit = g(k, f"hit_{which}_us")
            row(f"Cache hit, {label} {call}, {which} request, us", hit, None, None, "<= 10 us", at_most(hit, 10.0),
                note="conversion + key + lookup + the GuestToken object; best of 5 loops")
    # Telemetry (issue 29): what a call pays with the OpenTelemetry API installed and no SDK
    # (the default), and with the real SDK recording into in-memory exporters.
    for label, lang in (("Python `create_guest_token`", "python"), ("Node `await createGuestToken`", "node")):
        k = f"{lang}-telemetry:"
        off_cpu, api_cpu, sdk_cpu = (g(k + m, "cpu_us_per_req") for m in ("off", "api", "sdk"))
        off_p50, api_p50, sdk_p50 = (g(k + m, "p50_us") for m in ("off", "api", "sdk"))
        # A whole call's CPU varies by more than the goal between runs, so the goal is judged on
        # what telemetry adds to a call with no SDK: its check, timed alone in the same process.
        switch = g(k + "api", "switch_ns")
        added = None if switch is None else switch / 1e3
        delta = None if api_cpu is None or off_cpu is None else api_cpu - off_cpu
        note = (f"peer column = CPU per call with telemetry off; whole-call CPU difference {fmt_num(delta)} us "
                f"(noise), p50 {fmt_num(off_p50)} -> {fmt_num(api_p50)} us; serial calls, 3 interleaved rounds, medians")
        row(f"Telemetry on, OTel API without an SDK: the per-call check, {label}, us", added, off_cpu, None, "<= 1 us",
            at_most(added, 1.0), note=note)
        sdk = None if sdk_cpu is None or off_cpu is None else sdk_cpu - off_cpu
        retry_off, retry_sdk = g(k + "off", "retry_p50_us"), g(k + "sdk", "retry_p50_us")
        extra = (None if None in (retry_off, retry_sdk, off_p50, sdk_p50)
                 else (retry_sdk - sdk_p50) - (retry_off - off_p50))
        row(f"Telemetry with the SDK (in-memory exporters): CPU added per call, {label}, us", sdk, off_cpu, None, "reported",
            None, note=f"p50 {fmt_num(off_p50)} -> {fmt_num(sdk_p50)} us; an extra attempt (429, Retry-After: 0) adds "
                       f"{fmt_num(extra)} us more p50 with the SDK than without")
    # Cold start
    py, node = "python", "node"
    base_py = cold.get(f"{py} -c pass", {}).get("median_ms")
    imp = cold.get(f"{py} -c 'import databrain'", {}).get("median_ms")
    d = None if imp is None or base_py is None else imp - base_py
    peers = []
    for lib in ("aiohttp", "httpx", "requests"):
        v = cold.get(f"{py} -c 'import {lib}'", {}).get("median_ms")
        if v is not None and base_py is not None:
            peers.append(f"{lib} +{v - base_py:.0f}")
    inproc = cold.get("inproc:import databrain", {}).get("median_ms")
    row("`import databrain` minus `python -c pass`, ms (hyperfine medians)", d, base_py, None, "<= 15 ms", at_most(d, 15.0),
        note="peer column = bare interpreter; timed inside the process: " + fmt_num(inproc) + " ms; same for "
             + ", ".join(peers) + " ms")
    base_node = cold.get(f"{node} -e 0", {}).get("median_ms")
    req = cold.get(f"{node} -e \"require('databrain')\"", {}).get("median_ms")
    first = cold.get(f"{node} -e \"new (require('databrain').Databrain)({{apiKey: 'k'}})\"", {}).get("median_ms")
    d = None if req is None or base_node is None else req - base_node
    note = ("peer column = `node -e 0`; timed inside the process: "
            + fmt_num(cold.get("inproc:require('databrain')", {}).get("median_ms")) + " ms, require + first `new Databrain()` "
            "(loads the addon): " + fmt_num(cold.get("inproc:require + first new Databrain()", {}).get("median_ms")) + " ms")
    if first is not None and base_node is not None:
        note += f" (hyperfine: +{first - base_node:.0f} ms)"
    row("`require('databrain')` minus `node -e 0`, ms (hyperfine medians)", d, base_node, None, "<= 10 ms", at_most(d, 10.0), note=note)
    # RSS
    for label, k in (("Python AsyncDatabrain", "python-rss:async-databrain"), ("Python Databrain (16 threads)", "python-rss:databrain"),
                     ("Node databrain", "node-rss:databrain")):
        growth, calls = g(k, "rss_growth_mb"), g(k, "calls")
        peer, note = g(k, "rss_mb_before"), "peer column = RSS before, MB"
        if k.startswith("node"):
            peer = g("node-rss:node-http", "rss_growth_mb")
            note = (f"peer column = node:http keep-alive's growth over the same calls; of databrain's: V8 heapTotal "
                    f"{fmt_num(g(k, 'heap_total_growth_mb'))}, heapUsed {fmt_num(g(k, 'heap_used_growth_mb'))}, "
                    f"native (rss - heapTotal) {fmt_num(g(k, 'native_growth_mb'))} MB")
        row(f"RSS growth over {int(calls or a.rss_calls):,} calls, MB: {label}", growth, peer, None, "<= 5 MB",
            at_most(growth, 5.0), note=note)
    return rows, render(rows)


def render(rows: list[dict]) -> str:
    out = ["| figure | databrain | peer | ratio | goal | met |", "|---|---:|---:|---:|---|---|"]
    for r in rows:
        met = {True: "met", False: "**not met**", None: ""}[r["met"]]
        rt = "" if r["ratio"] is None else r["ratio_format"].format(r["ratio"])
        if r.get("ratio_range") and r["ratio_range"][0] != r["ratio_range"][1]:
            rt += f" <sub>({r['ratio_range'][0]:.2f}–{r['ratio_range'][1]:.2f})</sub>"
        fig = r["figure"] + (f" <br><sub>{r['note']}</sub>" if r["note"] else "")
        out.append(f"| {fig} | {fmt_num(r['databrain'])} | {fmt_num(r['peer'])} | {rt} | {r['goal']} | {met} |")
    return "\n".join(out)


CLIENTS = [
    # (label, language group, throughput key, serial key, peer key for the ratio)
    ("wrk (server ceiling)", "server", "wrk:wrk", None, None),
    ("Rust raw reqwest, 1 worker", "Rust", "rust-throughput:reqwest", "rust-serial:reqwest", None),
    ("Rust databrain core, 1 worker", "Rust", "rust-throughput:core", "rust-serial:core", "rust-throughput:reqwest"),
    ("Node databrain", "Node", "node-throughput:databrain", "node-serial:databrain", "node-throughput:node-http"),
    ("Node undici request (Pool)", "Node", "node-throughput:undici", "node-serial:undici", "node-throughput:node-http"),
    ("Node node:http keep-alive", "Node", "node-throughput:node-http", "node-serial:node-http", None),
    ("Node fetch (undici)", "Node", "node-throughput:fetch", "node-serial:fetch", "node-throughput:node-http"),
    ("Python AsyncDatabrain", "Python asyncio", "python-async:databrain", "python-serial:async-databrain", "python-async:aiohttp"),
    ("Python aiohttp", "Python asyncio", "python-async:aiohttp", "python-serial:async-aiohttp", None),
    ("Python httpx.AsyncClient", "Python asyncio", "python-async:httpx", "python-serial:async-httpx", "python-async:aiohttp"),
    ("Python Databrain, 16 threads", "Python threads", "python-threads:databrain", "python-serial:databrain", "python-threads:requests"),
    ("Python requests.Session, 16 threads", "Python threads", "python-threads:requests", "python-serial:requests", None),
    ("Python httpx.Client, 16 threads", "Python threads", "python-threads:httpx", "python-serial:httpx", "python-threads:requests"),
]


def render_clients(agg: dict) -> str:
    out = ["| client | req/s (median) | min–max over rounds | vs peer (ratio of medians) | client CPU us/req | CPU cores used | serial p50 us (median; best round) | serial p99 us |",
           "|---|---:|---:|---|---:|---:|---:|---:|"]
    for label, _, tk, sk, pk in CLIENTS:
        t = agg.get(tk, {})
        s = agg.get(sk, {}) if sk else {}
        vs = ""
        if pk and t.get("req_per_s") and agg.get(pk, {}).get("req_per_s"):
            peer_label = next(lbl for lbl, _, k, _, _ in CLIENTS if k == pk)
            vs = f"{t['req_per_s'] / agg[pk]['req_per_s']:.2f}x {peer_label}"
        flags = []
        if t.get("errors") or s.get("errors"):
            flags.append(f"{(t.get('errors') or 0) + (s.get('errors') or 0)} errors")
        exits = set(t.get("exits", [])) | set(s.get("exits", []))
        if exits:
            flags.append("process exit " + "/".join(sorted(exits)))
        name = label + (f" ({', '.join(flags)})" if flags else "")
        cpu = t.get("cpu_us_per_req") if tk != "wrk:wrk" else t.get("server_cpu_us_per_req")
        cores = t.get("cpu_cores")
        rng = f"{fmt_num(t.get('req_per_s_min'))}–{fmt_num(t.get('req_per_s_max'))}" if t.get("req_per_s_min") is not None else ""
        p50 = f"{fmt_num(s.get('p50_us'))}; {fmt_num(s.get('p50_us_min'))}" if sk and s.get("p50_us") is not None else ""
        out.append(f"| {name} | {fmt_num(t.get('req_per_s'))} | {rng} | {vs} | {fmt_num(cpu)}{' (server)' if tk == 'wrk:wrk' else ''} | "
                   f"{fmt_num(cores) if cores is not None else ''} | {p50} | {fmt_num(s.get('p99_us')) if sk else ''} |")
    return "\n".join(out)


def report(header: str, rows: list[dict], table: str, clients: str, micro: dict) -> str:
    """The run as markdown: what is printed, written to results/latest.md and put into BENCHMARKS.md."""
    met = [r for r in rows if r["met"] is not None]
    parts = [header.replace("\n", "\n\n"), table, clients]
    if micro:
        parts.append("Micro-benchmarks (divan medians, us): " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(micro.items())))
    parts.append(f"Goals met: {sum(1 for r in met if r['met'])}/{len(met)}")
    return "\n\n".join(parts) + "\n"


def update_doc(text: str) -> None:
    """Replaces the block between BENCHMARKS.md's latest-run markers with `text`."""
    doc = DOC.read_text()
    start, end = doc.find(DOC_BEGIN), doc.find(DOC_END)
    if start < 0 or end < start:
        raise SystemExit(f"{DOC} has no {DOC_BEGIN} ... {DOC_END} block")
    DOC.write_text(doc[: start + len(DOC_BEGIN)] + "\n" + text + doc[end:])
    log(f"updated the latest-run block of {DOC}")


def plot(agg: dict, path: Path, title: str) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib missing: no plot")
        return False
    labels, values, colors = [], [], []
    palette = {"server": "#9e9e9e", "Rust": "#b7410e", "Node": "#3c873a", "Python asyncio": "#3776ab", "Python threads": "#6a9fd4"}
    for label, group, tk, _, _ in CLIENTS:
        v = agg.get(tk, {}).get("req_per_s")
        if v is None:
            continue
        labels.append(label)
        values.append(v)
        colors.append(palette[group])
    if not values:  # a run without throughput rounds (e.g. --skip rounds): nothing to draw
        return False
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(labels) + 1.4))
    y = list(range(len(labels)))[::-1]
    bars = ax.barh(y, values, color=colors)
    for bar, label in zip(bars, labels):
        if "databrain" in label.lower() or "Databrain" in label:
            bar.set_edgecolor("black")
            bar.set_linewidth(1.5)
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.set_xlabel("requests per second (log scale)\nconcurrency 64 (Python sync: 16 threads); black outline = databrain")
    ax.set_title(title, fontsize=10)
    for yi, v in zip(y, values):
        ax.text(v * 1.05, yi, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_xlim(left=max(min(values) / 2, 1), right=max(values) * 3)
    ax.grid(axis="x", which="both", alpha=0.25)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


# ---------------------------------------------------------------------------- main


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="short runs (smoke test); numbers are not representative")
    p.add_argument("--rounds", type=int, help="rounds of every throughput/serial case; medians are reported (default 3, quick 1)")
    p.add_argument("--pin", action="store_true", help="pin the mock to CPU 0 and every client to CPU 1 (taskset)")
    p.add_argument("--serial-unpinned", action="store_true",
                   help="run serial-latency cases unpinned (default: client and mock share the last CPU)")
    p.add_argument("--skip", default="", help="comma list of sections to skip: rust,python,node,micro,cold,rss,wrk,telemetry, or rounds (every "
                   "throughput and serial case; e.g. --skip rounds,rss,cold runs only conversion, cache hits and micro)")
    p.add_argument("--max-wait", type=float, help="before each round, wait up to this many seconds for other processes "
                   "to stop using CPU (default 900, quick 0)")
    p.add_argument("--mock", default=str(release_dir() / "databrain-mock"))
    p.add_argument("--http-bench", default=str(release_dir() / "http-bench"))
    p.add_argument("--render", metavar="JSON", help="only re-print the tables of a saved run (e.g. benches/results/latest.json)")
    p.add_argument("--update-doc", action="store_true", help="put the tables into BENCHMARKS.md between its latest-run "
                   "markers (a full run, or a saved one with --render; never a --quick run)")
    a = p.parse_args()
    if a.render:
        doc = json.loads(Path(a.render).read_text())
        a.rss_calls = 10_000 if doc.get("quick") else 100_000
        agg = aggregate(doc["raw"])
        micro = doc.get("micro_us", {})
        rows, table = build_table(agg, doc["raw"], micro, doc.get("cold_start_ms", {}), a)
        text = report(doc.get("header", ""), rows, table, render_clients(agg), micro)
        print(text, end="")
        if a.update_doc:
            if doc.get("quick"):
                raise SystemExit("--update-doc: a --quick run is not representative; not put into BENCHMARKS.md")
            update_doc(text)
        return 0
    a.rounds = a.rounds or (1 if a.quick else 3)
    if a.max_wait is None:
        a.max_wait = 0.0 if a.quick else 900.0
    a.duration = 1.0 if a.quick else 5.0
    a.requests = 20_000 if a.quick else 400_000
    a.warmup = 300 if a.quick else 2_000
    a.serial = 500 if a.quick else 2_000
    a.rss_calls = 10_000 if a.quick else 100_000
    skip = set(filter(None, a.skip.split(",")))
    RESULTS.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now(dt.timezone.utc)
    info = {"machine": machine(), "started": started.isoformat(timespec="seconds"), "quick": a.quick, "rounds": a.rounds,
            "pin": a.pin, "loadavg_before": loadavg(), "command": "./scripts/bench " + " ".join(sys.argv[1:])}
    mock = Mock(Path(a.mock), a.pin)
    info["others_busy_at_start"] = busy_others({os.getpid(), mock.proc.pid})
    log(f"databrain-mock at {mock.url}; load {info['loadavg_before']}")
    raw: list[dict] = []
    micro: dict = {}
    cold: dict = {}
    try:
        info["busy_cores_before_round"] = []
        for rnd in range(0 if "rounds" in skip else a.rounds):
            busy = wait_quiet(a.max_wait, own=frozenset({mock.proc.pid}))
            info["busy_cores_before_round"].append(round(busy, 2))
            log(f"round {rnd + 1}/{a.rounds} (others busy: {busy:.2f} cores)")
            batch: list[dict] = []
            if "wrk" not in skip:
                batch.append(run_wrk(mock, 2 if a.quick else 5, a.pin))
            # Throughput: client and mock free to use both cores (or pinned apart with --pin).
            if "rust" not in skip:
                for mode in ("reqwest", "core"):
                    batch.append(run_rust(Path(a.http_bench), mock, mode, a, serial=False))
            if "node" not in skip:
                batch += run_node(mock, a, "throughput")
            if "python" not in skip:
                batch += run_python(mock, a, "async,threads")
            # Serial latency: client and mock share one core. Across cores, this VM's wake-up
            # makes p50 bimodal (~45 or ~120 us for the same raw reqwest client, depending on
            # where the scheduler puts the threads); on one core it is stable.
            if not a.serial_unpinned:
                pin_mock(mock, SERIAL_CPU)
            try:
                if "rust" not in skip:
                    for mode in ("reqwest", "core"):
                        batch.append(run_rust(Path(a.http_bench), mock, mode, a, serial=True))
                if "node" not in skip:
                    batch += run_node(mock, a, "serial")
                if "python" not in skip:
                    batch += run_python(mock, a, "serial")
            finally:
                if not a.serial_unpinned:
                    pin_mock(mock, "0" if a.pin else ALL_CPUS)
            for line in batch:
                line["round"] = rnd + 1
            raw += batch
            log("  " + ", ".join(f"{key(x)}={x.get('req_per_s', x.get('p50_us', 0)):.0f}" for x in batch if "failed" not in x))
        if "rss" not in skip:
            wait_quiet(a.max_wait, own=frozenset({mock.proc.pid}))
            log(f"RSS over {a.rss_calls:,} calls")
            if "python" not in skip:
                raw += run_python(mock, a, "rss")
            if "node" not in skip:
                raw += run_node(mock, a, "rss")
        if "python" not in skip:
            raw += run_python(mock, a, "convert,cache,shared")
        if "node" not in skip:
            raw += run_node(mock, a, "convert,cache,shared")
    finally:
        mock.stop()
    if "telemetry" not in skip:
        wait_quiet(a.max_wait, own=frozenset())
        log("telemetry overhead per call (off / OTel API only / SDK + in-memory exporters)")
        raw += run_telemetry(a)
    if "micro" not in skip:
        wait_quiet(a.max_wait, own=frozenset({mock.proc.pid}))
        log("validate + serialize and cache-hit micro-benchmarks (cargo bench)")
        micro = run_divan(a)
    if "cold" not in skip:
        wait_quiet(a.max_wait, own=frozenset({mock.proc.pid}))
        log("cold start (hyperfine)")
        py = "python"
        env_path = Path(sys.executable).parent
        # hyperfine -N runs the commands directly; the venv's python is first on PATH.
        os.environ["PATH"] = f"{env_path}:{os.environ['PATH']}"
        cold.update(hyperfine([f"{py} -c pass", f"{py} -c 'import databrain'", f"{py} -c 'import aiohttp'",
                               f"{py} -c 'import httpx'", f"{py} -c 'import requests'"], BENCHES, a))
        cold.update(hyperfine(["node -e 0", "node -e \"require('databrain')\"",
                               "node -e \"new (require('databrain').Databrain)({apiKey: 'k'})\""], NODE_STAGE, a))
        # Cross-check with far less noise: the import timed inside the process.
        n = 5 if a.quick else 20
        cold["inproc:import databrain"] = {"median_ms": inproc_ms(
            [sys.executable, "-c", "import time; t = time.perf_counter(); import databrain; print((time.perf_counter() - t) * 1e3)"],
            BENCHES, n)}
        cold["inproc:require('databrain')"] = {"median_ms": inproc_ms(
            ["node", "-e", "const t = process.hrtime.bigint(); require('databrain'); console.log(Number(process.hrtime.bigint() - t) / 1e6)"],
            NODE_STAGE, n)}
        cold["inproc:require + first new Databrain()"] = {"median_ms": inproc_ms(
            ["node", "-e", "const t = process.hrtime.bigint(); new (require('databrain').Databrain)({apiKey: 'k'}); "
                           "console.log(Number(process.hrtime.bigint() - t) / 1e6)"], NODE_STAGE, n)}
    info["loadavg_after"] = loadavg()
    info["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

    agg = aggregate(raw)
    rows, table = build_table(agg, raw, micro, cold, a)
    clients = render_clients(agg)
    m = info["machine"]
    header = (f"databrain-sdk benchmarks — {info['started']} — `{info['command'].strip()}` — {m['cpu']}, {m['cores']} cores, {m['mem_gib']} GiB, "
              f"Linux {m['kernel']}; {m['rustc']}, Python {m['python']}, Node {m['node']}; "
              f"{a.rounds} round(s), medians{'; QUICK (not representative)' if a.quick else ''}"
              f"{'; pinned: mock on CPU 0, clients on CPU 1' if a.pin else ''}"
              f"{'' if a.serial_unpinned else f'; serial-latency cases: client and mock on CPU {SERIAL_CPU}'}\n"
              f"load average before {info['loadavg_before']}, after {info['loadavg_after']}; "
              f"cores busy with other processes before each round: {info.get('busy_cores_before_round')}"
              + (f"; busy at start: {', '.join(info['others_busy_at_start'])}" if info["others_busy_at_start"] else ""))
    text = report(header, rows, table, clients, micro)
    print(text, end="")
    (RESULTS / "latest.md").write_text(text)

    png = RESULTS / "req_per_s.png"
    title = f"databrain-sdk vs hand-written clients, loopback databrain-mock, {m['cores']} cores ({info['started'][:10]})"
    if plot(agg, png, title) and not a.quick:
        shutil.copyfile(png, BENCHES / "req_per_s.png")
    doc = {**info, "aggregate": agg, "micro_us": micro, "cold_start_ms": cold, "table": rows, "table_markdown": table,
           "clients_markdown": clients, "header": header, "raw": raw}
    (RESULTS / "latest.json").write_text(json.dumps(doc, indent=1))
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"run-{stamp}{'-quick' if a.quick else ''}.json").write_text(json.dumps(doc, indent=1))
    log(f"wrote {RESULTS / 'latest.json'}, {RESULTS / 'latest.md'} and {png}")
    if a.update_doc:
        if a.quick:
            log("--update-doc: a --quick run is not representative; BENCHMARKS.md left as it is")
        else:
            update_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
