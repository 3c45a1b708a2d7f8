"""OpenTelemetry with the real SDK (in-memory span exporter and metric reader) over real HTTP
against the mock: the span tree of a retried call, the trace context on the wire, metrics,
context propagation under concurrency (asyncio and threads), every management call through
the public namespaces, each page of a list, the workflows, the guest-token cache and its shared
tier (a real redis-server), the off switches, no secret in any exported attribute, and the
package working without ``opentelemetry-api`` installed."""

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
from typing import Any, Dict, Iterator, List, Literal, Tuple

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext, SpanKind, StatusCode

from databrain import (
    AsyncDatabrain,
    AsyncGuestTokenCache,
    Databrain,
    DatabrainError,
    GuestTokenCache,
    ValidationError,
)
from databrain import _native
from databrain._management import AsyncList, SyncList
from databrain.testing import MockServer
from redis_server import redis_url
from test_management import _fill
from test_workflows import EMBED

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


def _public_call(client: Databrain, name: str, case: Dict[str, Any]) -> Any:
    """Row ``name`` called as users call it: ``client.{family}.{row}(**fields)``, a list read
    by iterating it (or ``.page(n)``)."""
    family, row = name.split(".")
    method = getattr(getattr(client, family), row + "_" if row == "import" else row)
    result = method(**(case["input"] or {}), **(case.get("options") or {}))
    if isinstance(result, SyncList):
        return result.page(case["page"]) if case.get("page") is not None else list(result)
    return result


@pytest.mark.parametrize(("name", "case"), _ok_cases())
def test_every_management_call(mock: MockServer, otel: Otel, name: str, case: Dict[str, Any]) -> None:
    with _client(mock, otel) as client:
        _public_call(client, name, case)
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
    [(op_attrs, op_point)] = otel.points("databrain.client.operation.duration")
    assert op_point.count == 1 and op_attrs["databrain.operation"] == name
    _assert_no_secret(otel, _secrets(mock))


def _calls_named(otel: Otel, name: str) -> List[ReadableSpan]:
    return sorted((s for s in _by_kind(otel.spans(), SpanKind.INTERNAL) if s.name == name), key=lambda s: s.start_time or 0)


def _assert_one_attempt_each(otel: Otel, mock: MockServer, calls: List[ReadableSpan]) -> None:
    """Each call span has one CLIENT child, and the request it sent carries its context."""
    attempts = _by_kind(otel.spans(), SpanKind.CLIENT)
    for call in calls:
        mine = [a for a in attempts if a.parent is not None and a.parent.span_id == call.context.span_id]
        assert len(mine) == 1 and mine[0].context.trace_id == call.context.trace_id
    wire = sorted(r["headers"]["traceparent"].split("-")[2] for r in mock.requests())
    assert wire == sorted(f"{c.context.span_id:016x}" for c in calls)


LIST = "data_apps.list"
LIST_PATH = next(p for n, _m, p, _ in _native.OPERATIONS if n == LIST)


def test_each_page_is_a_call_in_the_context_it_is_requested_in(mock: MockServer, otel: Otel) -> None:
    with Databrain(base_url=mock.url, service_token=mock.service_token) as plain:
        _fill(plain, 25)
    mock.clear_requests()
    with _client(mock, otel) as client:
        apps = client.data_apps.list()
        assert isinstance(apps, SyncList)
        pages = apps.pages()
        readers: List[SpanContext] = []
        for n, size in enumerate((10, 10, 5)):
            with otel.tracer.start_as_current_span(f"reader-{n}") as reader:
                assert len(next(pages)) == size
                readers.append(reader.get_span_context())
        assert next(pages, None) is None
        assert len(mock.requests()) == 3, "a short page is the last: nothing sent after it"
        assert len(_calls_named(otel, "databrain." + LIST)) == 3, "and no span for it"
        assert len(list(apps)) == 25  # iterating: 3 more calls, in the (empty) current context
        calls = _calls_named(otel, "databrain." + LIST)
        assert len(calls) == 6
        for call, context in zip(calls, readers):
            assert call.parent is not None and call.parent.span_id == context.span_id
            assert call.context.trace_id == context.trace_id
        assert all(call.parent is None for call in calls[3:])
        assert len({c.context.trace_id for c in calls[3:]}) == 3
        _assert_one_attempt_each(otel, mock, calls)
        assert sum(p.count for _, p in otel.points("http.client.request.duration")) == 6
        [(op_attrs, op_point)] = otel.points("databrain.client.operation.duration")
        assert op_point.count == 6 and op_attrs["databrain.operation"] == LIST
        mock.inject_fault(kind="status", status=403, path=LIST_PATH)
        with pytest.raises(DatabrainError):
            list(client.data_apps.list())
    failed = _calls_named(otel, "databrain." + LIST)[-1]
    assert failed.status.status_code == StatusCode.ERROR
    assert dict(failed.attributes or {})["error.type"] == "403"
    _assert_no_secret(otel, _secrets(mock))


