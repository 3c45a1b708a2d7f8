"""What goes on the wire, and what is refused before anything is sent."""

from __future__ import annotations

import enum
import json
import uuid
from collections import OrderedDict
from datetime import date
from typing import Any, Dict

import pytest

import databrain
from databrain import ConfigurationError, Databrain, ValidationError
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, LEGACY_API_TOKENS_PATH, MockServer

EVERY_FIELD: Dict[str, Any] = dict(
    client_id="Team 1",
    data_app_name="sales-dashboard",
    params={
        "appFilters": [
            {
                "metricId": "metric-1",
                "values": {
                    "Customer App filter": "USA",
                    "customer id": ["a", "b"],
                    "is_active": True,
                    "amount": 500,
                    "ratio": 0.25,
                    "region": {"sql": "SELECT name FROM regions", "columnName": "name"},
                },
            }
        ],
        "dashboardAppFilters": [
            {
                "dashboardId": "dash-1",
                "values": {
                    "timePeriod": {"startDate": "2024-01-01", "endDate": "2024-03-23"},
                    "revenue": {"min": 1000, "max": 5000},
                    "country": ["USA", "CANADA"],
                },
                "isShowOnUrl": False,
            },
            {"dashboardId": "dash-2", "values": {"country": "USA"}},
        ],
        "hideDashboardFilters": ["country"],
        "userIdentifier": "user@example.com",
        "rlsSettings": [{"metricId": "metric-2", "values": {"tenant_id": 42}}, {"values": {"org": "acme"}}],
        "allowedEmbeds": ["embed-1"],
        "timezone": "America/New_York",
    },
    permissions={
        "isEnableArchiveMetrics": True,
        "isEnableManageMetrics": False,
        "isEnableCreateDashboardView": True,
        "isEnableMetricUpdation": False,
        "isEnableCustomizeLayout": True,
        "isEnableUnderlyingData": False,
        "isEnableDownloadMetrics": True,
        "isShowSideBar": False,
        "isShowDashboardName": True,
        "isDisableMetricCreation": True,
    },
    expiry_time=86_400_000,
    datasource_name="warehouse",
)


def test_minimal_guest_token(client: Databrain, mock: MockServer) -> None:
    token = client.create_guest_token(client_id="user-456", data_app_name="sales-dashboard")
    uuid.UUID(token)
    request = mock.last_request()
    assert request["method"] == "POST"
    assert request["path"] == GUEST_TOKEN_PATH
    assert request["body"] == {"clientId": "user-456", "dataAppName": "sales-dashboard"}
    assert request["auth"] == "apiKey:sales-dashboard"
    assert request["headers"]["content-type"] == "application/json"
    assert request["headers"]["user-agent"].startswith("databrain-sdk/")
    assert "(python 3." in request["headers"]["user-agent"]
    assert request["headers"]["authorization"] == "Bearer <redacted>"
    uuid.UUID(request["headers"]["x-request-id"])
    assert [t["token"] for t in mock.guest_tokens()] == [token]


def test_every_field_reaches_the_wire(client: Databrain, mock: MockServer) -> None:
    client.create_guest_token(**EVERY_FIELD)
    body = mock.last_request()["body"]
    assert body == {
        "clientId": "Team 1",
        "dataAppName": "sales-dashboard",
        "params": EVERY_FIELD["params"],
        "permissions": EVERY_FIELD["permissions"],
        "expiryTime": 86_400_000,
        "datasourceName": "warehouse",
    }
    # Integers stay integers and floats stay floats on the wire.
    raw = mock.last_request()["rawBody"]
    assert '"amount":500' in raw and '"ratio":0.25' in raw and '"tenant_id":42' in raw


def test_snake_case_nested_keys_are_accepted_and_column_names_kept(client: Databrain, mock: MockServer) -> None:
    client.create_guest_token(
        client_id="u1",
        data_app_name="sales-dashboard",
        params={
            "app_filters": [{"metric_id": "m1", "values": {"customer_id": "7", "Some Column": {"sql": "S", "column_name": "c"}}}],
            "dashboard_app_filters": [{"dashboard_id": "d1", "values": {"x": "y"}, "is_show_on_url": True}],
            "user_identifier": "me",
        },  # type: ignore[arg-type]  # the TypedDicts spell keys as documented (camelCase)
        permissions={"is_show_side_bar": True},  # type: ignore[arg-type]
    )
    body = mock.last_request()["body"]
    assert body["params"] == {
        "appFilters": [{"metricId": "m1", "values": {"customer_id": "7", "Some Column": {"sql": "S", "columnName": "c"}}}],
        "dashboardAppFilters": [{"dashboardId": "d1", "values": {"x": "y"}, "isShowOnUrl": True}],
        "userIdentifier": "me",
    }
    assert body["permissions"] == {"isShowSideBar": True}


