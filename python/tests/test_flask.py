"""databrain.flask's view inside real Flask apps, minting from the mock: through Flask's test
client, and in a real gunicorn worker (a separate process) on a loopback port."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Union

import pytest

pytest.importorskip("flask")

import httpx
from flask import Flask, Request

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache
from databrain.flask import guest_token_blueprint, guest_token_view
from databrain.testing import GUEST_TOKEN_PATH, MockServer

Target = Union[GuestTokenCache, Databrain]
TARGETS = ["cache", "client"]
HOUR_MS = 3_600_000
URL = "/api/guest-token"
REQUEST_ID = re.compile(r"request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def make_target(kind: str, mock: MockServer, **options: Any) -> Target:
    options = {"base_url": mock.url, "api_key": mock.api_key, "max_retries": 0, **options}
    client = Databrain(**options)
    return GuestTokenCache(client) if kind == "cache" else client


def resolve(request: Request) -> Optional[Dict[str, Any]]:
    # The test's stand-in for a session: a header the test sets. Never the request body.
    user = request.headers.get("x-session-user")
    if user is None:
        return None
    return {"client_id": user, "data_app_name": "sales-dashboard", "expiry_time": HOUR_MS}


def app_for(target: Target, hook: Callable[[Request], Any] = resolve) -> Flask:
    app = Flask(__name__)
    app.add_url_rule(URL, view_func=guest_token_view(target, resolve=hook))
    return app


def as_user(user: str) -> Dict[str, str]:
    return {"x-session-user": user}


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("kind", TARGETS)
def test_a_token_for_the_session_user(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    http = app_for(make_target(kind, mock)).test_client()
    # The body names another tenant: it is never read, the tenant comes from the session.
    response = http.post(URL, headers=as_user("alice"), json={"client_id": "mallory", "clientId": "mallory"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"] == "application/json"
    body = response.get_json()
    assert list(body) == ["token", "expiresAt", "refreshAt"]
    assert body["token"] == mock.guest_tokens()[-1]["token"]
    assert mock.last_request()["body"]["clientId"] == "alice"
    assert body["token"] not in logged(caplog)


@pytest.mark.parametrize("kind", TARGETS)
def test_a_cache_mints_once_a_client_every_time(kind: str, mock: MockServer) -> None:
    http = app_for(make_target(kind, mock)).test_client()
    first, second = (http.post(URL, headers=as_user("alice")).get_json()["token"] for _ in range(2))
    assert (first == second) is (kind == "cache")
    assert mock.request_count(GUEST_TOKEN_PATH) == (1 if kind == "cache" else 2)


def test_no_session_is_401_and_mints_nothing(mock: MockServer) -> None:
    response = app_for(make_target("cache", mock)).test_client().post(URL)
    assert response.status_code == 401
    assert response.headers["cache-control"] == "no-store"
    assert response.get_json() == {"error": {"code": "NO_SESSION"}}
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


@pytest.mark.parametrize("kind", TARGETS)
def test_a_rate_limit_is_503_with_retry_after(kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    mock.inject_fault(kind="status", status=429, retryAfter="7", path=GUEST_TOKEN_PATH)
    response = app_for(make_target(kind, mock)).test_client().post(URL, headers=as_user("alice"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.headers["cache-control"] == "no-store"
    assert response.get_json() == {"error": {"code": "RATE_LIMIT_EXCEEDED"}}
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.WARNING
    assert REQUEST_ID.search(record.getMessage()), record.getMessage()


@pytest.mark.parametrize("kind", TARGETS)
def test_another_databrain_error_is_502_with_its_code_only(
    kind: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    mock.inject_fault(kind="status", status=500, message="db exploded at host-7", path=GUEST_TOKEN_PATH)
    response = app_for(make_target(kind, mock)).test_client().post(URL, headers=as_user("alice"))
    assert response.status_code == 502
    assert response.headers["cache-control"] == "no-store"
    assert response.get_json() == {"error": {"code": "INTERNAL_SERVER_ERROR"}}
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    assert REQUEST_ID.search(record.getMessage()), record.getMessage()
    assert "db exploded" not in logged(caplog) and mock.api_key not in logged(caplog)


def test_a_wrong_key_is_502_and_never_logged(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    secret = "dbn-wrong-key-0123456789"
    response = app_for(make_target("client", mock, api_key=secret)).test_client().post(URL, headers=as_user("a"))
    assert (response.status_code, response.get_json()) == (502, {"error": {"code": "AUTHENTICATION_ERROR"}})
    assert secret not in response.text and secret not in logged(caplog)


INVALID = [
    ({"data_app_name": "sales-dashboard"}, "clientId"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "tenant": "t"}, "tenant"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "params": {"appFilters": [{}]}}, "params.appFilters[0].metricId"),
    ("alice", "$"),
]


@pytest.mark.parametrize(("output", "path"), INVALID)
def test_an_invalid_resolve_output_is_500_logged_with_the_path(
    output: object, path: str, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    response = app_for(make_target("cache", mock), lambda request: output).test_client().post(URL, headers=as_user("a"))
    assert response.status_code == 500
    assert response.get_json() == {"error": {"code": "MINT_ENDPOINT_ERROR"}}
    assert path not in response.text
    [record] = [r for r in caplog.records if r.name == "databrain"]
    assert record.levelno == logging.ERROR
    assert f"{path}: " in record.getMessage()
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_an_exception_in_resolve_is_the_apps_own_500(mock: MockServer) -> None:
    def broken(request: Request) -> Dict[str, Any]:
        raise LookupError("session store down")

    app = app_for(make_target("cache", mock), broken)
    assert app.test_client().post(URL, headers=as_user("a")).status_code == 500
    app.testing = True  # now the test client re-raises it
    with pytest.raises(LookupError, match="session store down"):
        app.test_client().post(URL, headers=as_user("a"))
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_an_async_resolve_is_refused(mock: MockServer) -> None:
    async def fields(request: Request) -> Dict[str, Any]:
        return {"client_id": "u", "data_app_name": "sales-dashboard"}

    app = app_for(make_target("cache", mock), fields)
    app.testing = True
    with pytest.raises(TypeError, match="plain `def resolve`"):
        app.test_client().post(URL, headers=as_user("a"))
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_resolve_gets_the_request_in_its_context(mock: MockServer) -> None:
    from flask import session

    seen: list[object] = []

    def hook(request: Request) -> Optional[Dict[str, Any]]:
        seen.append(type(request))
        user = session.get("user")
        return None if user is None else {"client_id": user, "data_app_name": "sales-dashboard"}

    app = app_for(make_target("cache", mock), hook)
    app.secret_key = "test-only"
    http = app.test_client()
    assert http.post(URL).status_code == 401
    with http.session_transaction() as sess:
        sess["user"] = "carol"
    assert http.post(URL).status_code == 200
    assert mock.last_request()["body"]["clientId"] == "carol"
    assert seen == [Request, Request]


def test_post_only_and_the_blueprint(mock: MockServer) -> None:
    app = Flask(__name__)
    app.register_blueprint(guest_token_blueprint(make_target("cache", mock), resolve=resolve), url_prefix="/v2")
    http = app.test_client()
    assert http.get("/v2/api/guest-token", headers=as_user("a")).status_code == 405
    assert http.put("/v2/api/guest-token", headers=as_user("a")).status_code == 405
    assert http.post("/v2/api/guest-token", headers=as_user("a")).status_code == 200
    with app.test_request_context():
        from flask import url_for

        assert url_for("databrain.guest_token") == "/v2/api/guest-token"
    assert app_for(make_target("cache", mock)).test_client().get(URL).status_code == 405


def test_bad_arguments_fail_when_the_view_is_built(mock: MockServer) -> None:
    with pytest.raises(TypeError, match="GuestTokenCache"):
        guest_token_view(object(), resolve=resolve)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="synchronous views"):
        guest_token_view(AsyncGuestTokenCache(AsyncDatabrain(base_url=mock.url, api_key="k")), resolve=resolve)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve must be callable"):
        guest_token_blueprint(make_target("cache", mock), resolve="alice")  # type: ignore[arg-type]


# --- in a gunicorn worker ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(mock: MockServer, stderr: List[str]) -> Iterator[httpx.Client]:
    """``tests/flask_served_app.py`` in one real gunicorn worker on a free loopback port (a
    separate process, minting from this test's mock); stopped by its pid. What the server
    wrote to stderr (its log) is appended to ``stderr`` once it has stopped."""
    pytest.importorskip("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), str(Path(__file__).parent)]),
        "DATABRAIN_BASE_URL": mock.url,
        "DATABRAIN_API_KEY": mock.api_key,
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    # No control socket: gunicorn would otherwise create one under ~/.gunicorn.
    command += ["--no-control-socket", "flask_served_app:app"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            deadline = time.monotonic() + 20
            while True:
                assert process.poll() is None, f"gunicorn exited: {process.stderr.read() if process.stderr else ''}"
                assert time.monotonic() < deadline, "gunicorn did not start"
                try:
                    http.get("/ready")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield http
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if process.stderr:
            stderr.append(process.stderr.read())
            process.stderr.close()


def test_in_a_gunicorn_worker(mock: MockServer) -> None:
    log: List[str] = []
    with gunicorn(mock, log) as http:
        assert http.get("/ready").text == "ok"
        # 200, for the session's tenant; the body's is ignored.
        response = http.post(URL, headers=as_user("alice"), json={"client_id": "mallory"})
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        token = response.json()["token"]
        assert token == mock.guest_tokens()[-1]["token"]
        assert mock.last_request()["body"]["clientId"] == "alice"
        # The cache in the worker answers the same user again without a mint.
        assert http.post(URL, headers=as_user("alice")).json()["token"] == token
        assert mock.request_count(GUEST_TOKEN_PATH) == 1
        # 401 without a session.
        response = http.post(URL)
        assert (response.status_code, response.json()) == (401, {"error": {"code": "NO_SESSION"}})
        # 503 + Retry-After on a rate limit.
        mock.inject_fault(kind="status", status=429, retryAfter="7", path=GUEST_TOKEN_PATH)
        response = http.post(URL, headers=as_user("bob"))
        assert (response.status_code, response.headers["retry-after"]) == (503, "7")
        assert response.headers["cache-control"] == "no-store"
        # 502 with the code only.
        mock.inject_fault(kind="status", status=500, path=GUEST_TOKEN_PATH)
        response = http.post(URL, headers=as_user("bob"))
        assert (response.status_code, response.json()) == (502, {"error": {"code": "INTERNAL_SERVER_ERROR"}})
        # 500 when resolve's output breaks a rule (the app's resolve passes x-extra-field on).
        response = http.post(URL, headers={**as_user("bob"), "x-extra-field": "tenant"})
        assert (response.status_code, response.json()) == (500, {"error": {"code": "MINT_ENDPOINT_ERROR"}})
        assert http.get(URL).status_code == 405
    assert mock.request_count(GUEST_TOKEN_PATH) == 3
    # The worker logged the failures (the databrain logger's warnings and errors reach stderr)
    # with no token and no credential.
    [text] = log
    assert "rate limited" in text and "INTERNAL_SERVER_ERROR" in text and "tenant: " in text, text
    assert token not in text and mock.api_key not in text, text