async def test_each_async_page_is_a_call_in_the_task_that_awaits_it(mock: MockServer, otel: Otel) -> None:
    with Databrain(base_url=mock.url, service_token=mock.service_token) as plain:
        _fill(plain, 25)
    mock.clear_requests()
    client = _aclient(mock, otel)
    apps = client.data_apps.list()
    assert isinstance(apps, AsyncList)
    pages = apps.pages().__aiter__()
    readers: List[SpanContext] = []
    for n, size in enumerate((10, 10, 5)):
        with otel.tracer.start_as_current_span(f"reader-{n}") as reader:
            assert len(await pages.__anext__()) == size
            readers.append(reader.get_span_context())
    with pytest.raises(StopAsyncIteration):
        await pages.__anext__()

    async def under(parent: str) -> Tuple[int, int]:
        with otel.tracer.start_as_current_span(parent) as span:
            return len([app async for app in apps]), span.get_span_context().span_id

    # Two readers at once, each page under the task that awaits it.
    both = await asyncio.gather(under("reader-a"), under("reader-b"))
    assert [n for n, _ in both] == [25, 25]
    calls = _calls_named(otel, "databrain." + LIST)
    assert len(calls) == 9 and len(mock.requests()) == 9
    for call, context in zip(calls, readers):
        assert call.parent is not None and call.parent.span_id == context.span_id
    concurrent = calls[3:]
    for _, parent in both:
        assert len([c for c in concurrent if c.parent is not None and c.parent.span_id == parent]) == 3
    _assert_one_attempt_each(otel, mock, calls)
    # Awaiting the list reads it whole: one call, one attempt per page.
    mock.clear_requests()
    assert len(await apps) == 25
    whole = _calls_named(otel, "databrain." + LIST)[-1]
    assert len([a for a in _by_kind(otel.spans(), SpanKind.CLIENT) if a.parent and a.parent.span_id == whole.context.span_id]) == 3
    await client.aclose()
    _assert_no_secret(otel, _secrets(mock))


def _workflow_spans(otel: Otel, mock: MockServer) -> Dict[str, ReadableSpan]:
    """The workflows' call spans by name; every attempt a child of one, every request at the
    mock carrying its workflow's context, one CLIENT span per request."""
    spans = otel.spans()
    calls = {s.name: s for s in _by_kind(spans, SpanKind.INTERNAL)}
    by_id = {s.context.span_id: s for s in calls.values()}
    attempts = _by_kind(spans, SpanKind.CLIENT)
    assert len(attempts) == len(mock.requests())
    for attempt in attempts:
        assert attempt.parent is not None and attempt.parent.span_id in by_id
        assert attempt.context.trace_id == by_id[attempt.parent.span_id].context.trace_id
    per_call: Dict[int, int] = {}
    for recorded in mock.requests():
        _v, trace_id, span_id, _f = recorded["headers"]["traceparent"].split("-")
        call = by_id[int(span_id, 16)]
        assert trace_id == f"{call.context.trace_id:032x}"
        per_call[call.context.span_id] = per_call.get(call.context.span_id, 0) + 1
    for call in calls.values():
        mine = [a for a in attempts if a.parent is not None and a.parent.span_id == call.context.span_id]
        assert len(mine) == per_call.get(call.context.span_id, 0) > 0
        assert dict(call.attributes or {})["databrain.attempt_count"] == len(mine)
    return calls


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
async def test_the_workflows_are_one_span_each_around_their_requests(mock: MockServer, otel: Otel, is_async: bool) -> None:
    if is_async:
        aclient = _aclient(mock, otel)
        made = await aclient.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
        tenant = AsyncDatabrain(base_url=mock.url, api_key=made.api_key.key, timeout=5.0, **otel.options())
        rotated = await tenant.rotate_api_key(grace=60)
        await aclient.aclose()
        await tenant.aclose()
    else:
        with _client(mock, otel) as client:
            made = client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
        with Databrain(base_url=mock.url, api_key=made.api_key.key, timeout=5.0, **otel.options()) as sync_tenant:
            rotated = sync_tenant.rotate_api_key(grace=60)
    calls = _workflow_spans(otel, mock)
    assert sorted(calls) == ["databrain.provision_tenant", "databrain.rotate_api_key"]
    provision, rotation = calls["databrain.provision_tenant"], calls["databrain.rotate_api_key"]
    assert dict(provision.attributes or {})["databrain.operation"] == "provision_tenant"
    assert dict(rotation.attributes or {})["databrain.operation"] == "rotate_api_key"
    assert len([r for r in mock.requests() if r["method"] == "POST"]) == 4, "data app, key, embed, rotation"
    assert {c.status.status_code for c in calls.values()} == {StatusCode.UNSET}
    ops = {a["databrain.operation"]: p.count for a, p in otel.points("databrain.client.operation.duration")}
    assert ops == {"provision_tenant": 1, "rotate_api_key": 1}
    assert sum(p.count for _, p in otel.points("http.client.request.duration")) == len(mock.requests())
    _assert_no_secret(otel, _secrets(mock, made.api_key.key, rotated.key))