def test_extra_body_is_deep_merged(client: Databrain, mock: MockServer) -> None:
    client.create_guest_token(
        client_id="u1",
        data_app_name="sales-dashboard",
        params={"userIdentifier": "me"},
        extra_body={"theme": {"mode": "dark"}, "embedId": "e-1", "params": {"custom": [1, 2]}},
    )
    body = mock.last_request()["body"]
    assert body["theme"] == {"mode": "dark"} and body["embedId"] == "e-1"
    assert body["params"] == {"userIdentifier": "me", "custom": [1, 2]}


def test_tuples_ordered_dicts_and_enums_convert(client: Databrain, mock: MockServer) -> None:
    class Country(str, enum.Enum):
        USA = "USA"

    client.create_guest_token(
        client_id="u1",
        data_app_name="sales-dashboard",
        params=OrderedDict(appFilters=({"metricId": "m", "values": {"c": (Country.USA, "CANADA")}},)),  # type: ignore[arg-type]
    )
    assert mock.last_request()["body"]["params"] == {"appFilters": [{"metricId": "m", "values": {"c": ["USA", "CANADA"]}}]}


def test_unicode_names(client: Databrain, mock: MockServer) -> None:
    client.create_guest_token(client_id="用户-1 ✓", data_app_name="sales-dashboard", params={"userIdentifier": "Zoë"})
    request = mock.last_request()
    assert request["body"]["clientId"] == "用户-1 ✓"
    assert json.loads(request["rawBody"])["params"]["userIdentifier"] == "Zoë"


def test_api_token_wire(client: Databrain, mock: MockServer) -> None:
    key = client.create_api_token(data_app_name="sales-dashboard", name="Production API Key")
    uuid.UUID(key)
    request = mock.last_request()
    assert request["path"] == API_TOKENS_PATH
    assert request["auth"] == "serviceToken"
    assert request["body"] == {"dataAppName": "sales-dashboard", "name": "Production API Key"}
    # The new key works for guest tokens.
    other = Databrain(base_url=mock.url, api_key=key)
    assert other.create_guest_token(client_id="u", data_app_name="sales-dashboard")


def test_api_token_legacy_endpoint_and_extra_body(client: Databrain, mock: MockServer) -> None:
    client.create_api_token(
        data_app_name="Customer Portal Analytics", name="k", legacy_endpoint=True, extra_body={"description": "staging"}
    )
    request = mock.last_request()
    assert request["path"] == LEGACY_API_TOKENS_PATH
    assert request["body"] == {"dataAppName": "Customer Portal Analytics", "name": "k", "description": "staging"}


def test_close_keeps_the_client_usable(mock: MockServer) -> None:
    with Databrain(base_url=mock.url, api_key=mock.api_key) as client:
        client.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    client.close()
    assert client.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    assert mock.request_count(GUEST_TOKEN_PATH) == 2


# --- refused before sending --------------------------------------------------------------


def _refused(client: Databrain, mock: MockServer, **kwargs: Any) -> ValidationError:
    before = mock.request_count(GUEST_TOKEN_PATH)
    kwargs.setdefault("client_id", "u1")
    kwargs.setdefault("data_app_name", "sales-dashboard")
    with pytest.raises(ValidationError) as info:
        client.create_guest_token(**kwargs)
    assert mock.request_count(GUEST_TOKEN_PATH) == before, "nothing may be sent"
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, databrain.DatabrainError)
    assert err.code == "VALIDATION_ERROR" and err.status is None
    assert err.errors and all(isinstance(p, str) and isinstance(m, str) for p, m in err.errors)
    return err


def _paths(err: ValidationError) -> set[str]:
    return {path for path, _ in err.errors}


def test_wrong_types_are_reported_by_the_core(client: Databrain, mock: MockServer) -> None:
    err = _refused(client, mock, client_id=5, expiry_time="1h", permissions=[1])
    assert dict(err.errors)["clientId"] == "expected a string, got a number"
    assert _paths(err) == {"clientId", "expiryTime", "permissions"}
    assert "clientId: expected a string" in str(err)


def test_all_problems_are_reported_at_once(client: Databrain, mock: MockServer) -> None:
    err = _refused(
        client,
        mock,
        client_id="",
        data_app_name="a.b",
        params={"appFilters": [{"values": {}}], "dashboardAppFilters": [{"dashboardId": "d", "values": {"r": {"min": 5, "max": 1}}}]},
        permissions={"isShowSidebar": True},
        expiry_time=0,
    )
    paths = _paths(err)
    assert {"clientId", "dataAppName", "params.appFilters[0].metricId", "expiryTime"} <= paths
    assert any(p.startswith("params.dashboardAppFilters[0].values.r") for p in paths)
    assert any(p.startswith("permissions.isShowSidebar") for p in paths)
    messages = " ".join(m for _, m in err.errors)
    assert "isShowSideBar" in messages, "an unknown key gets a suggestion"


