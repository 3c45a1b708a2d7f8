"""The shared contract vectors (`tests/vectors/*.json`, format in its README.md), run through the
Python API against the mock, sync and async. Generic: new cases need no change here."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import databrain

from databrain import AsyncDatabrain, ConfigurationError, Databrain, DatabrainError, ValidationError
from databrain import _native
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, LEGACY_API_TOKENS_PATH, MockServer

VECTORS = Path(os.environ.get("DATABRAIN_VECTORS_DIR", Path(__file__).resolve().parents[2] / "tests" / "vectors"))

DEFAULT_REQUEST = {
    "guestToken": {"clientId": "user-1", "dataAppName": "sales-dashboard"},
    "apiToken": {"dataAppName": "sales-dashboard", "name": "vector key"},
}


def _cases(file: str) -> List[Any]:
    path = VECTORS / file
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} not found"))]
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=case["name"]) for case in cases]


def _load(file: str) -> Any:
    return json.loads((VECTORS / file).read_text(encoding="utf-8"))


# Error kind -> class name, from the vector every suite walks (tests/vectors/error_kinds.json).
CLASS_BY_KIND = {row["kind"]: row["class"] for row in _load("error_kinds.json")["kinds"]}


def _native_values(value: Any, parent: Any = None) -> Any:
    """The vectors' ``{"$native": ...}`` markers as the Python values they stand for."""
    if isinstance(value, dict):
        marker = value.get("$native")
        if marker is not None:
            natives: Dict[str, Any] = {
                "NaN": float("nan"),
                "Infinity": float("inf"),
                "bigint": 2**70,
                "date": datetime.date(2024, 1, 1),
                "parent": parent,
            }
            return natives[marker]
        out: Dict[str, Any] = {}
        for key, item in value.items():
            out[key] = _native_values(item, out)
        return out
    if isinstance(value, list):
        items: List[Any] = []
        for item in value:
            items.append(_native_values(item, items))
        return items
    return value


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


REQUIRED = {"guestToken": ("client_id", "data_app_name"), "apiToken": ("data_app_name", "name")}


def _kwargs(loose: Dict[str, Any], endpoint: str) -> Dict[str, Any]:
    """Top-level keys (camelCase or snake_case) -> keyword arguments; nested values as given.
    A required field the case leaves out is passed as None, Python's spelling of "absent"
    (leaving the keyword out would be Python's own TypeError, not the core's check)."""
    kwargs: Dict[str, Any] = {}
    for key, value in loose.items():
        name = _snake(key)
        assert name not in kwargs, f"{key} given twice: the case needs pythonSkip"
        kwargs[name] = value
    return {**dict.fromkeys(REQUIRED[endpoint]), **kwargs}


def _api_token_path(loose: Dict[str, Any]) -> str:
    legacy = loose.get("legacyEndpoint", loose.get("legacy_endpoint"))
    return LEGACY_API_TOKENS_PATH if legacy is True else API_TOKENS_PATH


Call = Callable[..., str]


def _callers(mode: str, client_kwargs: Dict[str, Any]) -> Dict[str, Call]:
    """endpoint -> a blocking callable, built on Databrain or on AsyncDatabrain."""
    if mode == "sync":
        sync = Databrain(**client_kwargs)
        return {"guestToken": sync.create_guest_token, "apiToken": sync.create_api_token}
    aclient = AsyncDatabrain(**client_kwargs)

    def run(method: Callable[..., Any]) -> Call:
        return lambda **kw: asyncio.run(method(**kw))

    return {"guestToken": run(aclient.create_guest_token), "apiToken": run(aclient.create_api_token)}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _check_request_case(case: Dict[str, Any], endpoint: str, mock: MockServer, mode: str) -> None:
    if case.get("pythonSkip"):
        pytest.skip("needs a top-level key that has no keyword argument (Python raises TypeError)")
    call = _callers(
        mode,
        dict(
            base_url=mock.url,
            api_key=case.get("apiKey", mock.api_key),
            service_token=case.get("serviceToken", mock.service_token),
        ),
    )[endpoint]
    loose = _native_values(case["input"])
    default_path = GUEST_TOKEN_PATH if endpoint == "guestToken" else _api_token_path(loose)
    path = case.get("path", default_path)
    if "body" in case:
        call(**_kwargs(loose, endpoint))
        assert mock.request_count(path) == 1
        assert mock.last_request()["body"] == case["body"]
        return
    with pytest.raises(ValidationError) as info:
        call(**_kwargs(loose, endpoint))
    assert mock.requests() == [], "nothing may be sent"
    got = info.value.errors
    # The same problems as Rust and Node, in the same order, in the same words.
    assert [path for path, _ in got] == [e["path"] for e in case["errors"]], got
    for expected, (path, message) in zip(case["errors"], got):
        if "message" in expected:
            assert message == expected["message"], (path, message)
        if "contains" in expected:
            assert expected["contains"] in message, (path, message)


