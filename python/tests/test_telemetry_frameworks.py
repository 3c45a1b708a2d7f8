"""The mint endpoints' Databrain call inside the framework's server span, in each real framework:
FastAPI and Starlette (TestClient, an HTTP middleware), Django (its test client, a middleware in
the project's MIDDLEWARE) and Flask (its test client, a WSGI middleware around ``app.wsgi_app``).
Each middleware opens a SERVER span with the real SDK, as an instrumentation would; the
endpoint -> cache -> Databrain call is then one trace, for every kind of target the framework
takes (the blocking ones run in a threadpool or worker thread, with the context copied)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.trace import SpanKind, Tracer

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache, _native
from databrain.testing import MockServer
from test_telemetry import Otel, _assert_no_secret, _secrets

ASYNC_AND_SYNC = ["async_cache", "cache", "async_client", "client"]
# Flask views are synchronous: its view refuses the asyncio targets.
KINDS: Dict[str, List[str]] = {
    "fastapi": ASYNC_AND_SYNC,
    "starlette": ASYNC_AND_SYNC,
    "django": ASYNC_AND_SYNC,
    "flask": ["cache", "client"],
}
PATH = "/guest-token"
USERS = ("user-one", "user-two")
# Post as `user` (the test's stand-in for a session: a header) and answer the status.
Post = Callable[[str], int]


def _fields(user: Optional[str]) -> Optional[Dict[str, Any]]:
    if user is None:
        return None
    return {"client_id": user, "data_app_name": _native.MOCK_DATA_APP, "expiry_time": 3_600_000}


def _target(kind: str, options: Dict[str, Any]) -> Any:
    if kind == "async_cache":
        return AsyncGuestTokenCache(AsyncDatabrain(**options))
    if kind == "cache":
        return GuestTokenCache(Databrain(**options))
    if kind == "async_client":
        return AsyncDatabrain(**options)
    return Databrain(**options)


def _server_span(tracer: Tracer, method: str, path: str) -> Any:
    """The SERVER span an instrumentation opens around a request, made current."""
    return tracer.start_as_current_span(f"{method} {path}", kind=SpanKind.SERVER)


@contextmanager
def _asgi(app: Any) -> Iterator[Post]:
    from starlette.testclient import TestClient

    with TestClient(app) as http:
        yield lambda user: http.post(PATH, headers={"x-session-user": user}).status_code


@contextmanager
def _fastapi(target: Any, tracer: Tracer, _request: pytest.FixtureRequest) -> Iterator[Post]:
    pytest.importorskip("fastapi")
    from fastapi import FastAPI, Request

    from databrain.fastapi import guest_token_router

    app = FastAPI()

    @app.middleware("http")
    async def server_span(request: Request, call_next: Any) -> Any:
        with _server_span(tracer, request.method, request.url.path):
            return await call_next(request)

    app.include_router(guest_token_router(target, resolve=lambda r: _fields(r.headers.get("x-session-user")), path=PATH))
    with _asgi(app) as post:
        yield post


@contextmanager
def _starlette(target: Any, tracer: Tracer, _request: pytest.FixtureRequest) -> Iterator[Post]:
    pytest.importorskip("starlette")
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.types import ASGIApp, Receive, Scope, Send

    from databrain.starlette import guest_token_route

    class ServerSpan:
        """A pure ASGI middleware, as opentelemetry-instrumentation-asgi is."""

        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            with _server_span(tracer, scope["method"], scope["path"]):
                await self.app(scope, receive, send)

    async def resolve(request: Request) -> Optional[Dict[str, Any]]:
        return _fields(request.headers.get("x-session-user"))

    app = Starlette(routes=[guest_token_route(target, resolve=resolve, path=PATH)], middleware=[Middleware(ServerSpan)])
    with _asgi(app) as post:
        yield post


# This module is the Django URLconf while the Django case runs, and its middleware.
urlpatterns: List[Any] = []
_DJANGO_TRACER: List[Tracer] = []


def django_server_span(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A Django middleware (in MIDDLEWARE while the Django case runs) opening the SERVER span."""

    def middleware(request: Any) -> Any:
        with _server_span(_DJANGO_TRACER[0], request.method, request.path):
            return get_response(request)

    return middleware


