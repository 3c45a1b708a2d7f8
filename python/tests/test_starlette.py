"""databrain.starlette.guest_token_route inside real Starlette apps (no FastAPI), minting from
the mock: under Starlette's TestClient and behind a real uvicorn server on a loopback port."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Callable, Dict, Optional, Union

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache
from databrain.starlette import guest_token_route
from databrain.testing import GUEST_TOKEN_PATH, MockServer
from uvicorn_server import served

Target = Union[AsyncGuestTokenCache, GuestTokenCache, AsyncDatabrain, Databrain]
TARGETS = ["async_cache", "cache", "async_client", "client"]
HOUR_MS = 3_600_000
URL = "/api/guest-token"
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


async def resolve(request: Request) -> Optional[Dict[str, Any]]:
    # The test's stand-in for a session: a header the test sets. Never the request body.
    await asyncio.sleep(0)
    user = request.headers.get("x-session-user")
    if user is None:
        return None
    fields: Dict[str, Any] = {"client_id": user, "data_app_name": "sales-dashboard", "expiry_time": HOUR_MS}
    extra = request.headers.get("x-extra-field")  # lets a test make the output invalid
    if extra is not None:
        fields[extra] = "x"
    return fields


def app_for(target: Target, hook: Callable[[Request], Any] = resolve) -> Starlette:
    route = guest_token_route(target, resolve=hook)
    assert isinstance(route, Route)
    return Starlette(routes=[route])


def as_user(user: str) -> Dict[str, str]:
    return {"x-session-user": user}


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("kind", TARGETS)
def test_a_token_for_the_session_user(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(app_for(make_target(kind, mock))) as http:
        # The body names another tenant: it is never read, the tenant comes from the session.
        response = http.post(URL, headers=as_user("alice"), json={"client_id": "mallory", "clientId": "mallory"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["token", "expiresAt", "refreshAt"]
    assert body["token"] == mock.guest_tokens()[-1]["token"]
    assert mock.last_request()["body"]["clientId"] == "alice"
    assert body["token"] not in logged(caplog)


def test_no_session_is_401(mock: MockServer) -> None:
    with TestClient(app_for(make_target("async_cache", mock))) as http:
        response = http.post(URL)
    assert (response.status_code, response.json()) == (401, {"error": {"code": "NO_SESSION"}})
    assert response.headers["cache-control"] == "no-store"
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


@pytest.mark.parametrize("kind", TARGETS)
def test_a_rate_limit_is_503_with_retry_after(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    mock.inject_fault(kind="status", status=429, retryAfter="7", path=GUEST_TOKEN_PATH)
    with TestClient(app_for(make_target(kind, mock))) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert (response.status_code, response.headers["retry-after"]) == (503, "7")
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"error": {"code": "RATE_LIMIT_EXCEEDED"}}
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.WARNING
    assert REQUEST_ID.search(record.getMessage()), record.getMessage()


@pytest.mark.parametrize("kind", TARGETS)
def test_another_databrain_error_is_502_with_its_code_only(
    kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    mock.inject_fault(kind="status", status=500, message="db exploded at host-7", path=GUEST_TOKEN_PATH)
    with TestClient(app_for(make_target(kind, mock))) as http:
        response = http.post(URL, headers=as_user("alice"))
    assert (response.status_code, response.json()) == (502, {"error": {"code": "INTERNAL_SERVER_ERROR"}})
    assert response.headers["cache-control"] == "no-store"
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    assert REQUEST_ID.search(record.getMessage()), record.getMessage()
    assert "db exploded" not in logged(caplog) and mock.api_key not in logged(caplog)


@pytest.mark.parametrize("kind", TARGETS)
def test_an_invalid_resolve_output_is_500_logged_with_the_path(
    kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(app_for(make_target(kind, mock))) as http:
        response = http.post(URL, headers={**as_user("alice"), "x-extra-field": "tenant"})
    assert (response.status_code, response.json()) == (500, {"error": {"code": "MINT_ENDPOINT_ERROR"}})
    assert "tenant" not in response.text
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    assert "tenant: " in record.getMessage()
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_a_sync_resolve_runs_in_the_threadpool(mock: MockServer) -> None:
    seen: list[bool] = []

    def hook(request: Request) -> Optional[Dict[str, Any]]:
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)
        return {"client_id": "u", "data_app_name": "sales-dashboard"}

    with TestClient(app_for(make_target("cache", mock), hook)) as http:
        assert http.post(URL).status_code == 200
    assert seen == [False]


def test_post_only_a_custom_path_and_a_mount(mock: MockServer) -> None:
    from starlette.routing import Mount

    route = guest_token_route(make_target("async_cache", mock), resolve=resolve, path="/t", name="mint")
    app = Starlette(routes=[Mount("/v2", routes=[route])])
    with TestClient(app) as http:
        assert http.get("/v2/t", headers=as_user("a")).status_code == 405
        assert http.post("/v2/t", headers=as_user("a")).status_code == 200
        assert http.post(URL, headers=as_user("a")).status_code == 404
    assert app.url_path_for("mint") == "/v2/t"


def test_bad_arguments_fail_when_the_route_is_built(mock: MockServer) -> None:
    with pytest.raises(TypeError, match="GuestTokenCache"):
        guest_token_route(object(), resolve=resolve)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve must be callable"):
        guest_token_route(make_target("cache", mock), resolve="alice")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["async_cache", "client"])
def test_under_uvicorn(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    with served(app_for(make_target(kind, mock))) as base, httpx.Client(base_url=base, timeout=10) as http:
        response = http.post(URL, headers=as_user("alice"), json={"client_id": "mallory"})
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        token = response.json()["token"]
        assert token == mock.guest_tokens()[-1]["token"]
        assert mock.last_request()["body"]["clientId"] == "alice"
        assert http.post(URL).status_code == 401
        mock.inject_fault(kind="status", status=429, retryAfter="7", path=GUEST_TOKEN_PATH)
        response = http.post(URL, headers=as_user("bob"))
        assert (response.status_code, response.headers["retry-after"]) == (503, "7")
        mock.inject_fault(kind="status", status=500, path=GUEST_TOKEN_PATH)
        response = http.post(URL, headers=as_user("bob"))
        assert (response.status_code, response.json()) == (502, {"error": {"code": "INTERNAL_SERVER_ERROR"}})
        response = http.post(URL, headers={**as_user("bob"), "x-extra-field": "tenant"})
        assert (response.status_code, response.json()) == (500, {"error": {"code": "MINT_ENDPOINT_ERROR"}})
        assert http.get(URL).status_code == 405
    assert mock.request_count(GUEST_TOKEN_PATH) == 3
    assert token not in logged(caplog) and mock.api_key not in logged(caplog)