@pytest.mark.parametrize("case", _cases("guest_token.json"))
def test_guest_token_vector(case: Dict[str, Any], mock: MockServer, mode: str) -> None:
    _check_request_case(case, "guestToken", mock, mode)


@pytest.mark.parametrize("case", _cases("api_token.json"))
def test_api_token_vector(case: Dict[str, Any], mock: MockServer, mode: str) -> None:
    _check_request_case(case, "apiToken", mock, mode)


@pytest.fixture
def response_mock(case: Dict[str, Any], mock: MockServer) -> Iterator[MockServer]:
    # A case that leaves a request sleeping in a delay fault gets a mock of its own, so the
    # request cannot finish during a later test.
    if any(f.get("kind") == "delay" for f in case.get("faults", [])):
        with MockServer() as own:
            yield own
    else:
        yield mock


@pytest.mark.parametrize("case", _cases("responses.json"))
def test_response_vector(case: Dict[str, Any], response_mock: MockServer, mode: str) -> None:
    mock = response_mock
    endpoint = case["endpoint"]
    loose = case.get("request", DEFAULT_REQUEST[endpoint])
    path = GUEST_TOKEN_PATH if endpoint == "guestToken" else _api_token_path(loose)
    call = _callers(
        mode,
        dict(
            base_url=mock.url,
            api_key=case.get("apiKey", mock.api_key),
            service_token=case.get("serviceToken", mock.service_token),
            max_retries=case.get("maxRetries", 2),
            timeout=case.get("timeoutMs", 5000) / 1000,
        ),
    )[endpoint]
    for fault in case.get("faults", []):
        mock.inject_fault(fault)
    expect = case["expect"]
    error: Optional[DatabrainError] = None
    try:
        result = call(**_kwargs(loose, endpoint))
    except DatabrainError as exc:
        error = exc
    if expect.get("ok"):
        assert error is None, repr(error)
        assert isinstance(result, str) and result
    else:
        assert error is not None, "the call should have failed"
        assert type(error).__name__ == CLASS_BY_KIND[expect["kind"]], repr(error)
        assert error.code == expect["code"], repr(error)
        assert error.status == expect["status"], repr(error)
        assert error.attempts == expect["attempts"], repr(error)
        assert error.request_id, repr(error)
    assert mock.request_count(path) == expect["attempts"]


@pytest.mark.parametrize("case", _cases("options.json"))
def test_option_vector(case: Dict[str, Any]) -> None:
    options = _native_values(case["options"])
    if case.get("ok"):
        Databrain(**options)
        return
    with pytest.raises(ConfigurationError) as info:
        Databrain(**options)
    assert str(info.value) == case["text"]


@pytest.mark.parametrize("row", _load("error_kinds.json")["kinds"], ids=lambda row: str(row["kind"]))
def test_error_kind_vector(row: Dict[str, str]) -> None:
    error = _native._error_example(row["kind"])
    assert type(error).__name__ == row["class"]
    assert isinstance(error, DatabrainError)
    assert error.code == row["defaultCode"]
    assert getattr(databrain, row["class"]).default_code == row["defaultCode"]


def test_maximal_request_is_sent_as_given(mock: MockServer) -> None:
    request = _load("maximal_guest_token.json")["input"]
    Databrain(base_url=mock.url, api_key=mock.api_key).create_guest_token(**_kwargs(request, "guestToken"))
    assert mock.last_request()["body"] == request
