"""OpenTelemetry with the real SDK (in-memory span exporter and metric reader) over real HTTP
against the mock: the span tree of a retried call, the trace context on the wire, metrics,
context propagation under concurrency (asyncio and threads), every management call, the
guest-token cache, the off switches, no secret in any exported attribute, and the package
working without ``opentelemetry-api`` installed."""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from databrain import (
    AsyncDatabrain,
    AsyncGuestTokenCache,
    Databrain,
    DatabrainError,
    GuestTokenCache,
    ValidationError,
)
from databrain import _native
from databrain._management import _call
from databrain.testing import MockServer

GUEST = _native.GUEST_TOKEN_PATH
VECTORS = Path(os.environ.get("DATABRAIN_VECTORS_DIR", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


class Otel:
    """A tracer and a meter provider of the real SDK, each with an in-memory reader."""

    def __init__(self) -> None:
        self.spans_out = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans_out))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])
        self.tracer = self.tracer_provider.get_tracer("test")

    def spans(self) -> List[ReadableSpan]:
        return list(self.spans_out.get_finished_spans())

    def points(self, name: str) -> List[Tuple[Dict[str, Any], Any]]:
        data = self.reader.get_metrics_data()
        out: List[Tuple[Dict[str, Any], Any]] = []
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        out.extend((dict(p.attributes or {}), p) for p in metric.data.data_points)
        return out

    def options(self) -> Dict[str, Any]:
        return {"tracer_provider": self.tracer_provider, "meter_provider": self.meter_provider}


@pytest.fixture
def otel() -> Iterator[Otel]:
    o = Otel()
    yield o
    o.tracer_provider.shutdown()
    o.meter_provider.shutdown()


def _client(mock: MockServer, otel: Otel, **extra: Any) -> Databrain:
    return Databrain(
        base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, timeout=5.0, **otel.options(), **extra
    )


def _aclient(mock: MockServer, otel: Otel, **extra: Any) -> AsyncDatabrain:
    return AsyncDatabrain(
        base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, timeout=5.0, **otel.options(), **extra
    )


def _by_kind(spans: List[ReadableSpan], kind: SpanKind) -> List[ReadableSpan]:
    return [s for s in spans if s.kind == kind]


def _secrets(mock: MockServer, *more: str) -> List[str]:
    return [mock.api_key, mock.service_token, *more]


def _assert_no_secret(otel: Otel, secrets: List[str]) -> None:
    """Every exported span, event and metric attribute (and span name) is free of secrets."""
    texts: List[str] = []
    for span in otel.spans():
        texts.append(span.name)
        texts.extend(f"{k}={v!r}" for k, v in (span.attributes or {}).items())
        for event in span.events:
            texts.extend(f"{k}={v!r}" for k, v in (event.attributes or {}).items())
    data = otel.reader.get_metrics_data()
    for resource in data.resource_metrics if data else []:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points:
                    texts.extend(f"{k}={v!r}" for k, v in (point.attributes or {}).items())
    blob = "\n".join(texts)
    for secret in secrets:
        assert secret and secret not in blob, f"{secret!r} in exported telemetry"


