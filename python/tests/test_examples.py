"""The examples in python/examples, exercised against the mock: FastAPI through its
TestClient, Django through its test client."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from databrain import AsyncDatabrain, AsyncGuestTokenCache
from databrain.testing import GUEST_TOKEN_PATH, MockServer

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))


# --- FastAPI -----------------------------------------------------------------------------


@pytest.fixture
def fastapi_client(mock: MockServer) -> Iterator[Any]:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    import fastapi_app

    cache = AsyncGuestTokenCache(AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, max_retries=0))
    with TestClient(fastapi_app.create_app(cache)) as test_client:
        yield test_client


def test_fastapi_returns_a_guest_token(fastapi_client: Any, mock: MockServer) -> None:
    response = fastapi_client.post("/api/guest-token", headers={"X-User-Id": "user-42"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"token", "expiresAt", "refreshAt"}
    assert mock.guest_tokens()[-1]["token"] == body["token"]
    sent = mock.last_request()["body"]
    assert sent["clientId"] == "user-42"
    assert sent["params"] == {"appFilters": [{"metricId": "revenue", "values": {"customer_id": "user-42"}}]}
    assert sent["permissions"] == {"isShowSideBar": False, "isEnableDownloadMetrics": True}
    assert sent["expiryTime"] == 3_600_000
    # The cache answers the page's next request: still one mint.
    again = fastapi_client.post("/api/guest-token", headers={"X-User-Id": "user-42"})
    assert again.json()["token"] == body["token"]
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


def test_fastapi_errors(fastapi_client: Any, mock: MockServer) -> None:
    assert fastapi_client.post("/api/guest-token").status_code == 401
    assert fastapi_client.get("/api/guest-token", headers={"X-User-Id": "u"}).status_code == 405
    mock.inject_fault(kind="status", status=429, retryAfter="300", path=GUEST_TOKEN_PATH)
    response = fastapi_client.post("/api/guest-token", headers={"X-User-Id": "u"})
    assert (response.status_code, response.headers["retry-after"]) == (503, "300")
    mock.inject_fault(kind="status", status=500, path=GUEST_TOKEN_PATH)
    response = fastapi_client.post("/api/guest-token", headers={"X-User-Id": "u"})
    assert response.status_code == 502
    assert mock.api_key not in response.text


def test_fastapi_concurrent_requests(fastapi_client: Any, mock: MockServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def post(i: int) -> Any:
        return fastapi_client.post("/api/guest-token", headers={"X-User-Id": f"u{i % 8}"})

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(post, range(32)))
    assert all(r.status_code == 200 for r in responses)
    # 8 users, 8 tokens: concurrent requests for one user share one mint.
    assert len({r.json()["token"] for r in responses}) == 8
    assert mock.request_count(GUEST_TOKEN_PATH) == 8


# --- Django ------------------------------------------------------------------------------


@pytest.fixture
def django_client(django_settings: None, mock: MockServer) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from django_app import views

    views.token_cache.clear()
    user, _ = get_user_model().objects.get_or_create(username="alice")
    client = Client()
    client.force_login(user)
    client.user_pk = user.pk
    return client


def test_django_view_returns_a_guest_token(django_client: Any, mock: MockServer) -> None:
    response = django_client.post("/api/guest-token")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    assert mock.guest_tokens()[-1]["token"] == token
    assert mock.last_request()["body"] == {
        "clientId": str(django_client.user_pk),
        "dataAppName": "sales-dashboard",
        "permissions": {"isShowSideBar": False},
        "expiryTime": 3_600_000,
    }
    assert django_client.post("/api/guest-token").json()["token"] == token
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


def test_django_view_errors(django_client: Any, mock: MockServer) -> None:
    from django.test import Client

    assert Client().post("/api/guest-token").status_code == 401
    assert django_client.get("/api/guest-token").status_code == 405
    mock.inject_fault(kind="status", status=429, retryAfter="120", path=GUEST_TOKEN_PATH)
    response = django_client.post("/api/guest-token")
    assert (response.status_code, response["Retry-After"]) == (503, "120")
    mock.inject_fault(kind="status", status=401, code="AUTHENTICATION_ERROR", path=GUEST_TOKEN_PATH)
    response = django_client.post("/api/guest-token")
    assert response.status_code == 502 and mock.api_key.encode() not in response.content
    assert response.json() == {"error": {"code": "AUTHENTICATION_ERROR"}}
