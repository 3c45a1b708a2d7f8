"""The management API over real HTTP against the mock: the shared contract vectors
(`tests/vectors/management.json`, as the Rust suite runs them), the namespaces of both clients,
pagination (10/10/5), `async for`, and credential errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import parse_qsl

import pytest

from databrain import AsyncDatabrain, ConfigurationError, Databrain, DatabrainError, ValidationError
from databrain import _native
from databrain._resources import AsyncList, SyncList, _exposed
from databrain.testing import MockServer

VECTORS = Path(os.environ.get("DATABRAIN_VECTORS_DIR", Path(__file__).resolve().parents[2] / "tests" / "vectors"))
CLASS_BY_KIND = {
    row["kind"]: row["class"] for row in json.loads((VECTORS / "error_kinds.json").read_text(encoding="utf-8"))["kinds"]
}


def _cases() -> List[Any]:
    cases = json.loads((VECTORS / "management.json").read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=case["name"]) for case in cases]


def _run(client: Databrain, case: Dict[str, Any]) -> Any:
    # The vectors hand the loose request to the row by name, as call_json does in Rust.
    return client._native.call(case["call"], case["input"], case.get("options"), case.get("page"))


def _client_for(mock: MockServer, client: Databrain, case: Dict[str, Any]) -> Databrain:
    """The default client, or one whose service token is the case's ``serviceToken``."""
    if "serviceToken" not in case:
        return client
    return Databrain(base_url=mock.url, api_key=mock.api_key, service_token=case["serviceToken"], timeout=5.0)


def _async_client_for(mock: MockServer, aclient: AsyncDatabrain, case: Dict[str, Any]) -> AsyncDatabrain:
    if "serviceToken" not in case:
        return aclient
    return AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, service_token=case["serviceToken"], timeout=5.0)


