"""Every error class against real answers from the mock, retries, timeouts, pickling, and
secrets never showing up in reprs or messages."""

from __future__ import annotations

import pickle
import time
from typing import Any, Dict, Type

import pytest

import databrain
from databrain import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    Databrain,
    DatabrainError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, MockServer

SECRET = "sk-very-secret-credential-0123456789"


def _guest(client: Databrain, **kwargs: Any) -> str:
    return client.create_guest_token(client_id="u1", data_app_name="sales-dashboard", **kwargs)


def test_wrong_api_key_is_authentication_401(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=SECRET)
    with pytest.raises(AuthenticationError) as info:
        _guest(client)
    err = info.value
    assert isinstance(err, APIError) and isinstance(err, DatabrainError)
    assert (err.status, err.code) == (401, "AUTHENTICATION_ERROR")
    assert err.request_id and err.message
    assert SECRET not in str(err) and SECRET not in repr(err)
    assert mock.request_count(GUEST_TOKEN_PATH) == 1, "a refused credential is not retried"


def test_service_token_used_as_api_key_is_refused(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.service_token)
    with pytest.raises(AuthenticationError):
        _guest(client)


def test_api_token_endpoint_wrong_token_is_authentication_400(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, service_token=SECRET)
    with pytest.raises(AuthenticationError) as info:
        client.create_api_token(data_app_name="sales-dashboard", name="k")
    assert (info.value.status, info.value.code) == (400, "AUTHENTICATION_ERROR")
    assert SECRET not in str(info.value)


def test_unknown_data_app_is_not_found(client: Databrain) -> None:
    with pytest.raises(NotFoundError) as info:
        client.create_guest_token(client_id="u", data_app_name="no such app")
    assert (info.value.status, info.value.code) == (404, "DATA_APP_ID_ERROR")
    with pytest.raises(NotFoundError) as info:
        client.create_api_token(data_app_name="no such app", name="k")
    assert (info.value.status, info.value.code) == (400, "DATA_APP_NOT_FOUND")


@pytest.mark.parametrize(
    ("fault", "cls", "code", "status"),
    [
        ({"kind": "status", "status": 403, "code": "INVALID_PERMISSIONS"}, PermissionDeniedError, "INVALID_PERMISSIONS", 403),
        ({"kind": "status", "status": 400, "code": "INVALID_REQUEST_BODY"}, BadRequestError, "INVALID_REQUEST_BODY", 400),
        ({"kind": "status", "status": 401, "code": "EXPIRED_TOKEN"}, AuthenticationError, "EXPIRED_TOKEN", 401),
        ({"kind": "status", "status": 418, "code": "TEAPOT"}, BadRequestError, "TEAPOT", 418),
        ({"kind": "status", "status": 302, "code": "MOVED"}, APIError, "MOVED", 302),
        ({"kind": "status", "status": 500, "code": "INTERNAL_SERVER_ERROR"}, ServerError, "INTERNAL_SERVER_ERROR", 500),
        ({"kind": "html", "status": 502}, ServerError, None, 502),
        ({"kind": "empty", "status": 503}, ServerError, None, 503),
        ({"kind": "html", "status": 200}, APIResponseValidationError, "DECODE_ERROR", 200),
        ({"kind": "malformedJson", "status": 200}, APIResponseValidationError, "DECODE_ERROR", 200),
        ({"kind": "missingToken"}, APIResponseValidationError, "DECODE_ERROR", 200),
        ({"kind": "empty", "status": 200}, APIResponseValidationError, "DECODE_ERROR", 200),
        ({"kind": "oversized", "bytes": 2 << 20}, APIResponseValidationError, "DECODE_ERROR", 200),
    ],
)
def test_error_answers(
    mock: MockServer, fault: Dict[str, Any], cls: Type[DatabrainError], code: str | None, status: int
) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, max_retries=0)
    mock.inject_fault(fault, path=GUEST_TOKEN_PATH)
    with pytest.raises(cls) as info:
        _guest(client)
    err = info.value
    assert type(err) is cls
    assert err.status == status
    if code is not None:
        assert err.code == code
    assert isinstance(err.code, str) and err.code
    assert str(status) in str(err)


def test_rate_limit_after_retries(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, max_retries=2)
    mock.inject_fault(kind="status", status=429, retry_after="0", path=GUEST_TOKEN_PATH, times=10)
    with pytest.raises(RateLimitError) as info:
        _guest(client)
    err = info.value
    assert (err.status, err.code, err.retry_after) == (429, "RATE_LIMIT_EXCEEDED", 0.0)
    assert mock.request_count(GUEST_TOKEN_PATH) == 3


def test_long_retry_after_is_reported_not_waited(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key)
    mock.inject_fault(kind="status", status=429, retryAfter="3600", path=GUEST_TOKEN_PATH)
    start = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        _guest(client)
    assert time.monotonic() - start < 2
    assert info.value.retry_after == 3600.0
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


def test_429_then_success_is_retried(client: Databrain, mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=429, code="RATE_LIMIT_EXCEEDED", retryAfter="0", path=GUEST_TOKEN_PATH)
    assert _guest(client)
    assert mock.request_count(GUEST_TOKEN_PATH) == 2


def test_guest_token_5xx_and_dropped_connections_are_retried(client: Databrain, mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=503, path=GUEST_TOKEN_PATH)
    mock.inject_fault(kind="drop", path=GUEST_TOKEN_PATH)
    assert _guest(client)
    assert mock.request_count(GUEST_TOKEN_PATH) == 3