def test_a_call_answered_503_503_200(mock: MockServer, otel: Otel) -> None:
    mock.inject_fault(kind="status", status=503, path=GUEST, times=2)
    with _client(mock, otel) as client:
        token = client.create_guest_token(client_id="user-77", data_app_name=_native.MOCK_DATA_APP)
    spans = otel.spans()
    [call] = _by_kind(spans, SpanKind.INTERNAL)
    attempts = sorted(_by_kind(spans, SpanKind.CLIENT), key=lambda s: s.start_time or 0)
    assert len(spans) == 4 and len(attempts) == 3
    assert call.name == "databrain.guest_token.create"
    attrs = dict(call.attributes or {})
    assert attrs["databrain.operation"] == "guest_token.create"
    assert attrs["server.address"] == "127.0.0.1"
    assert attrs["databrain.attempt_count"] == 3
    assert call.status.status_code == StatusCode.UNSET
    trace_ids = {s.context.trace_id for s in spans}
    assert len(trace_ids) == 1
    for attempt in attempts:
        assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
        assert attempt.name == f"POST {GUEST}"
        assert call.start_time is not None and call.end_time is not None
        assert attempt.start_time is not None and attempt.end_time is not None
        assert call.start_time <= attempt.start_time <= attempt.end_time <= call.end_time
    a = [dict(s.attributes or {}) for s in attempts]
    assert [x.get("http.request.resend_count") for x in a] == [None, 1, 2]
    assert [x["http.response.status_code"] for x in a] == [503, 503, 200]
    assert [x.get("error.type") for x in a] == ["503", "503", None]
    assert [s.status.status_code for s in attempts] == [StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET]
    for x in a:
        assert x["http.request.method"] == "POST"
        assert x["url.template"] == GUEST
        assert x["url.full"] == mock.url + GUEST
        assert x["server.port"] == int(mock.url.rsplit(":", 1)[1])
        assert x["network.protocol.version"] == "1.1"
    assert attrs["databrain.request_id"] == a[-1]["databrain.request_id"]
    # On the wire: one trace id (the call span's) and one request id on all three attempts.
    wire = mock.requests()
    assert len(wire) == 3
    parents = {r["headers"]["traceparent"].rsplit("-", 1)[0] for r in wire}
    assert parents == {f"00-{call.context.trace_id:032x}-{call.context.span_id:016x}"}
    assert len({r["headers"]["x-request-id"] for r in wire}) == 1
    # Metrics: 3 attempt points, 1 call point.
    http = otel.points("http.client.request.duration")
    assert sum(p.count for _, p in http) == 3
    assert {a["http.response.status_code"] for a, _ in http} == {503, 200}
    assert all("url.full" not in a for a, _ in http)
    [(op_attrs, op_point)] = otel.points("databrain.client.operation.duration")
    assert op_point.count == 1 and op_attrs == {"databrain.operation": "guest_token.create", "server.address": "127.0.0.1"}
    _assert_no_secret(otel, _secrets(mock, token, "user-77", _native.MOCK_DATA_APP))


def test_errors_set_status_and_error_type(mock: MockServer, otel: Otel) -> None:
    mock.inject_fault(kind="status", status=401, path=GUEST)
    with _client(mock, otel) as client:
        with pytest.raises(DatabrainError):
            client.create_guest_token(client_id="u", data_app_name=_native.MOCK_DATA_APP)
        with pytest.raises(ValidationError):
            client.create_guest_token(client_id="", data_app_name=_native.MOCK_DATA_APP)
    calls = _by_kind(otel.spans(), SpanKind.INTERNAL)
    assert [c.status.status_code for c in calls] == [StatusCode.ERROR, StatusCode.ERROR]
    assert dict(calls[0].attributes or {})["error.type"] == "401"
    assert dict(calls[1].attributes or {})["error.type"] == "ValidationError"
    assert len(_by_kind(otel.spans(), SpanKind.CLIENT)) == 1, "nothing was sent for the invalid request"
    errors = [a.get("error.type") for a, _ in otel.points("databrain.client.operation.duration")]
    assert sorted(e for e in errors if e) == ["401", "ValidationError"]


def test_a_refused_connection_is_a_transport_error(closed_port_url: str, otel: Otel) -> None:
    with Databrain(base_url=closed_port_url, api_key="k", max_retries=0, allow_insecure_http=True, **otel.options()) as c:
        with pytest.raises(DatabrainError):
            c.create_guest_token(client_id="u", data_app_name="app")
    [call] = _by_kind(otel.spans(), SpanKind.INTERNAL)
    [attempt] = _by_kind(otel.spans(), SpanKind.CLIENT)
    assert dict(call.attributes or {})["error.type"] == "connection_error"
    assert "http.response.status_code" not in dict(attempt.attributes or {})
    assert attempt.status.status_code == StatusCode.ERROR


async def test_async_calls_under_50_parents_are_never_mis_parented(mock: MockServer, otel: Otel) -> None:
    client = _aclient(mock, otel)

    async def one(i: int) -> int:
        with otel.tracer.start_as_current_span(f"parent-{i}") as parent:
            await client.create_guest_token(client_id=f"u{i}", data_app_name=_native.MOCK_DATA_APP)
            return parent.get_span_context().span_id

    parents = await asyncio.gather(*(one(i) for i in range(50)))
    await client.aclose()
    _assert_parented(otel, mock, parents)


def test_threads_with_copied_contexts_under_50_parents(mock: MockServer, otel: Otel) -> None:
    with _client(mock, otel) as client:

        def one(i: int) -> int:
            with otel.tracer.start_as_current_span(f"parent-{i}") as parent:
                ctx = contextvars.copy_context()
                with ThreadPoolExecutor(max_workers=1) as inner:
                    inner.submit(ctx.run, client.create_guest_token, client_id=f"u{i}", data_app_name=_native.MOCK_DATA_APP).result()
                return parent.get_span_context().span_id

        with ThreadPoolExecutor(max_workers=16) as pool:
            parents = list(pool.map(one, range(50)))
    _assert_parented(otel, mock, parents)