def test_a_failed_workflow_step_is_an_error(mock: MockServer, otel: Otel) -> None:
    # The key's create reached the mock but its answer was lost: the step fails.
    mock.inject_fault(kind="status", status=500, path="/api/v2/data-app/api-tokens", method="POST", afterHandling=True)
    with _client(mock, otel) as client:
        with pytest.raises(DatabrainError, match="step api_key failed"):
            client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
    calls = _workflow_spans(otel, mock)
    [provision] = calls.values()
    assert provision.name == "databrain.provision_tenant"
    assert provision.status.status_code == StatusCode.ERROR
    assert dict(provision.attributes or {})["error.type"] == "500"
    failed = [s for s in _by_kind(otel.spans(), SpanKind.CLIENT) if dict(s.attributes or {}).get("error.type") == "500"]
    assert len(failed) == 1 and failed[0].status.status_code == StatusCode.ERROR
    [(op_attrs, _)] = otel.points("databrain.client.operation.duration")
    assert op_attrs == {"databrain.operation": "provision_tenant", "server.address": "127.0.0.1", "error.type": "500"}
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


@pytest.fixture
def redis() -> Iterator[str]:
    yield from redis_url()


SHARED_COUNTERS: Dict[str, Literal["lock_waits", "fallback_mints"]] = {
    "databrain.guest_token.shared_cache.lock_waits": "lock_waits",
    "databrain.guest_token.shared_cache.fallback_mints": "fallback_mints",
}


def test_the_shared_tier_counters(mock: MockServer, otel: Otel, redis: str, closed_port_url: str) -> None:
    mock.inject_fault(kind="delay", ms=300, path=GUEST)
    with _client(mock, otel) as client:
        # Two caches on one Redis (as two processes would be): one mints, the other waits for
        # that mint (a lock wait), then reads it (a shared hit).
        one, two = GuestTokenCache(client, shared_cache_url=redis), GuestTokenCache(client, shared_cache_url=redis)
        request: Dict[str, Any] = {"client_id": "user-s", "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 600_000}
        both = threading.Barrier(2)

        def get(cache: GuestTokenCache) -> str:
            both.wait()
            return cache.get(**request).token

        with ThreadPoolExecutor(max_workers=2) as pool:
            first, second = pool.map(get, (one, two))
        assert first == second and len(mock.guest_tokens()) == 1
        assert two.get(**request).token == first  # its own in-process tier now
        # A Redis that refuses connections: a shared-tier error, then a mint outside the lock.
        down = GuestTokenCache(client, shared_cache_url=closed_port_url.replace("http://", "redis://") + "/")
        down.get(client_id="user-d", data_app_name=_native.MOCK_DATA_APP, expiry_time=600_000)
        local = GuestTokenCache(client)  # no shared tier: zeros
        local.get(**request)
        stats = [c.stats() for c in (one, two, down, local)]
        lookups = {a["databrain.cache.result"]: p.value for a, p in otel.points("databrain.guest_token.shared_cache.lookups")}
        counters = {name: [p.value for _, p in otel.points(name)] for name in SHARED_COUNTERS}
        tokens = [t["token"] for t in mock.guest_tokens()]
    assert lookups == {
        "hit": sum(s["shared_hits"] for s in stats),
        "miss": sum(s["shared_misses"] for s in stats),
        "error": sum(s["shared_errors"] for s in stats),
    }
    assert lookups["hit"] == 1 and lookups["miss"] == 1 and lookups["error"] >= 1, stats
    for name, key in SHARED_COUNTERS.items():
        assert counters[name] == [sum(s[key] for s in stats)], (name, stats)
    assert counters["databrain.guest_token.shared_cache.lock_waits"] == [1], stats
    assert counters["databrain.guest_token.shared_cache.fallback_mints"][0] >= 1, stats
    assert local.stats()["shared_hits"] == local.stats()["shared_misses"] == 0
    _assert_no_secret(otel, _secrets(mock, *tokens, "user-s", "user-d", _native.MOCK_DATA_APP))


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