def test_required_fields(client: Databrain, mock: MockServer) -> None:
    err = _refused(client, mock, client_id=None, data_app_name=None)
    assert _paths(err) == {"clientId", "dataAppName"}


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (-float("inf"), "-Infinity"),
        ({1, 2}, "set"),
        (date(2024, 1, 1), "date"),
        (object(), "object"),
        (2**70, "64 bits"),
        (b"bytes", "bytes"),
        ("\ud800", "surrogate"),
    ],
)
def test_values_json_cannot_express(client: Databrain, mock: MockServer, value: object, needle: str) -> None:
    err = _refused(client, mock, params={"appFilters": [{"metricId": "m", "values": {"x": value}}]})
    assert err.errors == [("params.appFilters[0].values.x", err.errors[0][1])]
    assert needle in err.errors[0][1]


def test_non_string_keys(client: Databrain, mock: MockServer) -> None:
    err = _refused(client, mock, extra_body={1: "x"})
    assert err.errors[0][0] == "extraBody" and "keys must be strings" in err.errors[0][1]


def test_every_binding_level_problem_is_listed(client: Databrain, mock: MockServer) -> None:
    err = _refused(client, mock, params={"a": float("nan"), "b": [1, {2}]}, extra_body={"c": object()})
    # Unknown params keys are refused as such (their values are never read); inside
    # extraBody every value JSON cannot carry is named.
    assert _paths(err) == {"params.a", "params.b", "extraBody.c"}


def test_cycles_and_deep_nesting_are_refused_not_crashing(client: Databrain, mock: MockServer) -> None:
    cyclic: Dict[str, Any] = {}
    cyclic["self"] = cyclic
    err = _refused(client, mock, extra_body=cyclic)
    assert err.errors == [("extraBody.self", "contains a reference to itself (a cycle), which JSON cannot hold")]

    deep: Any = "leaf"
    for _ in range(10_000):
        deep = [deep]
    err = _refused(client, mock, extra_body={"deep": deep})
    assert err.errors[0][0].startswith("extraBody.deep[0][0]")

    ok: Any = "leaf"
    for _ in range(databrain._native.MAX_DEPTH - 2):
        ok = {"k": ok}
    client.create_guest_token(client_id="u", data_app_name="sales-dashboard", extra_body={"ok": ok})


def test_api_token_validation(client: Databrain, mock: MockServer) -> None:
    with pytest.raises(ValidationError) as info:
        client.create_api_token(data_app_name="a.b", name="  ")
    assert {p for p, _ in info.value.errors} == {"dataAppName", "name"}
    with pytest.raises(ValidationError) as info:
        client.create_api_token(data_app_name="sales-dashboard", name="k", legacy_endpoint="yes")  # type: ignore[arg-type]
    assert [p for p, _ in info.value.errors] == ["legacyEndpoint"]
    assert mock.request_count(API_TOKENS_PATH) == 0


def test_keyword_only_and_unknown_arguments(client: Databrain) -> None:
    with pytest.raises(TypeError):
        client.create_guest_token("u1", "sales-dashboard")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        client.create_guest_token(client_id="u1", data_app_name="sales-dashboard", clientId="u2")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        client.create_guest_token(data_app_name="sales-dashboard")  # type: ignore[call-arg]


# --- configuration -----------------------------------------------------------------------


def test_missing_credential_is_a_configuration_error(mock: MockServer) -> None:
    only_key = Databrain(base_url=mock.url, api_key=mock.api_key)
    with pytest.raises(ConfigurationError, match="service token") as info:
        only_key.create_api_token(data_app_name="sales-dashboard", name="k")
    assert info.value.code == "CONFIGURATION_ERROR"
    only_token = Databrain(base_url=mock.url, service_token=mock.service_token)
    with pytest.raises(ConfigurationError, match="API key"):
        only_token.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    assert mock.requests() == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_url": "not a url"},
        {"base_url": "ftp://example.com"},
        {"base_url": "http://databrain.internal"},
        {"api_key": ""},
        {"api_key": "abc\r\nX-Evil: 1"},
        {"timeout": 0},
        {"timeout": -1.0},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"max_retries": -1},
        {"connect_timeout": -1},
    ],
)
def test_bad_configuration(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError) as info:
        Databrain(**kwargs)
    assert "Evil" not in str(info.value)


def test_insecure_http_needs_opt_in() -> None:
    client = Databrain(base_url="http://databrain.internal:8080/", api_key="k", allow_insecure_http=True)
    assert client.base_url == "http://databrain.internal:8080"


@pytest.mark.parametrize("kwargs", [{"api_key": 5}, {"base_url": b"x"}, {"timeout": "5"}, {"max_retries": 1.5}, {"max_retries": True}])
def test_wrong_argument_types(kwargs: Dict[str, Any]) -> None:
    # The core checks every option (same words as Node); a credential is never quoted.
    with pytest.raises(ConfigurationError, match="invalid client options") as info:
        Databrain(**kwargs)
    assert "5" not in str(info.value) or "api_key" not in kwargs
