"""Checked by mypy (python/run-tests.sh), never run: the generated management namespaces as users
type them, a few calls per family. Lines marked `type: ignore[...]` must be errors (mypy's
warn_unused_ignores proves the generated types refuse them)."""

from __future__ import annotations

from typing import List, Optional

from databrain import AsyncDatabrain, Databrain
from databrain.types import (
    AccessSettings,
    ApiKey,
    AppDashboard,
    DataApp,
    DataAppName,
    Datamart,
    DatamartId,
    DatamartSemanticLayer,
    DatamartTable,
    DeletedWorkspace,
    Embed,
    EmbedId,
    ImportResult,
    JsonDocument,
    Metric,
    NamedEmbed,
    QueryResult,
    Report,
    SemanticLayerId,
    SemanticTable,
    Workspace,
    WorkspaceMetric,
)


def data_apps(client: Databrain) -> List[str]:
    made: DataAppName = client.data_apps.create(name="Tenant App")
    renamed: DataAppName = client.data_apps.rename(name=made["name"], update_name="Tenant Two")
    apps: List[DataApp] = list(client.data_apps.list())
    first: List[DataApp] = client.data_apps.list(credential="serviceToken").page(1)
    client.data_apps.create(nmae="typo")  # type: ignore[call-arg]
    client.data_apps.create(name=3)  # type: ignore[arg-type]
    client.data_apps.list(credential="password")  # type: ignore[arg-type]
    wrong: Embed = client.data_apps.delete(name="x")  # type: ignore[assignment]
    return [renamed["name"], wrong["embedId"]] + [app["name"] for app in apps + first]


def api_tokens(client: Databrain) -> str:
    key: ApiKey = client.api_tokens.rotate(expire_at=3600)
    later: ApiKey = client.api_tokens.rotate(expire_at="60", key=key["key"], legacy=True)
    names = [token["key"] for token in client.api_tokens.list(data_app_name="app")]
    client.api_tokens.rotate()  # type: ignore[call-arg]
    client.api_tokens.rotate(expire_at=[1])  # type: ignore[arg-type]
    client.api_tokens.list()  # type: ignore[call-arg]
    return later["key"] + "".join(names)


def embeds(client: Databrain) -> Optional[str]:
    settings: AccessSettings = {"datamartName": "dm", "joinModel": "multi", "tableTenancySettings": [{"name": "t", "clientColumn": "c"}]}
    made: EmbedId = client.embeds.create(
        dashboard_id="d1", embed_type="dashboard", workspace_name="ws", access_settings=settings, extra_body={"x": 1}
    )
    client.embeds.update(embed_id=made["id"], access_settings={"isAllowAiPilot": True})
    renamed: NamedEmbed = client.embeds.rename(embed_id=made["id"], name="n", is_rename_dashboard=True)
    document: JsonDocument = client.embeds.export(embed_id=made["id"])
    reports: List[Report] = list(client.embeds.list_reports(embed_id=made["id"], client_id="c1"))
    client.embeds.create(dashboard_id="d1", embed_type="chart", workspace_name="ws", access_settings=settings)  # type: ignore[arg-type]
    client.embeds.create(dashboard_id="d1", embed_type="metric", workspace_name="ws")  # type: ignore[call-arg]
    client.embeds.update(embed_id="e", access_settings={"joinModel": "triple"})  # type: ignore[typeddict-item]
    client.embeds.export(embed_id="e", extra_body={})  # type: ignore[call-arg]
    return renamed["name"] + str(len(document)) + str(len(reports))


def discovery(client: Databrain) -> int:
    dashboards: List[AppDashboard] = list(client.dashboards.list(dashboard_names=["a"]))
    metrics: List[Metric] = client.metrics.list(embed_id="e", client_id="c")
    result: QueryResult = client.metrics.query(embed_id="e", metric_id="m", client_id="c", metric_filter={"a": 1})
    exported: JsonDocument = client.dashboards.export(dashboard_id="d", workspace_name="ws")
    imported: ImportResult = client.dashboards.import_(workspace_name="ws", import_dashboard_data=exported)
    client.metrics.query(embed_id="e", metric_id="m")  # type: ignore[call-arg]
    client.dashboards.list(dashboard_names="a")  # type: ignore[arg-type]
    return len(dashboards) + len(metrics) + len(result["data"]) + len(str(imported))


