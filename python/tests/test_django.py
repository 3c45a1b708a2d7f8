"""databrain.django.guest_token_view in a real Django project (the example's settings: sessions,
auth, CSRF middleware), through Django's test client, minting from the mock."""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
from typing import Any, Callable, Dict, Iterator, List, Optional, Union

import pytest

pytest.importorskip("django")

from databrain import AsyncDatabrain, AsyncGuestTokenCache, Databrain, GuestTokenCache
from databrain.testing import GUEST_TOKEN_PATH, MockServer

Target = Union[AsyncGuestTokenCache, GuestTokenCache, AsyncDatabrain, Databrain]
TARGETS = ["cache", "async_cache", "client", "async_client"]
HOUR_MS = 3_600_000
URL = "/guest-token"
REQUEST_ID = re.compile(r"request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# This module is the URLconf while its tests run; `route` puts the view under test here.
urlpatterns: List[Any] = []


def make_target(kind: str, mock: MockServer, **options: Any) -> Target:
    options = {"base_url": mock.url, "api_key": mock.api_key, "max_retries": 0, **options}
    if kind == "async_cache":
        return AsyncGuestTokenCache(AsyncDatabrain(**options))
    if kind == "cache":
        return GuestTokenCache(Databrain(**options))
    if kind == "async_client":
        return AsyncDatabrain(**options)
    return Databrain(**options)


def fields_for(user: Any) -> Optional[Dict[str, Any]]:
    if not user.is_authenticated:
        return None
    return {"client_id": f"user-{user.pk}", "data_app_name": "sales-dashboard", "expiry_time": HOUR_MS}


def sync_resolve(request: Any) -> Optional[Dict[str, Any]]:
    return fields_for(request.user)  # the ORM, from the session


async def async_resolve(request: Any) -> Optional[Dict[str, Any]]:
    return fields_for(await request.auser())


RESOLVERS = {"sync": sync_resolve, "async": async_resolve}


@pytest.fixture
def route(django_settings: None) -> Iterator[Callable[..., Any]]:
    """``route(target, resolve=..., **kwargs)``: serves ``guest_token_view(...)`` at ``URL``."""
    from django.test import override_settings
    from django.urls import clear_url_caches, path

    from databrain.django import guest_token_view

    def install(target: Target, resolve: Callable[[Any], Any] = sync_resolve, **kwargs: Any) -> Any:
        view = guest_token_view(target, resolve=resolve, **kwargs)
        urlpatterns[:] = [path(URL.lstrip("/"), view)]
        clear_url_caches()
        return view

    with override_settings(ROOT_URLCONF=__name__):
        clear_url_caches()
        yield install
    urlpatterns.clear()
    clear_url_caches()


@pytest.fixture
def user(django_settings: None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="alice")[0]


@pytest.fixture
def http(user: Any) -> Any:
    """A test client signed in as ``user`` (CSRF checks off, as Django's test client has them)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


def databrain_records(caplog: pytest.LogCaptureFixture) -> List[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "databrain"]


@pytest.mark.parametrize("resolve", sorted(RESOLVERS))
@pytest.mark.parametrize("kind", TARGETS)
def test_a_token_for_the_session_user(
    kind: str, resolve: str, route: Any, http: Any, user: Any, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    view = route(make_target(kind, mock), RESOLVERS[resolve])
    # Async objects or an async resolve give an async view; the rest a plain one.
    assert inspect.iscoroutinefunction(view) == (kind.startswith("async") or resolve == "async")
    # The body names another user: it is never read, the tenant comes from the session.
    response = http.post(URL, {"client_id": "mallory"})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["token", "expiresAt", "refreshAt"]
    assert body["token"] == mock.guest_tokens()[-1]["token"]
    assert mock.last_request()["body"]["clientId"] == f"user-{user.pk}"
    assert body["expiresAt"].endswith("Z") and body["refreshAt"] < body["expiresAt"]
    assert body["token"] not in logged(caplog)


@pytest.mark.parametrize("kind", TARGETS)
def test_a_cache_mints_once_a_client_every_time(kind: str, route: Any, http: Any, mock: MockServer) -> None:
    route(make_target(kind, mock))
    first = http.post(URL).json()["token"]
    second = http.post(URL).json()["token"]
    cached = kind.endswith("cache")
    assert (first == second) is cached
    assert mock.request_count(GUEST_TOKEN_PATH) == (1 if cached else 2)


@pytest.mark.parametrize("resolve", sorted(RESOLVERS))
def test_no_session_is_401(resolve: str, route: Any, mock: MockServer) -> None:
    from django.test import Client

    route(make_target("cache", mock), RESOLVERS[resolve])
    response = Client().post(URL)
    assert response.status_code == 401
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"error": {"code": "NO_SESSION"}}
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


@pytest.mark.parametrize("kind", ["cache", "async_cache"])
def test_only_post(kind: str, route: Any, http: Any, mock: MockServer) -> None:
    route(make_target(kind, mock))
    response = http.get(URL)
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


@pytest.mark.parametrize("kind", TARGETS)
def test_a_rate_limit_is_503_with_retry_after(
    kind: str, route: Any, http: Any, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    route(make_target(kind, mock))
    mock.inject_fault(kind="status", status=429, retryAfter="2.5", path=GUEST_TOKEN_PATH)
    response = http.post(URL)
    assert (response.status_code, response["Retry-After"]) == (503, "3")
    assert response.json() == {"error": {"code": "RATE_LIMIT_EXCEEDED"}}
    [record] = databrain_records(caplog)
    assert record.levelno == logging.WARNING and REQUEST_ID.search(record.getMessage())


@pytest.mark.parametrize("kind", TARGETS)
def test_another_databrain_error_is_502_with_its_code_only(
    kind: str, route: Any, http: Any, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "dbn-wrong-key-0123456789"
    route(make_target(kind, mock, api_key=secret))
    response = http.post(URL)
    assert response.status_code == 502
    assert response.json() == {"error": {"code": "AUTHENTICATION_ERROR"}}
    [record] = databrain_records(caplog)
    assert record.levelno == logging.ERROR
    assert "AUTHENTICATION_ERROR" in record.getMessage() and REQUEST_ID.search(record.getMessage())
    for credential in (secret, mock.api_key):
        assert credential.encode() not in response.content and credential not in logged(caplog)


INVALID = [
    ({"data_app_name": "sales-dashboard"}, "clientId"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "tenant": "t"}, "tenant"),
    ({"client_id": "u", "data_app_name": "sales-dashboard", "params": {"appFilters": [{}]}}, "params.appFilters[0].metricId"),
    (["u"], "$"),
]


@pytest.mark.parametrize("kind", ["cache", "async_cache"])
@pytest.mark.parametrize(("output", "path"), INVALID)
def test_an_invalid_resolve_output_is_500_logged_with_the_path(
    output: object, path: str, kind: str, route: Any, http: Any, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    route(make_target(kind, mock), lambda request: output)
    response = http.post(URL)
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "MINT_ENDPOINT_ERROR"}}
    assert path.encode() not in response.content
    [record] = databrain_records(caplog)
    assert record.levelno == logging.ERROR and f"{path}: " in record.getMessage()
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_an_exception_in_resolve_is_the_apps_own_500(route: Any, user: Any, mock: MockServer) -> None:
    from django.test import Client

    def broken(request: Any) -> Dict[str, Any]:
        raise LookupError("session store down")

    route(make_target("cache", mock), broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.post(URL).status_code == 500
    assert mock.request_count(GUEST_TOKEN_PATH) == 0


def test_a_sync_view_refuses_an_awaitable_from_resolve(route: Any, http: Any, mock: MockServer) -> None:
    async def fields() -> Dict[str, Any]:
        return {}

    # A plain function that returns a coroutine: not an `async def`, so the view is sync.
    route(make_target("cache", mock), lambda request: fields())
    with pytest.raises(TypeError, match="async def"):
        http.post(URL)


# --- CSRF --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cache", "async_cache"])
def test_csrf_protection_stays_on(kind: str, route: Any, user: Any, mock: MockServer) -> None:
    from django.test import Client

    route(make_target(kind, mock))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post(URL).status_code == 403
    assert mock.request_count(GUEST_TOKEN_PATH) == 0
    # What the page does: the csrftoken cookie's value (32 letters or digits, set by Django on
    # the page that embeds the dashboard) sent back as the X-CSRFToken header.
    secret = "0123456789abcdefABCDEF0123456789"
    browser.cookies["csrftoken"] = secret
    assert browser.post(URL, headers={"X-CSRFToken": "F" * 32}).status_code == 403
    response = browser.post(URL, headers={"X-CSRFToken": secret})
    assert response.status_code == 200, response.content
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


@pytest.mark.parametrize("kind", ["cache", "async_cache"])
def test_csrf_exempt_opts_out(kind: str, route: Any, user: Any, mock: MockServer) -> None:
    from django.test import Client

    view = route(make_target(kind, mock), csrf_exempt=True)
    assert inspect.iscoroutinefunction(view) == kind.startswith("async")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post(URL).status_code == 200


def test_bad_arguments_fail_when_the_view_is_built(django_settings: None, mock: MockServer) -> None:
    from databrain.django import guest_token_view

    with pytest.raises(TypeError, match="GuestTokenCache"):
        guest_token_view(object(), resolve=sync_resolve)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve must be callable"):
        guest_token_view(make_target("cache", mock), resolve=None)  # type: ignore[arg-type]


def test_an_async_view_serves_concurrent_requests_with_one_mint(route: Any, user: Any, mock: MockServer) -> None:
    from django.test import AsyncClient

    route(make_target("async_cache", mock), async_resolve)

    async def page_load() -> List[str]:
        browser = AsyncClient()
        await browser.aforce_login(user)
        responses = await asyncio.gather(*(browser.post(URL) for _ in range(10)))
        return [r.json()["token"] for r in responses]

    # async_to_sync, not asyncio.run: Django's thread-sensitive ORM calls then run on this
    # thread, whose in-memory database has the tables.
    from asgiref.sync import async_to_sync

    tokens = async_to_sync(page_load)()
    assert len(set(tokens)) == 1
    assert mock.request_count(GUEST_TOKEN_PATH) == 1