def _assert_parented(otel: Otel, mock: MockServer, parents: List[int]) -> None:
    spans = otel.spans()
    by_id = {s.context.span_id: s for s in spans}
    calls = [s for s in _by_kind(spans, SpanKind.INTERNAL) if s.name.startswith("databrain.")]
    assert len(calls) == 50
    mis = 0
    for call in calls:
        parent = by_id.get(call.parent.span_id) if call.parent else None
        if parent is None or parent.name.split("-")[0] != "parent" or parent.context.trace_id != call.context.trace_id:
            mis += 1
    assert sorted(c.parent.span_id for c in calls if c.parent) == sorted(parents)
    for attempt in _by_kind(spans, SpanKind.CLIENT):
        owner = by_id[attempt.parent.span_id] if attempt.parent else None
        if owner is None or owner.kind != SpanKind.INTERNAL:
            mis += 1
    assert mis == 0
    # Each request on the wire carries its own call span's context.
    wire = {r["headers"]["traceparent"].split("-")[2] for r in mock.requests()}
    assert wire == {f"{c.context.span_id:016x}" for c in calls}


def _ok_cases() -> List[Any]:
    cases = json.loads((VECTORS / "management.json").read_text(encoding="utf-8"))["cases"]
    first: Dict[str, Dict[str, Any]] = {}
    for case in cases:
        if case.get("result") == "ok" and "errors" not in case:
            first.setdefault(case["call"], case)
    return [pytest.param(name, first[name], id=name) for name, *_ in _native.OPERATIONS]


@pytest.mark.parametrize(("name", "case"), _ok_cases())
def test_every_management_call(mock: MockServer, otel: Otel, name: str, case: Dict[str, Any]) -> None:
    with _client(mock, otel) as client:
        _call(client._telemetry, client._native, name, case["input"], case.get("options"), case.get("page"))
    spans = otel.spans()
    [call] = _by_kind(spans, SpanKind.INTERNAL)
    assert call.name == f"databrain.{name}"
    attempts = _by_kind(spans, SpanKind.CLIENT)
    assert attempts and len(attempts) == len(mock.requests())
    path = next(p for n, _m, p, _ in _native.OPERATIONS if n == name)
    for attempt in attempts:
        assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
        template = dict(attempt.attributes or {})["url.template"]
        assert attempt.name.endswith(" " + str(template))
        assert template == path or not case.get("options", {}).get("legacy") is None
    for recorded in mock.requests():
        assert recorded["headers"]["traceparent"].split("-")[1] == f"{call.context.trace_id:032x}"
    _assert_no_secret(otel, _secrets(mock))


def test_the_cache_reports_hit_miss_coalesced_and_refresh_failures(mock: MockServer, otel: Otel) -> None:
    with _client(mock, otel) as client:
        cache = GuestTokenCache(client, refresh_margin=0.99)
        request: Dict[str, Any] = {"client_id": "user-9", "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 5_000}
        first = cache.get(**request)  # miss: minted
        time.sleep(0.1)
        cache.get(**request)  # stale: due for a refresh after 1 % of its life, served, refresh started
        spans = otel.spans()
        calls = _by_kind(spans, SpanKind.INTERNAL)
        assert [dict(c.attributes or {})["databrain.guest_token.cache_hit"] for c in calls] == [False, True]
        miss_attempts = [s for s in _by_kind(spans, SpanKind.CLIENT) if s.parent and s.parent.span_id == calls[0].context.span_id]
        assert len(miss_attempts) == 1, "the spawned mint reports to the call that started it"
        time.sleep(0.3)  # the background refresh the stale hit started has ended
        cache.clear()
        mock.inject_fault(kind="delay", ms=1000, path=GUEST)
        both = threading.Barrier(2)

        def together(_: int) -> Any:
            both.wait()
            return cache.get(**request)

        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(together, range(2)))
    lookups = {a["databrain.cache.result"]: p.value for a, p in otel.points("databrain.guest_token.cache.lookups")}
    assert lookups.get("miss") == 2 and lookups.get("stale") == 1 and lookups.get("coalesced") == 1, lookups
    _assert_no_secret(otel, _secrets(mock, first.token, "user-9", _native.MOCK_DATA_APP))