@contextmanager
def _django(target: Any, tracer: Tracer, request: pytest.FixtureRequest) -> Iterator[Post]:
    pytest.importorskip("django")
    request.getfixturevalue("django_settings")
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import clear_url_caches, path

    from databrain.django import guest_token_view

    view = guest_token_view(target, resolve=lambda r: _fields(r.headers.get("x-session-user")))
    urlpatterns[:] = [path(PATH.lstrip("/"), view)]
    _DJANGO_TRACER[:] = [tracer]
    # Outermost, as an instrumentation's middleware is.
    middleware = [f"{__name__}.django_server_span", *settings.MIDDLEWARE]
    try:
        with override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=middleware):
            clear_url_caches()
            http = Client()
            yield lambda user: http.post(PATH, headers={"x-session-user": user}).status_code
    finally:
        urlpatterns.clear()
        _DJANGO_TRACER.clear()
        clear_url_caches()


@contextmanager
def _flask(target: Any, tracer: Tracer, _request: pytest.FixtureRequest) -> Iterator[Post]:
    pytest.importorskip("flask")
    from flask import Flask

    from databrain.flask import guest_token_view

    app = Flask(__name__)
    app.add_url_rule(PATH, view_func=guest_token_view(target, resolve=lambda r: _fields(r.headers.get("x-session-user"))))
    inner = app.wsgi_app

    def server_span(environ: Dict[str, Any], start_response: Any) -> Any:
        """A WSGI middleware, as opentelemetry-instrumentation-wsgi is."""
        with _server_span(tracer, environ["REQUEST_METHOD"], environ["PATH_INFO"]):
            return inner(environ, start_response)

    app.wsgi_app = server_span  # type: ignore[method-assign]
    http = app.test_client()
    yield lambda user: http.post(PATH, headers={"x-session-user": user}).status_code


SERVE = {"fastapi": _fastapi, "starlette": _starlette, "django": _django, "flask": _flask}


@pytest.mark.parametrize(
    ("framework", "kind"), [pytest.param(f, k, id=f"{f}-{k}") for f, kinds in KINDS.items() for k in kinds]
)
def test_the_mint_endpoint_runs_inside_the_server_span(
    mock: MockServer, framework: str, kind: str, request: pytest.FixtureRequest
) -> None:
    otel = Otel()
    target = _target(kind, {"base_url": mock.url, "api_key": mock.api_key, **otel.options()})
    tracer = otel.tracer_provider.get_tracer("server")
    with SERVE[framework](target, tracer, request) as post:
        for user in USERS:
            assert post(user) == 200
    spans = otel.spans()
    servers = [s for s in spans if s.kind == SpanKind.SERVER]
    calls = [s for s in spans if s.name.startswith("databrain.")]
    assert len(servers) == 2 and len(calls) == 2
    assert {c.name for c in calls} == {"databrain.guest_token.create"}
    for server, call in zip(sorted(servers, key=lambda s: s.start_time or 0), sorted(calls, key=lambda s: s.start_time or 0)):
        assert call.parent is not None and call.parent.span_id == server.context.span_id
        assert call.context.trace_id == server.context.trace_id
    attempts = [s for s in spans if s.kind == SpanKind.CLIENT]
    assert len(attempts) == 2
    for attempt in attempts:
        assert attempt.parent is not None and attempt.parent.span_id in {c.context.span_id for c in calls}
    wire = {r["headers"]["traceparent"].split("-")[1] for r in mock.requests()}
    assert wire == {f"{s.context.trace_id:032x}" for s in servers} and len(wire) == 2
    tokens = [t["token"] for t in mock.guest_tokens()]
    _assert_no_secret(otel, _secrets(mock, *tokens, *USERS, _native.MOCK_DATA_APP))
    otel.tracer_provider.shutdown()
    otel.meter_provider.shutdown()
