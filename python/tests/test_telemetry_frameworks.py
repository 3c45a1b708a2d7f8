"""The mint endpoint's Databrain call inside the framework's server span: a real FastAPI app
(TestClient) whose HTTP middleware opens a SERVER span with the real SDK, as an ASGI
instrumentation would; the endpoint -> cache -> Databrain call is one trace, for the four
kinds of target (the blocking ones run in FastAPI's threadpool, with the context copied)."""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("opentelemetry.sdk")

from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache, _native
from databrain.fastapi import guest_token_router
from databrain.testing import MockServer


def _resolve(request: Request) -> Optional[Dict[str, Any]]:
    return {"client_id": request.headers["x-session-user"], "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 3_600_000}


@pytest.mark.parametrize("kind", ["async_cache", "cache", "async_client", "client"])
def test_the_mint_endpoint_runs_inside_the_server_span(mock: MockServer, kind: str) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("server")
    options: Dict[str, Any] = {"base_url": mock.url, "api_key": mock.api_key, "tracer_provider": provider}
    target: Any
    if kind == "async_cache":
        target = AsyncGuestTokenCache(AsyncDatabrain(**options))
    elif kind == "cache":
        target = GuestTokenCache(Databrain(**options))
    elif kind == "async_client":
        target = AsyncDatabrain(**options)
    else:
        target = Databrain(**options)
    app = FastAPI()

    @app.middleware("http")
    async def server_span(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        with tracer.start_as_current_span(f"{request.method} {request.url.path}", kind=SpanKind.SERVER):
            return await call_next(request)

    app.include_router(guest_token_router(target, resolve=_resolve))
    with TestClient(app) as http:
        for user in ("u1", "u2"):
            assert http.post("/guest-token", headers={"x-session-user": user}).status_code == 200
    spans = exporter.get_finished_spans()
    servers = [s for s in spans if s.kind == SpanKind.SERVER]
    calls = [s for s in spans if s.name.startswith("databrain.")]
    assert len(servers) == 2 and len(calls) == 2
    for server, call in zip(sorted(servers, key=lambda s: s.start_time or 0), sorted(calls, key=lambda s: s.start_time or 0)):
        assert call.parent is not None and call.parent.span_id == server.context.span_id
        assert call.context.trace_id == server.context.trace_id
    for attempt in (s for s in spans if s.kind == SpanKind.CLIENT):
        assert attempt.parent is not None and attempt.parent.span_id in {c.context.span_id for c in calls}
    wire = {r["headers"]["traceparent"].split("-")[1] for r in mock.requests()}
    assert wire == {f"{s.context.trace_id:032x}" for s in servers} and len(wire) == 2