def _holds(got: Any, want: Any) -> bool:
    """Whether ``got`` holds ``want`` (the vectors' ``answer``): every key of an object, every
    item of a list of the same length, scalars equal."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _holds(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(_holds(g, w) for g, w in zip(got, want))
    return bool(got == want)


def _check_request(mock: MockServer, case: Dict[str, Any]) -> None:
    recorded = mock.requests()
    assert recorded, "nothing was sent"
    first, want = recorded[0], case["request"]
    assert first["method"] == want["method"]
    assert first["path"] == want["path"]
    assert [list(pair) for pair in parse_qsl(first.get("query") or "", keep_blank_values=True)] == want["query"]
    assert first.get("body") == want["body"]


@pytest.mark.parametrize("case", _cases())
def test_vector(mock: MockServer, client: Databrain, case: Dict[str, Any]) -> None:
    client = _client_for(mock, client, case)
    if "errors" in case:
        with pytest.raises(ValidationError) as info:
            _run(client, case)
        got = info.value.errors
        assert [path for path, _ in got] == [e["path"] for e in case["errors"]], got
        for (_, message), want in zip(got, case["errors"]):
            assert want.get("contains", "") in message
        assert mock.requests() == [], "nothing is sent"
        return
    if case["result"] == "ok":
        answer = _run(client, case)
        if "answer" in case:
            assert _holds(answer, case["answer"]), answer
    else:
        with pytest.raises(DatabrainError) as err:
            _run(client, case)
        want = case["result"]
        assert type(err.value).__name__ == CLASS_BY_KIND[want["kind"]]
        assert (err.value.code, err.value.status) == (want["code"], want["status"])
    _check_request(mock, case)


@pytest.mark.parametrize("case", _cases())
async def test_vector_async(mock: MockServer, aclient: AsyncDatabrain, case: Dict[str, Any]) -> None:
    call = _async_client_for(mock, aclient, case)._native.call_async
    if "errors" in case:
        with pytest.raises(ValidationError) as info:
            await call(case["call"], case["input"], case.get("options"), case.get("page"))
        assert [path for path, _ in info.value.errors] == [e["path"] for e in case["errors"]]
        return
    if case["result"] == "ok":
        answer = await call(case["call"], case["input"], case.get("options"), case.get("page"))
        if "answer" in case:
            assert _holds(answer, case["answer"]), answer
    else:
        with pytest.raises(DatabrainError) as err:
            await call(case["call"], case["input"], case.get("options"), case.get("page"))
        assert (err.value.code, err.value.status) == (case["result"]["code"], case["result"]["status"])
    _check_request(mock, case)


def test_the_namespaces_expose_every_row_of_the_core() -> None:
    assert sorted(_exposed()) == sorted(name for name, _, _, _ in _native.OPERATIONS)
    assert len(_native.OPERATIONS) == 33


def _fill(client: Databrain, total: int) -> None:
    have = len(list(client.data_apps.list()))
    for i in range(total - have):
        client.data_apps.create(name=f"App {i:02}")


def test_pagination_25_items_is_10_10_5(mock: MockServer, client: Databrain) -> None:
    _fill(client, 25)
    mock.clear_requests()
    apps = client.data_apps.list()
    assert isinstance(apps, SyncList)
    assert mock.requests() == [], "nothing is sent before iterating"
    assert [len(page) for page in apps.pages()] == [10, 10, 5]
    assert [r["query"] for r in mock.requests()] == [f"isPagination=true&pageNumber={n}" for n in (1, 2, 3)]
    items = list(apps)
    assert len(items) == 25 and all("name" in item for item in items)
    assert len({item["name"] for item in items}) == 25
    mock.clear_requests()
    assert len(apps.page(2)) == 10
    assert [r["query"] for r in mock.requests()] == ["isPagination=true&pageNumber=2"]


async def test_async_for_over_every_page(mock: MockServer, client: Databrain, aclient: AsyncDatabrain) -> None:
    _fill(client, 25)
    mock.clear_requests()
    apps = aclient.data_apps.list()
    assert isinstance(apps, AsyncList)
    names = [app["name"] async for app in apps]
    assert len(names) == 25
    assert len(mock.requests()) == 3
    assert [len(page) async for page in apps.pages()] == [10, 10, 5]
    assert len(await apps) == 25
    assert len(await apps.page(3)) == 5


def test_sync_namespaces_round_trip(mock: MockServer, client: Databrain) -> None:
    made = client.data_apps.create(name="Tenant App")
    assert isinstance(made, dict)
    assert any(app["name"] == "Tenant App" for app in client.data_apps.list())
    client.data_apps.rename(name="Tenant App", update_name="Tenant Two")
    assert mock.last_request()["body"] == {"name": "Tenant App", "updateName": "Tenant Two"}
    client.data_apps.delete(name="Tenant Two")
    assert not any(app["name"] == "Tenant Two" for app in client.data_apps.list())
    key = client.api_tokens.create(data_app_name=mock_data_app(), name="ci key")
    assert isinstance(key, str) and key
    assert list(client.api_tokens.list(data_app_name=mock_data_app()))
    token = client.guest_tokens.create(client_id="user-1", data_app_name=mock_data_app())
    assert isinstance(token, str) and token
    assert isinstance(list(client.workspaces.list()), list)


def mock_data_app() -> str:
    return _native.MOCK_DATA_APP


async def test_async_namespaces(mock: MockServer, aclient: AsyncDatabrain) -> None:
    made = await aclient.data_apps.create(name="Async App")
    assert isinstance(made, dict)
    assert any([app["name"] == "Async App" async for app in aclient.data_apps.list()])
    key = await aclient.api_tokens.create(data_app_name=mock_data_app(), name="async key")
    assert isinstance(key, str) and key
    token = await aclient.guest_tokens.create(client_id="user-1", data_app_name=mock_data_app())
    assert isinstance(token, str)


def test_validation_raises_before_sending(mock: MockServer, client: Databrain) -> None:
    with pytest.raises(ValidationError) as info:
        client.data_apps.create()  # type: ignore[call-arg]  # the types refuse it too
    assert [path for path, _ in info.value.errors] == ["name"]
    with pytest.raises(ValidationError):
        client.data_apps.create(name="x", nmae="typo")  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="credential: must be one of"):
        client.data_apps.list(credential="password")  # type: ignore[arg-type]
    assert mock.requests() == []


def test_a_missing_credential_is_named(mock: MockServer) -> None:
    with Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0) as keyed:
        with pytest.raises(ConfigurationError) as info:
            keyed.data_apps.create(name="No Token")
        assert "service token" in str(info.value) and "DATABRAIN_SERVICE_TOKEN" in str(info.value)
        # An overridden credential is the one asked for.
    with Databrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0) as tokened:
        with pytest.raises(ConfigurationError) as info:
            tokened.data_apps.create(name="No Key", credential="apiKey")
        assert "API key" in str(info.value) and "DATABRAIN_API_KEY" in str(info.value)
    assert mock.requests() == []
