"""The semantic-layer calls over real HTTP against the mock: ``client.semantic_layer`` on both
clients, the partial merge, the documented errors, the 403, the credential check, validation
with field paths, and the dashboard-embed import fields and the reports' creator."""

from __future__ import annotations

from typing import Any, List

import pytest

from databrain import (
    AsyncDatabrain,
    BadRequestError,
    ConfigurationError,
    Databrain,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ValidationError,
)
from databrain.testing import MockServer
from databrain.types import SemanticTable

PATH = "/api/v2/data-app/datamarts/semantic-layer"


def _events_tables() -> List[SemanticTable]:
    return [
        {
            "name": "events",
            "description": "One row per product event",
            "synonyms": ["activity"],
            "columns": [{"name": "name", "description": "Event name", "columnType": "ENUM"}],
        }
    ]


def _table(layer: Any, name: str) -> Any:
    return next(t for t in layer["tables"] if t["name"] == name)


def _column(table: Any, name: str) -> Any:
    return next(c for c in table["columns"] if c["name"] == name)


def test_round_trip_and_the_partial_merge(mock: MockServer, client: Databrain) -> None:
    created = client.semantic_layer.create(datamart_name="Events Mart", tables=_events_tables(), feedback="Append-only.")
    assert created == {"id": "Events Mart"}
    assert mock.requests()[-1]["body"]["tables"][0]["synonyms"] == ["activity"]
    layer = client.semantic_layer.get(datamart_name="Events Mart")
    assert layer["datamartName"] == "Events Mart"
    assert layer["feedback"] == "Append-only."
    assert _column(_table(layer, "events"), "name")["columnType"] == "ENUM"

    client.semantic_layer.update(
        datamart_name="Events Mart", tables=[{"name": "events", "columns": [{"name": "tenant_id", "description": "The tenant"}]}]
    )
    after = client.semantic_layer.get(datamart_name="Events Mart")
    events = _table(after, "events")
    assert events["description"] == "One row per product event", "left out: kept"
    assert events["synonyms"] == ["activity"]
    assert _column(events, "name")["description"] == "Event name", "left out: kept"
    assert _column(events, "tenant_id")["description"] == "The tenant"
    assert after["feedback"] == "Append-only."

    assert client.semantic_layer.delete(datamart_name="Events Mart") == {"id": "Events Mart"}
    with pytest.raises(NotFoundError) as err:
        client.semantic_layer.get(datamart_name="Events Mart")
    assert (err.value.code, err.value.status) == ("SEMANTIC_LAYER_NOT_FOUND", 404)


def test_documented_errors(client: Databrain) -> None:
    with pytest.raises(BadRequestError) as exists:
        client.semantic_layer.create(datamart_name="Sales Mart", tables=[])
    assert (exists.value.code, exists.value.status) == ("SEMANTIC_LAYER_ALREADY_EXISTS", 400)
    with pytest.raises(NotFoundError) as missing:
        client.semantic_layer.update(datamart_name="Events Mart", tables=[])
    assert missing.value.code == "SEMANTIC_LAYER_NOT_FOUND"
    with pytest.raises(NotFoundError):
        client.semantic_layer.delete(datamart_name="Events Mart")


def test_a_data_app_key_is_permission_denied(mock: MockServer) -> None:
    with Databrain(base_url=mock.url, service_token=mock.api_key, timeout=5.0) as wrong:
        with pytest.raises(PermissionDeniedError) as err:
            wrong.semantic_layer.get(datamart_name="Sales Mart")
    assert (err.value.code, err.value.status) == ("AUTHENTICATION_ERROR", 403)
    assert mock.api_key not in str(err.value)


def test_the_credential_check_names_the_service_token(mock: MockServer, client: Databrain) -> None:
    with pytest.raises(ConfigurationError, match="the service token"):
        client.semantic_layer.get(datamart_name="Sales Mart", credential="apiKey")
    with Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0) as key_only:
        with pytest.raises(ConfigurationError, match="service token"):
            key_only.semantic_layer.delete(datamart_name="Sales Mart")
    assert mock.requests() == []


def test_validation_names_field_paths_before_sending(mock: MockServer, client: Databrain) -> None:
    eleven = [f"s{i}" for i in range(11)]
    with pytest.raises(ValidationError) as err:
        client.semantic_layer.create(
            datamart_name="Events Mart",
            tables=[{"name": "events", "synonyms": eleven, "columns": [{"synonyms": eleven}]}],  # type: ignore[typeddict-item]
        )
    assert [path for path, _ in err.value.errors] == [
        "tables[0].synonyms",
        "tables[0].columns[0].synonyms",
        "tables[0].columns[0].name",
    ]
    assert "at most 10" in err.value.errors[0][1]
    with pytest.raises(ValidationError) as missing:
        client.semantic_layer.get(datamart_name="")
    assert missing.value.errors[0][0] == "datamartName"
    assert mock.requests() == []


def test_create_is_not_resent_once_it_may_have_arrived(mock: MockServer, client: Databrain) -> None:
    mock.inject_fault(kind="status", status=503, path=PATH, method="POST", afterHandling=True)
    with pytest.raises(ServerError):
        client.semantic_layer.create(datamart_name="Events Mart", tables=_events_tables())
    assert mock.request_count(PATH) == 1
    assert client.semantic_layer.get(datamart_name="Events Mart")["datamartName"] == "Events Mart"


async def test_async_client(mock: MockServer, aclient: AsyncDatabrain) -> None:
    await aclient.semantic_layer.update(datamart_name="Sales Mart", tables=[{"name": "orders", "description": "Orders"}])
    layer = await aclient.semantic_layer.get(datamart_name="Sales Mart")
    assert _table(layer, "orders")["description"] == "Orders"
    assert await aclient.semantic_layer.delete(datamart_name="Sales Mart") == {"id": "Sales Mart"}
    with pytest.raises(NotFoundError):
        await aclient.semantic_layer.get(datamart_name="Sales Mart")


def test_dashboard_embed_import_fields_and_report_creator(mock: MockServer, client: Databrain) -> None:
    export = client.dashboards.export(dashboard_id="dash-tenant-template", workspace_name="Sales")
    made = client.embeds.create_dashboard_embed(
        dashboard_id="dash-acme",
        workspace_name="Sales",
        client_id="acme",
        name="Acme",
        access_settings={"datamartName": "Sales Mart"},
        is_import_metrics=True,
        is_rename_dashboard=True,
        metric_import_mode="GALLERY",
        import_dashboard_data=export,
    )
    assert made["name"] == "Acme"
    assert "error" not in made
    body = mock.requests()[-1]["body"]
    assert body["importDashboardData"] == export
    assert (body["isImportMetrics"], body["isRenameDashboard"], body["metricImportMode"]) == (True, True, "GALLERY")
    reports = list(client.embeds.list_reports(embed_id="emb-sales-overview", client_id="Team 1"))
    assert [r.get("createdByIdentifier") for r in reports] == ["analyst@team1.example", None]