def test_a_failed_background_refresh_is_counted(mock: MockServer, otel: Otel) -> None:
    with _client(mock, otel) as client:
        cache = GuestTokenCache(client, refresh_margin=0.99)
        request: Dict[str, Any] = {"client_id": "user-r", "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 5_000}
        cache.get(**request)
        mock.inject_fault(kind="status", status=400, path=GUEST)
        time.sleep(0.1)
        cache.get(**request)  # stale: the background refresh fails, the token is still served
        for _ in range(200):
            if cache.stats()["refresh_failures"]:
                break
            time.sleep(0.01)
        [(_attrs, point)] = otel.points("databrain.guest_token.refresh.failures")
        assert point.value == 1


async def test_async_cache_fast_hit_is_a_hit(mock: MockServer, otel: Otel) -> None:
    client = _aclient(mock, otel)
    cache = AsyncGuestTokenCache(client)
    request: Dict[str, Any] = {"client_id": "user-a", "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 3_600_000}
    await cache.get(**request)
    await cache.get(**request)
    await client.aclose()
    calls = _by_kind(otel.spans(), SpanKind.INTERNAL)
    assert [dict(c.attributes or {})["databrain.guest_token.cache_hit"] for c in calls] == [False, True]
    lookups = {a["databrain.cache.result"]: p.value for a, p in otel.points("databrain.guest_token.cache.lookups")}
    assert lookups == {"miss": 1, "hit": 1}


async def test_cancelling_leaves_the_status_unset(fresh_mock: MockServer, otel: Otel) -> None:
    fresh_mock.inject_fault(kind="delay", ms=2000, path=GUEST)
    client = _aclient(fresh_mock, otel)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.create_guest_token(client_id="u", data_app_name=_native.MOCK_DATA_APP), 0.2)
    [call] = _by_kind(otel.spans(), SpanKind.INTERNAL)
    assert call.status.status_code == StatusCode.UNSET
    assert "error.type" not in dict(call.attributes or {})


def test_switches(mock: MockServer, otel: Otel, monkeypatch: pytest.MonkeyPatch) -> None:
    kwargs: Dict[str, Any] = {"client_id": "u", "data_app_name": _native.MOCK_DATA_APP}
    with _client(mock, otel, telemetry=False) as c:
        c.create_guest_token(**kwargs)
    assert otel.spans() == [] and "traceparent" not in mock.requests()[-1]["headers"]
    with _client(mock, otel, propagate=False) as c:
        c.create_guest_token(**kwargs)
    assert len(otel.spans()) == 2, "spans still made"
    assert "traceparent" not in mock.requests()[-1]["headers"], "but no trace context on the wire"
    monkeypatch.setenv("DATABRAIN_OTEL", "off")
    with _client(mock, otel) as c:
        assert c._telemetry is None
        c.create_guest_token(**kwargs)
    assert len(otel.spans()) == 2
    with _client(mock, otel, telemetry=True) as c:
        c.create_guest_token(**kwargs)
    assert len(otel.spans()) == 4, "telemetry=True wins over the variable"


def test_a_sampled_out_call_still_propagates_and_records_metrics(mock: MockServer) -> None:
    from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

    otel = Otel()
    otel.tracer_provider = TracerProvider(sampler=ALWAYS_OFF)
    otel.tracer_provider.add_span_processor(SimpleSpanProcessor(otel.spans_out))
    with _client(mock, otel) as c:
        c.create_guest_token(client_id="u", data_app_name=_native.MOCK_DATA_APP)
    assert otel.spans() == []
    assert int(mock.requests()[-1]["headers"]["traceparent"].rsplit("-", 1)[1], 16) & 1 == 0, "not sampled"
    assert sum(p.count for _, p in otel.points("http.client.request.duration")) == 1


def test_without_the_api_installed_the_package_imports_and_works(mock: MockServer) -> None:
    script = textwrap.dedent(
        f"""
        import sys

        class Hide:
            def find_spec(self, name, path=None, target=None):
                if name == "opentelemetry" or name.startswith("opentelemetry."):
                    raise ImportError("hidden: " + name)
                return None

        sys.meta_path.insert(0, Hide())
        import databrain
        client = databrain.Databrain(base_url={mock.url!r}, api_key={mock.api_key!r})
        assert client._telemetry is None
        assert len(client.create_guest_token(client_id="u", data_app_name={_native.MOCK_DATA_APP!r})) > 0
        assert not [m for m in sys.modules if m.startswith("opentelemetry")], "an OpenTelemetry module was imported"
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert "traceparent" not in mock.requests()[-1]["headers"]


def test_importing_the_package_imports_no_opentelemetry() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import sys, databrain; print([m for m in sys.modules if m.startswith('opentelemetry')])"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
