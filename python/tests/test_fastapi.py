"""databrain.fastapi.guest_token_router inside real FastAPI apps, minting from the mock: under
TestClient and behind a real uvicorn server on a loopback port."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Optional, Union

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import httpx
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache
from databrain.fastapi import guest_token_router
from databrain.testing import GUEST_TOKEN_PATH, MockServer
from uvicorn_server import served

Target = Union[AsyncGuestTokenCache, GuestTokenCache, AsyncDatabrain, Databrain]
TARGETS = ["async_cache", "cache", "async_client", "client"]
HOUR_MS = 3_600_000
URL = "/guest-token"
# The mock answers every request with a fresh x-request-id, which the error (and the log) quote.
REQUEST_ID = re.compile(r"request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def make_target(kind: str, mock: MockServer, **options: Any) -> Target:
    options = {"base_url": mock.url, "api_key": mock.api_key, "max_retries": 0, **options}
    if kind == "async_cache":
        return AsyncGuestTokenCache(AsyncDatabrain(**options))
    if kind == "cache":
        return GuestTokenCache(Databrain(**options))
    if kind == "async_client":
        return AsyncDatabrain(**options)
    return Databrain(**options)


def fields_for(request: Request) -> Optional[Dict[str, Any]]:
    # The test's stand-in for a session: a header the test sets. Never the request body.
    user = request.headers.get("x-session-user")
    if user is None:
        return None
    return {"client_id": user, "data_app_name": "sales-dashboard", "expiry_time": HOUR_MS}


def sync_resolve(request: Request) -> Optional[Dict[str, Any]]:
    return fields_for(request)


async def async_resolve(request: Request) -> Optional[Dict[str, Any]]:
    await asyncio.sleep(0)
    return fields_for(request)


RESOLVERS = {"sync": sync_resolve, "async": async_resolve}


def app_for(target: Target, resolve: Callable[[Request], Any] = async_resolve) -> FastAPI:
    app = FastAPI()
    app.include_router(guest_token_router(target, resolve=resolve))

    @app.get("/ping")
    async def ping() -> Dict[str, bool]:
        return {"ok": True}

    return app


def as_user(user: str) -> Dict[str, str]:
    return {"x-session-user": user}


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("resolve", sorted(RESOLVERS))
@pytest.mark.parametrize("kind", TARGETS)
def test_a_token_for_the_session_user(
    kind: str, resolve: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(app_for(make_target(kind, mock), RESOLVERS[resolve])) as http:
        before = datetime.now(timezone.utc)
        # The body names another user: it is never read, the tenant comes from the session.
        response = http.post(URL, headers=as_user("alice"), json={"client_id": "mallory"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["token", "expiresAt", "refreshAt"]
    assert body["token"] == mock.guest_tokens()[-1]["token"]
    assert mock.last_request()["body"]["clientId"] == "alice"
    expires = datetime.fromisoformat(body["expiresAt"].replace("Z", "+00:00"))
    refresh = datetime.fromisoformat(body["refreshAt"].replace("Z", "+00:00"))
    assert timedelta(minutes=59) < expires - before < timedelta(minutes=61)
    assert refresh < expires
    assert body["token"] not in logged(caplog)


@pytest.mark.parametrize("kind", TARGETS)
def test_a_cache_mints_once_a_client_every_time(kind: str, mock: MockServer) -> None:
    with TestClient(app_for(make_target(kind, mock))) as http:
        first = http.post(URL, headers=as_user("alice")).json()["token"]
        second = http.post(URL, headers=as_user("alice")).json()["token"]
        other = http.post(URL, headers=as_user("bob")).json()["token"]
    cached = kind.endswith("cache")
    assert (first == second) is cached
    assert other not in (first, second)
    assert mock.request_count(GUEST_TOKEN_PATH) == (2 if cached else 3)


@pytest.mark.parametrize("resolve", sorted(RESOLVERS))
def test_no_session_is_401_and_mints_nothing(resolve: str, mock: MockServer) -> None:
    with TestClient(app_for(make_target("async_cache", mock), RESOLVERS[resolve])) as http:
        response = http.post(URL)
    assert response.status_code == 401
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"error": {"code": "NO_SESSION"}}
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


@pytest.mark.parametrize("kind", TARGETS)
def test_a_rate_limit_is_503_with_retry_after(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    mock.inject_fault(kind="status", status=429, retryAfter="7", path=GUEST_TOKEN_PATH)
    with TestClient(app_for(make_target(kind, mock))) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"error": {"code": "RATE_LIMIT_EXCEEDED"}}
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.WARNING
    assert REQUEST_ID.search(record.getMessage()), record.getMessage()


@pytest.mark.parametrize("kind", TARGETS)
def test_another_databrain_error_is_502_with_its_code_only(
    kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "dbn-wrong-key-0123456789"
    with TestClient(app_for(make_target(kind, mock, api_key=secret))) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert response.status_code == 502
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"error": {"code": "AUTHENTICATION_ERROR"}}
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert "AUTHENTICATION_ERROR" in message
    assert REQUEST_ID.search(message), message
    for credential in (secret, mock.api_key):
        assert credential not in response.text and credential not in logged(caplog)


def test_a_databrain_outage_is_502(mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=500, path=GUEST_TOKEN_PATH)
    with TestClient(app_for(make_target("async_cache", mock))) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert (response.status_code, response.json()) == (502, {"error": {"code": "INTERNAL_SERVER_ERROR"}})


INVALID = [
    ({"data_app_name": "sales-dashboard"}, "clientId"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "tenant": "t"}, "tenant"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "params": {"appFilters": [{}]}}, "params.appFilters[0].metricId"),
    ("alice", "$"),
]


@pytest.mark.parametrize("kind", TARGETS)
@pytest.mark.parametrize(("output", "path"), INVALID)
def test_an_invalid_resolve_output_is_500_logged_with_the_path(
    output: object, path: str, kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(app_for(make_target(kind, mock), lambda request: output)) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "MINT_ENDPOINT_ERROR"}}
    assert path not in response.text
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    assert f"{path}: " in record.getMessage()
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_an_exception_in_resolve_is_the_apps_own_500(mock: MockServer) -> None:
    def broken(request: Request) -> Dict[str, Any]:
        raise LookupError("session store down")

    app = app_for(make_target("async_cache", mock), broken)
    with TestClient(app, raise_server_exceptions=False) as http:
        assert http.post(URL, headers=as_user("alice")).status_code == 500
    with TestClient(app) as http, pytest.raises(LookupError, match="session store down"):
        http.post(URL, headers=as_user("alice"))
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_a_sync_resolve_runs_off_the_event_loop(mock: MockServer) -> None:
    seen: list[bool] = []

    def resolve(request: Request) -> Optional[Dict[str, Any]]:
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)
        return fields_for(request)

    with TestClient(app_for(make_target("cache", mock), resolve)) as http:
        assert http.post(URL, headers=as_user("alice")).status_code == 200
    assert seen == [False]


def test_only_post_with_a_custom_path(mock: MockServer) -> None:
    app = FastAPI()
    app.include_router(guest_token_router(make_target("cache", mock), resolve=sync_resolve, path="/t"), prefix="/api")
    with TestClient(app) as http:
        assert http.get("/api/t", headers=as_user("a")).status_code == 405
        assert http.post("/api/t", headers=as_user("a")).status_code == 200
        assert http.post(URL, headers=as_user("a")).status_code == 404


def test_bad_arguments_fail_when_the_router_is_built(mock: MockServer) -> None:
    with pytest.raises(TypeError, match="GuestTokenCache"):
        guest_token_router(object(), resolve=sync_resolve)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve must be callable"):
        guest_token_router(make_target("cache", mock), resolve="alice")  # type: ignore[arg-type]


# --- behind uvicorn ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["async_cache", "cache"])
def test_under_uvicorn(kind: str, mock: MockServer) -> None:
    with served(app_for(make_target(kind, mock))) as base, httpx.Client(base_url=base, timeout=10) as http:
        response = http.post(URL, headers=as_user("alice"))
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        token = response.json()["token"]
        assert token == mock.guest_tokens()[-1]["token"]
        assert http.post(URL).status_code == 401
        # Concurrent page loads for one user: the cache answers them all with one mint.
        with ThreadPoolExecutor(16) as pool:
            tokens = set(pool.map(lambda _: http.post(URL, headers=as_user("alice")).json()["token"], range(32)))
        assert tokens == {token}
        assert mock.request_count(GUEST_TOKEN_PATH) == 1


def test_under_uvicorn_a_blocking_mint_leaves_the_loop_free(mock: MockServer) -> None:
    mock.inject_fault(kind="delay", ms=800, path=GUEST_TOKEN_PATH)
    with served(app_for(make_target("client", mock), sync_resolve)) as base, httpx.Client(base_url=base, timeout=10) as http:
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(http.post, URL, headers=as_user("alice"))
            while mock.request_count(GUEST_TOKEN_PATH) == 0:  # the mint is in flight
                time.sleep(0.01)
            assert http.get("/ping").json() == {"ok": True}
            assert not slow.done(), "the mint finished before the loop was probed"
            assert slow.result().status_code == 200


def test_a_resolver_object_with_an_async_call_is_awaited(mock: MockServer) -> None:
    class Resolver:
        async def __call__(self, request: Request) -> Optional[Dict[str, Any]]:
            return fields_for(request)

    with TestClient(app_for(make_target("async_cache", mock), Resolver())) as http:
        assert http.post(URL, headers=as_user("alice")).status_code == 200
    assert mock.request_count(GUEST_TOKEN_PATH) == 1
