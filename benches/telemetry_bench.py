"""Telemetry overhead per call (issue 29), in one run on one machine: telemetry off, the
OpenTelemetry API without an SDK (the default when the API is installed), and the real SDK with
an in-memory span exporter and metric reader. Serial guest-token calls against the in-process
mock (loopback); reports the median and p99 wall time per call, the process CPU per call, and
the cost of an extra attempt (429 with Retry-After: 0, then 200: no backoff wait).

    python benches/telemetry_bench.py [--calls 2000] [--json]

``--json`` prints JSON lines for ./scripts/bench (benches/run.py), which runs it with the
release wheel in benches/.venv and puts the rows into BENCHMARKS.md.

Measure with a release build (./scripts/bench builds benches/.venv); a debug extension inflates
the core's share, not the Python side the API-only row measures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable, Dict, List


def measure(call: Callable[[], Any], n: int) -> Dict[str, float]:
    for _ in range(min(200, n)):
        call()
    walls: List[int] = []
    cpu0 = time.process_time_ns()
    for _ in range(n):
        t0 = time.perf_counter_ns()
        call()
        walls.append(time.perf_counter_ns() - t0)
    cpu = (time.process_time_ns() - cpu0) / n
    walls.sort()
    return {"p50_us": walls[n // 2] / 1e3, "p99_us": walls[int(n * 0.99)] / 1e3, "cpu_us": cpu / 1e3}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="JSON lines for benches/run.py instead of the table")
    args = parser.parse_args()
    from databrain import Databrain, _native
    from databrain.testing import MockServer
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    request = {"client_id": "bench-user", "data_app_name": _native.MOCK_DATA_APP}
    rows: Dict[str, Dict[str, float]] = {}
    with MockServer() as mock:
        common = {"base_url": mock.url, "api_key": mock.api_key}
        exporter = InMemorySpanExporter()
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])
        clients = {
            "telemetry off": Databrain(telemetry=False, **common),
            "OTel API, no SDK": Databrain(**common),
            "SDK + in-memory exporter": Databrain(tracer_provider=tracer_provider, meter_provider=meter_provider, **common),
        }
        # Interleaved rounds, so drift on a shared machine hits every row alike.
        results: Dict[str, List[Dict[str, float]]] = {name: [] for name in clients}
        for _ in range(3):
            for name, client in clients.items():
                results[name].append(measure(lambda c=client: c.create_guest_token(**request), args.calls))
                exporter.clear()
                mock.reset()
        for name, runs in results.items():
            rows[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        # The switch alone (what a call pays with the API installed and no SDK).
        live = clients["OTel API, no SDK"]._telemetry
        assert live is not None
        n = 200_000
        t0 = time.perf_counter_ns()
        for _ in range(n):
            live.live()
        switch_ns = (time.perf_counter_ns() - t0) / n
        # An extra attempt: 429 with Retry-After: 0 (honoured: no backoff wait), then 200.
        retry: Dict[str, float] = {}
        for name in ("telemetry off", "SDK + in-memory exporter"):
            client = clients[name]

            def twice(c: Any = client) -> None:
                mock.inject_fault(kind="status", status=429, retryAfter="0", times=1)
                c.create_guest_token(**request)

            retry[name] = measure(twice, max(200, args.calls // 4))["p50_us"]
            mock.reset()
    if args.json:
        report_json(rows, retry, switch_ns)
    else:
        report_table(rows, retry, switch_ns)


# benches/run.py's names for the three modes.
MODES = {"telemetry off": "off", "OTel API, no SDK": "api", "SDK + in-memory exporter": "sdk"}


def report_json(rows: Dict[str, Dict[str, float]], retry: Dict[str, float], switch_ns: float) -> None:
    import json

    for name, row in rows.items():
        line = {"bench": "python-telemetry", "client": MODES[name], "p50_us": row["p50_us"], "p99_us": row["p99_us"],
                "cpu_us_per_req": row["cpu_us"]}
        if name in retry:
            line["retry_p50_us"] = retry[name]
        if name == "OTel API, no SDK":
            line["switch_ns"] = switch_ns
        print(json.dumps(line))


def report_table(rows: Dict[str, Dict[str, float]], retry: Dict[str, float], switch_ns: float) -> None:
    base = rows["telemetry off"]
    print(f"{'mode':28} {'p50 µs':>8} {'p99 µs':>8} {'CPU µs':>8} {'Δp50':>7} {'ΔCPU':>7}")
    for name, row in rows.items():
        print(
            f"{name:28} {row['p50_us']:8.1f} {row['p99_us']:8.1f} {row['cpu_us']:8.1f} "
            f"{row['p50_us'] - base['p50_us']:+7.1f} {row['cpu_us'] - base['cpu_us']:+7.1f}"
        )
    print(f"live() check per call with the API and no SDK: {switch_ns:.0f} ns")
    extra_off = retry["telemetry off"] - base["p50_us"]
    extra_on = retry["SDK + in-memory exporter"] - rows["SDK + in-memory exporter"]["p50_us"]
    print(f"an extra attempt (429 with Retry-After: 0, then 200), p50: +{extra_off:.1f} µs off, +{extra_on:.1f} µs with the SDK")

if __name__ == "__main__":
    main()