def workspaces_and_datamarts(client: Databrain) -> List[str]:
    made: Workspace = client.workspaces.create(name="ws", connection_type="DATAMART", datamart_name="dm")
    gone: DeletedWorkspace = client.workspaces.delete(name="ws")
    metrics: List[WorkspaceMetric] = list(client.workspaces.list_metrics(workspace_name="ws"))
    table: DatamartTable = {"name": "orders", "clientColumn": "tenant_id", "columns": [{"name": "id"}]}
    mart: DatamartId = client.datamarts.create(name="dm", datasource_name="src", table_list=[table])
    marts: List[Datamart] = list(client.datamarts.list())
    client.workspaces.create(name="ws", connection_type="SOMETHING")  # type: ignore[arg-type]
    client.datamarts.create(name="dm", datasource_name="src", table_list=[{"label": "no name"}])  # type: ignore[typeddict-item]
    return [made["name"], gone["id"], mart["id"]] + [m["metricId"] for m in metrics] + [m["name"] for m in marts]


async def async_usage(client: AsyncDatabrain) -> List[str]:
    made: DataAppName = await client.data_apps.create(name="Async App")
    apps: List[DataApp] = [app async for app in client.data_apps.list()]
    every: List[Workspace] = await client.workspaces.list()
    page: List[Embed] = await client.embeds.list(credential="apiKey").page(2)
    key: ApiKey = await client.api_tokens.rotate(expire_at=0)
    not_awaited: DataAppName = client.data_apps.create(name="x")  # type: ignore[assignment]
    for app in client.data_apps.list():  # type: ignore[attr-defined]
        pass
    return [made["name"], key["key"], not_awaited["name"]] + [a["name"] for a in apps] + [w["name"] for w in every + []] + [
        e["embedId"] for e in page
    ]


def onboarding(client: Databrain) -> str:
    """``provision_tenant``'s ``embed=``/``dashboard_embed=`` are the generated TypedDicts."""
    tenant = client.provision_tenant(
        data_app_name="acme",
        embed={"dashboardId": "d", "embedType": "dashboard", "workspaceName": "ws", "accessSettings": {"datamartName": "dm"}},
    )
    client.provision_tenant(
        data_app_name="acme",
        dashboard_embed={"dashboardId": "d", "workspaceName": "ws", "clientId": "acme", "accessSettings": {}},
    )
    # Not an embed type; a per-tenant dashboard embed without its clientId:
    client.provision_tenant(data_app_name="a", embed={"dashboardId": "d", "embedType": "chart", "workspaceName": "ws", "accessSettings": {}})  # type: ignore[arg-type]
    client.provision_tenant(data_app_name="a", dashboard_embed={"dashboardId": "d", "workspaceName": "ws", "accessSettings": {}})  # type: ignore[arg-type]
    return tenant.embed.id


def semantic_layer(client: Databrain) -> List[str]:
    table: SemanticTable = {"name": "orders", "synonyms": ["sales"], "columns": [{"name": "amount", "columnType": "Number"}]}
    made: SemanticLayerId = client.semantic_layer.create(datamart_name="dm", tables=[table], feedback="f")
    client.semantic_layer.update(datamart_name="dm", tables=[{"name": "orders", "description": "Orders"}])
    layer: DatamartSemanticLayer = client.semantic_layer.get(datamart_name="dm")
    gone: SemanticLayerId = client.semantic_layer.delete(datamart_name="dm")
    client.semantic_layer.update(datamart_name="dm", tables=[{"description": "no name"}])  # type: ignore[typeddict-item]
    return [made["id"], gone["id"], layer["datamartName"]]


async def semantic_layer_async(client: AsyncDatabrain) -> str:
    layer: DatamartSemanticLayer = await client.semantic_layer.get(datamart_name="dm")
    return layer["datamartName"]
