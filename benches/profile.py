#!/usr/bin/env python3
"""Records the profiles that explain the gaps in BENCHMARKS.md (`./scripts/bench --profile`).

Starts a release databrain-mock, then profiles single benchmark cases with
* `perf record -g` (Debian package linux-perf): where CPU goes, per thread and per symbol;
* `py-spy record --native` (PyPI): which Python/native frames the Python process samples;
* `node --cpu-prof`: the JS thread's self time per function.
Writes one text summary per profile to benches/results/profiles/ and prints them.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
from pathlib import Path

from run import BENCHES, NODE_STAGE, RESULTS, ROOT, Mock, log, release_dir

OUT = RESULTS / "profiles"
PY = sys.executable


def perf(name: str, cmd: list[str], cwd: Path, top: int = 30) -> str:
    data = OUT / f"{name}.perf.data"
    run = subprocess.run(["perf", "record", "-F", "1999", "-g", "-o", str(data), "--", *cmd], cwd=cwd,
                         capture_output=True, text=True)
    result = next((ln for ln in run.stdout.splitlines() if ln.startswith("{")), "")

    def report(sort: str, n: int) -> str:
        r = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", sort, "-g", "none", "-q",
                            "--percent-limit", "0.3"], capture_output=True, text=True)
        return "\n".join(r.stdout.splitlines()[:n])

    text = (f"# perf: {' '.join(cmd)}\n{result}\n\n## by thread and object\n{report('comm,dso', 12)}\n\n"
            f"## by symbol (self)\n{report('comm,sym', top)}\n")
    (OUT / f"{name}.txt").write_text(text)
    return text


def pyspy(name: str, cmd: list[str], cwd: Path) -> str:
    raw = OUT / f"{name}.pyspy.txt"
    run = subprocess.run([str(Path(PY).parent / "py-spy"), "record", "--native", "--threads", "-r", "250", "-f", "raw",
                          "-o", str(raw), "--", *cmd], cwd=cwd, capture_output=True, text=True)
    result = next((ln for ln in run.stdout.splitlines() if ln.startswith("{")), "")
    total = 0
    per_thread: collections.Counter = collections.Counter()
    main_leaf: collections.Counter = collections.Counter()
    other_frame: collections.Counter = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        total += n
        frames = stack.split(";")
        is_main = "MainThread" in frames[0]
        per_thread["main (asyncio/Python) thread" if is_main else "other threads (runtime, blocking pool)"] += n
        named = [f for f in frames[1:] if not f.startswith("0x") and "(libc.so" not in f]
        deepest = named[-1] if named else frames[-1]
        (main_leaf if is_main else other_frame)[deepest.split(" (")[0][:110]] += n
    lines = [f"# py-spy --native: {' '.join(cmd)}", result, "", f"samples: {total}"]
    lines += [f"  {v * 100 / total:5.1f}%  {k}" for k, v in per_thread.most_common()]
    for title, counter in (("other threads: deepest named frame", other_frame), ("main thread: deepest named frame", main_leaf)):
        n = sum(counter.values()) or 1
        lines += ["", f"## {title}"] + [f"  {v * 100 / n:5.1f}%  {k}" for k, v in counter.most_common(12)]
    text = "\n".join(lines) + "\n"
    (OUT / f"{name}.txt").write_text(text)
    return text


def cpuprof(name: str, cmd: list[str], cwd: Path) -> str:
    pdir = OUT / f"{name}.cpuprofile.d"
    shutil.rmtree(pdir, ignore_errors=True)
    run = subprocess.run(["node", "--cpu-prof", "--cpu-prof-dir", str(pdir), *cmd], cwd=cwd, capture_output=True, text=True)
    result = next((ln for ln in run.stdout.splitlines() if ln.startswith("{")), "")
    # The child process (--case) writes the profile; pick the largest one.
    profiles = sorted(pdir.glob("*.cpuprofile"), key=lambda p: p.stat().st_size)
    if not profiles:
        return f"# node --cpu-prof: no profile written\n{run.stderr[-500:]}"
    prof = json.loads(profiles[-1].read_text())
    nodes = {n["id"]: n for n in prof["nodes"]}
    self_time: collections.Counter = collections.Counter()
    deltas = prof.get("timeDeltas", [])
    for sample, dt_us in zip(prof.get("samples", []), deltas[1:] + [0]):
        cf = nodes[sample]["callFrame"]
        label = cf["functionName"] or "(anonymous)"
        if cf.get("url"):
            label += f" {Path(cf['url']).name}:{cf['lineNumber'] + 1}"
        self_time[label] += dt_us
    total = sum(self_time.values()) or 1
    lines = [f"# node --cpu-prof: {' '.join(cmd)}", result, "", "## JS thread self time"]
    lines += [f"  {v * 100 / total:5.1f}%  {k}" for k, v in self_time.most_common(20)]
    text = "\n".join(lines) + "\n"
    (OUT / f"{name}.txt").write_text(text)
    return text


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--only", help="comma list of profile names")
    p.add_argument("--seconds", type=float, default=4.0)
    a = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    mock = Mock(release_dir() / "databrain-mock", pin=False)
    url = mock.url
    s = str(a.seconds)
    pyb = [PY, str(BENCHES / "python_bench.py"), "--url", url]
    nodeb = [str(BENCHES / "node_bench.mjs"), "--url", url]
    httpb = str(release_dir() / "http-bench")
    bench_bin = sorted((release_dir() / "deps").glob("validate_serialize-*"), key=lambda p: p.stat().st_mtime)
    bench_bin = [b for b in bench_bin if b.suffix == ""]
    jobs = {
        "rust-reqwest": lambda: perf("rust-reqwest", [httpb, "--mode", "reqwest", "--url", url, "--duration", s], ROOT),
        "rust-core": lambda: perf("rust-core", [httpb, "--mode", "core", "--url", url, "--duration", s], ROOT),
        "python-async-pyspy": lambda: pyspy("python-async-pyspy", [*pyb, "--case", "async:databrain", "--duration", s], BENCHES),
        "python-async-perf": lambda: perf("python-async-perf", [*pyb, "--case", "async:databrain", "--duration", s], BENCHES),
        "python-sync-serial-perf": lambda: perf("python-sync-serial-perf", [*pyb, "--case", "serial:databrain", "--serial", "20000"], BENCHES),
        "python-convert-perf": lambda: perf("python-convert-perf", [*pyb, "--case", "convert:databrain"], BENCHES),
        "node-throughput-perf": lambda: perf("node-throughput-perf", ["node", *nodeb, "--case", "throughput:databrain", "--duration", s], NODE_STAGE),
        "node-serial-perf": lambda: perf("node-serial-perf", ["node", *nodeb, "--case", "serial:databrain", "--serial", "20000"], NODE_STAGE),
        "node-convert-perf": lambda: perf("node-convert-perf", ["node", *nodeb, "--case", "convert:databrain"], NODE_STAGE),
        "node-throughput-cpuprof": lambda: cpuprof("node-throughput-cpuprof", [*nodeb, "--case", "throughput:databrain", "--duration", s], NODE_STAGE),
        "validate-maximal-perf": (lambda: perf("validate-maximal-perf", [str(bench_bin[-1]), "--bench", "validate_only", "--min-time", s], ROOT))
        if bench_bin else (lambda: "no validate_serialize bench binary (run ./scripts/bench first)"),
    }
    wanted = a.only.split(",") if a.only else list(jobs)
    try:
        for name in wanted:
            log(f"profile {name}")
            print(jobs[name]())
    finally:
        mock.stop()
    log(f"profiles in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