def test_api_token_500_is_never_retried(client: Databrain, mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=500, path=API_TOKENS_PATH, times=3)
    with pytest.raises(ServerError) as info:
        client.create_api_token(data_app_name="sales-dashboard", name="k")
    assert info.value.status == 500
    assert mock.request_count(API_TOKENS_PATH) == 1


def test_api_token_429_is_retried(client: Databrain, mock: MockServer) -> None:
    mock.inject_fault(kind="status", status=429, retryAfter="0", path=API_TOKENS_PATH)
    assert client.create_api_token(data_app_name="sales-dashboard", name="k")
    assert mock.request_count(API_TOKENS_PATH) == 2


def test_dropped_connection_is_a_connection_error(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, max_retries=0)
    mock.inject_fault(kind="drop", path=GUEST_TOKEN_PATH)
    with pytest.raises(APIConnectionError) as info:
        _guest(client)
    assert type(info.value) is APIConnectionError
    assert (info.value.code, info.value.status) == ("CONNECTION_ERROR", None)


def test_refused_connection(closed_port_url: str) -> None:
    client = Databrain(base_url=closed_port_url, api_key=SECRET, max_retries=1)
    with pytest.raises(APIConnectionError) as info:
        _guest(client)
    assert not isinstance(info.value, APITimeoutError)
    assert SECRET not in str(info.value)


def test_timeout(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=0.2, max_retries=0)
    mock.inject_fault(kind="delay", ms=2000, path=GUEST_TOKEN_PATH)
    start = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        _guest(client)
    assert time.monotonic() - start < 1.5
    err = info.value
    assert isinstance(err, APIConnectionError)
    assert (err.code, err.status) == ("TIMEOUT", None)


def test_guest_token_timeout_is_retried(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=0.2, max_retries=1)
    mock.inject_fault(kind="delay", ms=1000, path=GUEST_TOKEN_PATH)
    assert _guest(client)
    assert mock.request_count(GUEST_TOKEN_PATH) == 2


def test_repr_never_shows_credentials(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=SECRET, service_token=SECRET + "2")
    text = repr(client)
    assert SECRET not in text
    assert mock.url in text and "api_key=<set>" in text and "service_token=<set>" in text
    assert "api_key=None" in repr(Databrain(base_url=mock.url))
    assert SECRET not in repr(client._native)
    for cls in (databrain.AsyncDatabrain,):
        assert SECRET not in repr(cls(base_url=mock.url, api_key=SECRET))


def test_bad_credential_messages_do_not_echo_it() -> None:
    for bad in ("secret\nvalue", "sécret-value"):
        with pytest.raises(ConfigurationError) as info:
            Databrain(api_key=bad)
        assert bad not in str(info.value) and "secret" not in str(info.value).replace("secret token", "")


# --- the classes themselves --------------------------------------------------------------

ALL_CLASSES = [
    DatabrainError,
    ValidationError,
    ConfigurationError,
    APIError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    BadRequestError,
    RateLimitError,
    ServerError,
    APIResponseValidationError,
    APIConnectionError,
    APITimeoutError,
]


def test_hierarchy() -> None:
    assert issubclass(ValidationError, ValueError)
    api_classes = (AuthenticationError, PermissionDeniedError, NotFoundError, BadRequestError, RateLimitError, ServerError)
    for api_cls in (*api_classes, APIResponseValidationError):
        assert issubclass(api_cls, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert not issubclass(APIConnectionError, APIError)
    for cls in ALL_CLASSES:
        assert issubclass(cls, DatabrainError)
        assert cls.__module__ == "databrain._errors"


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_constructible_by_users(cls: Type[DatabrainError]) -> None:
    err = cls("something failed")
    assert str(err) == "something failed" == err.message
    assert err.code == cls.default_code
    assert err.status is None and err.request_id is None


def test_real_errors_pickle(client: Databrain, mock: MockServer) -> None:
    caught: list[DatabrainError] = []
    with pytest.raises(ValidationError) as v:
        client.create_guest_token(client_id=5, data_app_name="sales-dashboard")  # type: ignore[arg-type]
    caught.append(v.value)
    mock.inject_fault(kind="status", status=429, retryAfter="7000", path=GUEST_TOKEN_PATH)
    with pytest.raises(RateLimitError) as r:
        _guest(client)
    caught.append(r.value)
    with pytest.raises(AuthenticationError) as a:
        _guest(Databrain(base_url=mock.url, api_key="wrong"))
    caught.append(a.value)
    for err in caught:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            copy = pickle.loads(pickle.dumps(err, protocol))
            assert type(copy) is type(err)
            assert str(copy) == str(err) and repr(copy) == repr(err)
            assert copy.__dict__ == err.__dict__
    assert pickle.loads(pickle.dumps(caught[0])).errors == [("clientId", "expected a string, got a number")]
    assert pickle.loads(pickle.dumps(caught[1])).retry_after == 7000.0


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_user_made_errors_pickle(cls: Type[DatabrainError]) -> None:
    err = cls("x", code="C", status=499, request_id="r")
    copy = pickle.loads(pickle.dumps(err))
    assert (type(copy), str(copy), copy.code, copy.status, copy.request_id) == (cls, "x", "C", 499, "r")
