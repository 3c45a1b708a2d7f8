"""The examples in python/examples, exercised against the mock: FastAPI through its
TestClient, Django through its test client."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from databrain import AsyncDatabrain
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

    fastapi_app.app.dependency_overrides[fastapi_app.get_databrain] = lambda: AsyncDatabrain(
        base_url=mock.url, api_key=mock.api_key
    )
    with TestClient(fastapi_app.app) as test_client:
        yield test_client
    fastapi_app.app.dependency_overrides.clear()


def test_fastapi_returns_a_guest_token(fastapi_client: Any, mock: MockServer) -> None:
    response = fastapi_client.get("/api/databrain/guest-token", headers={"X-User-Id": "user-42"})
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    assert mock.guest_tokens()[-1]["token"] == token
    body = mock.last_request()["body"]
    assert body["clientId"] == "user-42"
    assert body["params"] == {"appFilters": [{"metricId": "revenue", "values": {"customer_id": "user-42"}}]}
    assert body["permissions"] == {"isShowSideBar": False, "isEnableDownloadMetrics": True}
    assert body["expiryTime"] == 3_600_000


def test_fastapi_errors(fastapi_client: Any, mock: MockServer) -> None:
    assert fastapi_client.get("/api/databrain/guest-token").status_code == 401
    mock.inject_fault(kind="status", status=429, retryAfter="300", path=GUEST_TOKEN_PATH)
    response = fastapi_client.get("/api/databrain/guest-token", headers={"X-User-Id": "u"})
    assert (response.status_code, response.headers["retry-after"]) == (503, "300")
    mock.inject_fault(kind="status", status=500, path=GUEST_TOKEN_PATH, times=3)
    response = fastapi_client.get("/api/databrain/guest-token", headers={"X-User-Id": "u"})
    assert response.status_code == 502
    assert mock.api_key not in response.text


def test_fastapi_concurrent_requests(fastapi_client: Any, mock: MockServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        responses = list(
            pool.map(lambda i: fastapi_client.get("/api/databrain/guest-token", headers={"X-User-Id": f"u{i}"}), range(32))
        )
    assert all(r.status_code == 200 for r in responses)
    assert len({r.json()["token"] for r in responses}) == 32


# --- Django ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def django_setup(mock_server: MockServer) -> None:
    pytest.importorskip("django")
    import django
    from django.conf import settings
    from django.core.management import call_command

    from django_app import settings as example_settings

    if not settings.configured:
        values = {name: getattr(example_settings, name) for name in dir(example_settings) if name.isupper()}
        values.update(DATABRAIN_BASE_URL=mock_server.url, DATABRAIN_API_KEY=mock_server.api_key)
        settings.configure(**values)
        django.setup()
        call_command("migrate", verbosity=0, interactive=False)


@pytest.fixture
def django_client(django_setup: None, mock: MockServer) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from django_app import views

    views.databrain_client.cache_clear()
    user, _ = get_user_model().objects.get_or_create(username="alice")
    client = Client()
    client.force_login(user)
    client.user_pk = user.pk
    return client


def test_django_view_returns_a_guest_token(django_client: Any, mock: MockServer) -> None:
    response = django_client.get("/api/databrain/guest-token")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert mock.guest_tokens()[-1]["token"] == token
    assert mock.last_request()["body"] == {
        "clientId": str(django_client.user_pk),
        "dataAppName": "sales-dashboard",
        "permissions": {"isShowSideBar": False},
        "expiryTime": 3_600_000,
    }


def test_django_view_errors(django_client: Any, mock: MockServer) -> None:
    from django.test import Client

    assert Client().get("/api/databrain/guest-token").status_code == 401
    assert django_client.post("/api/databrain/guest-token").status_code == 405
    mock.inject_fault(kind="status", status=429, retryAfter="120", path=GUEST_TOKEN_PATH)
    response = django_client.get("/api/databrain/guest-token")
    assert (response.status_code, response["Retry-After"]) == (503, "120")
    mock.inject_fault(kind="status", status=401, code="AUTHENTICATION_ERROR", path=GUEST_TOKEN_PATH)
    response = django_client.get("/api/databrain/guest-token")
    assert response.status_code == 502 and mock.api_key.encode() not in response.content
