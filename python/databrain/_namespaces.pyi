"""The management namespaces (``client.data_apps``, ``client.embeds``, ...) as type checkers see
them, generated from the core's OPERATIONS table by ./scripts/gen-types: do not edit.

Each method is one row: its keyword arguments are the row's request fields in snake_case (nested
values keep Databrain's camelCase keys, as in ``databrain.types``), plus ``credential`` /
``legacy`` (how the call is sent) and ``extra_body`` on calls with a JSON body. At run time the
arguments go to the core as given (camelCase is accepted too), which checks them before anything
is sent; the answers are the JSON payloads, typed by the response models. See
``databrain._management`` for the lists and the classes that run.
"""
from typing import Any, Dict, List, Literal, Optional, Union

from . import _native
from ._management import AsyncList, Namespace, SyncList
from ._typing_compat import NotRequired, TypedDict, Unpack
from .types import (
    AccessSettings,
    ApiKey,
    ApiToken,
    AppDashboard,
    Credential,
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
    SchemaPair,
    SemanticLayerId,
    SemanticTable,
    Workspace,
    WorkspaceDashboard,
    WorkspaceMetric,
)


class DataAppsListArgs(TypedDict):
    """Keyword arguments of ``data_apps.list``."""

    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DataAppsCreateArgs(TypedDict):
    """Keyword arguments of ``data_apps.create``."""

    name: str
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DataAppsRenameArgs(TypedDict):
    """Keyword arguments of ``data_apps.rename``."""

    name: str
    update_name: str
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DataAppsDeleteArgs(TypedDict):
    """Keyword arguments of ``data_apps.delete``."""

    name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class ApiTokensListArgs(TypedDict):
    """Keyword arguments of ``api_tokens.list``."""

    data_app_name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class ApiTokensRotateArgs(TypedDict):
    """Keyword arguments of ``api_tokens.rotate``."""

    key: NotRequired[Optional[str]]
    expire_at: Union[float, str]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsCreateArgs(TypedDict):
    """Keyword arguments of ``embeds.create``."""

    dashboard_id: str
    embed_type: Literal['dashboard', 'metric']
    metric_id: NotRequired[Optional[str]]
    workspace_name: str
    name: NotRequired[Optional[str]]
    access_settings: AccessSettings
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsUpdateArgs(TypedDict):
    """Keyword arguments of ``embeds.update``."""

    embed_id: str
    access_settings: AccessSettings
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsListArgs(TypedDict):
    """Keyword arguments of ``embeds.list``."""

    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsDeleteArgs(TypedDict):
    """Keyword arguments of ``embeds.delete``."""

    embed_id: str
    is_delete_dashboard: NotRequired[Optional[bool]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsRenameArgs(TypedDict):
    """Keyword arguments of ``embeds.rename``."""

    embed_id: str
    name: str
    is_rename_dashboard: NotRequired[Optional[bool]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsExportArgs(TypedDict):
    """Keyword arguments of ``embeds.export``."""

    embed_id: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsCreateDashboardEmbedArgs(TypedDict):
    """Keyword arguments of ``embeds.create_dashboard_embed``."""

    dashboard_id: str
    workspace_name: str
    client_id: str
    template_dashboard_id: NotRequired[Optional[str]]
    name: NotRequired[Optional[str]]
    embed_description: NotRequired[Optional[str]]
    is_allow_private_metrics_by_default: NotRequired[Optional[bool]]
    metadata: NotRequired[Optional[Dict[str, Any]]]
    access_settings: AccessSettings
    is_import_metrics: NotRequired[Optional[bool]]
    is_rename_dashboard: NotRequired[Optional[bool]]
    metric_import_mode: NotRequired[Optional[str]]
    import_dashboard_data: NotRequired[Any]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class EmbedsListReportsArgs(TypedDict):
    """Keyword arguments of ``embeds.list_reports``."""

    embed_id: str
    client_id: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DashboardsListArgs(TypedDict):
    """Keyword arguments of ``dashboards.list``."""

    dashboard_names: NotRequired[Optional[List[str]]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class MetricsListArgs(TypedDict):
    """Keyword arguments of ``metrics.list``."""

    embed_id: str
    client_id: str
    is_metric: NotRequired[Optional[bool]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class MetricsQueryArgs(TypedDict):
    """Keyword arguments of ``metrics.query``."""

    embed_id: str
    metric_id: str
    client_id: str
    dashboard_filter: NotRequired[Optional[Dict[str, Any]]]
    metric_filter: NotRequired[Optional[Dict[str, Any]]]
    datasource_name: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesListArgs(TypedDict):
    """Keyword arguments of ``workspaces.list``."""

    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesCreateArgs(TypedDict):
    """Keyword arguments of ``workspaces.create``."""

    name: str
    connection_type: Literal['DATASOURCE', 'DATAMART', 'MULTI_DATASOURCE', 'MULTI_DATAMART']
    datasource_name: NotRequired[Optional[str]]
    datamart_name: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesUpdateArgs(TypedDict):
    """Keyword arguments of ``workspaces.update``."""

    name: str
    connection_type: Literal['DATASOURCE', 'DATAMART', 'MULTI_DATASOURCE', 'MULTI_DATAMART']
    datasource_name: NotRequired[Optional[str]]
    datamart_name: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesDeleteArgs(TypedDict):
    """Keyword arguments of ``workspaces.delete``."""

    name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesListDashboardsArgs(TypedDict):
    """Keyword arguments of ``workspaces.list_dashboards``."""

    workspace_name: str
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class WorkspacesListMetricsArgs(TypedDict):
    """Keyword arguments of ``workspaces.list_metrics``."""

    workspace_name: str
    dashboard_id: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DatamartsCreateArgs(TypedDict):
    """Keyword arguments of ``datamarts.create``."""

    name: str
    datasource_name: str
    table_list: List[DatamartTable]
    tenancy_settings: NotRequired[Optional[Dict[str, Any]]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DatamartsUpdateArgs(TypedDict):
    """Keyword arguments of ``datamarts.update``."""

    datamart_name: str
    table_list: List[DatamartTable]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DatamartsListArgs(TypedDict):
    """Keyword arguments of ``datamarts.list``."""

    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DatamartsDeleteArgs(TypedDict):
    """Keyword arguments of ``datamarts.delete``."""

    datamart_name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DashboardsExportArgs(TypedDict):
    """Keyword arguments of ``dashboards.export``."""

    dashboard_id: str
    workspace_name: str
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DashboardsImportArgs(TypedDict):
    """Keyword arguments of ``dashboards.import``."""

    workspace_name: str
    import_dashboard_data: Any
    dashboard_id: NotRequired[Optional[str]]
    dashboard_name: NotRequired[Optional[str]]
    schema_pairs: NotRequired[Optional[List[SchemaPair]]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class SemanticLayerGetArgs(TypedDict):
    """Keyword arguments of ``semantic_layer.get``."""

    datamart_name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class SemanticLayerCreateArgs(TypedDict):
    """Keyword arguments of ``semantic_layer.create``."""

    datamart_name: str
    tables: List[SemanticTable]
    feedback: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class SemanticLayerUpdateArgs(TypedDict):
    """Keyword arguments of ``semantic_layer.update``."""

    datamart_name: str
    tables: List[SemanticTable]
    feedback: NotRequired[Optional[str]]
    extra_body: NotRequired[Dict[str, Any]]
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class SemanticLayerDeleteArgs(TypedDict):
    """Keyword arguments of ``semantic_layer.delete``."""

    datamart_name: str
    credential: NotRequired[Credential]
    legacy: NotRequired[bool]


class DataApps(Namespace):
    """``data_apps``: ``list``, ``create``, ``rename``, ``delete``."""

    def list(self, **request: Unpack[DataAppsListArgs]) -> SyncList[DataApp]:
        """``data_apps.list``: every item, page by page (lazily)."""

    def create(self, **request: Unpack[DataAppsCreateArgs]) -> DataAppName:
        """``data_apps.create``."""

    def rename(self, **request: Unpack[DataAppsRenameArgs]) -> DataAppName:
        """``data_apps.rename``."""

    def delete(self, **request: Unpack[DataAppsDeleteArgs]) -> DataAppName:
        """``data_apps.delete``."""


class ApiTokens(Namespace):
    """``api_tokens``: ``list``, ``rotate``."""

    def list(self, **request: Unpack[ApiTokensListArgs]) -> SyncList[ApiToken]:
        """``api_tokens.list``: every item, page by page (lazily)."""

    def rotate(self, **request: Unpack[ApiTokensRotateArgs]) -> ApiKey:
        """``api_tokens.rotate``."""


class Embeds(Namespace):
    """``embeds``: ``create``, ``update``, ``list``, ``delete``, ``rename``, ``export``, ``create_dashboard_embed``, ``list_reports``."""

    def create(self, **request: Unpack[EmbedsCreateArgs]) -> EmbedId:
        """``embeds.create``."""

    def update(self, **request: Unpack[EmbedsUpdateArgs]) -> EmbedId:
        """``embeds.update``."""

    def list(self, **request: Unpack[EmbedsListArgs]) -> SyncList[Embed]:
        """``embeds.list``: every item, page by page (lazily)."""

    def delete(self, **request: Unpack[EmbedsDeleteArgs]) -> EmbedId:
        """``embeds.delete``."""

    def rename(self, **request: Unpack[EmbedsRenameArgs]) -> NamedEmbed:
        """``embeds.rename``."""

    def export(self, **request: Unpack[EmbedsExportArgs]) -> JsonDocument:
        """``embeds.export``."""

    def create_dashboard_embed(self, **request: Unpack[EmbedsCreateDashboardEmbedArgs]) -> NamedEmbed:
        """``embeds.create_dashboard_embed``."""

    def list_reports(self, **request: Unpack[EmbedsListReportsArgs]) -> SyncList[Report]:
        """``embeds.list_reports``: every item, page by page (lazily)."""


class Dashboards(Namespace):
    """``dashboards``: ``list``, ``export``, ``import``."""

    def list(self, **request: Unpack[DashboardsListArgs]) -> SyncList[AppDashboard]:
        """``dashboards.list``: every item, page by page (lazily)."""

    def export(self, **request: Unpack[DashboardsExportArgs]) -> JsonDocument:
        """``dashboards.export``."""

    def import_(self, **request: Unpack[DashboardsImportArgs]) -> ImportResult:
        """``dashboards.import``."""


class Metrics(Namespace):
    """``metrics``: ``list``, ``query``."""

    def list(self, **request: Unpack[MetricsListArgs]) -> List[Metric]:
        """``metrics.list``."""

    def query(self, **request: Unpack[MetricsQueryArgs]) -> QueryResult:
        """``metrics.query``."""


class Workspaces(Namespace):
    """``workspaces``: ``list``, ``create``, ``update``, ``delete``, ``list_dashboards``, ``list_metrics``."""

    def list(self, **request: Unpack[WorkspacesListArgs]) -> SyncList[Workspace]:
        """``workspaces.list``: every item, page by page (lazily)."""

    def create(self, **request: Unpack[WorkspacesCreateArgs]) -> Workspace:
        """``workspaces.create``."""

    def update(self, **request: Unpack[WorkspacesUpdateArgs]) -> Workspace:
        """``workspaces.update``."""

    def delete(self, **request: Unpack[WorkspacesDeleteArgs]) -> DeletedWorkspace:
        """``workspaces.delete``."""

    def list_dashboards(self, **request: Unpack[WorkspacesListDashboardsArgs]) -> SyncList[WorkspaceDashboard]:
        """``workspaces.list_dashboards``: every item, page by page (lazily)."""

    def list_metrics(self, **request: Unpack[WorkspacesListMetricsArgs]) -> SyncList[WorkspaceMetric]:
        """``workspaces.list_metrics``: every item, page by page (lazily)."""


class Datamarts(Namespace):
    """``datamarts``: ``create``, ``update``, ``list``, ``delete``."""

    def create(self, **request: Unpack[DatamartsCreateArgs]) -> DatamartId:
        """``datamarts.create``."""

    def update(self, **request: Unpack[DatamartsUpdateArgs]) -> DatamartId:
        """``datamarts.update``."""

    def list(self, **request: Unpack[DatamartsListArgs]) -> SyncList[Datamart]:
        """``datamarts.list``: every item, page by page (lazily)."""

    def delete(self, **request: Unpack[DatamartsDeleteArgs]) -> DatamartId:
        """``datamarts.delete``."""


class SemanticLayer(Namespace):
    """``semantic_layer``: ``get``, ``create``, ``update``, ``delete``."""

    def get(self, **request: Unpack[SemanticLayerGetArgs]) -> DatamartSemanticLayer:
        """``semantic_layer.get``: The datamart's semantic layer (404 SEMANTIC_LAYER_NOT_FOUND when it has none)."""

    def create(self, **request: Unpack[SemanticLayerCreateArgs]) -> SemanticLayerId:
        """``semantic_layer.create``: Creates the datamart's semantic layer; only for a datamart without one (400 otherwise). Never re-sent once it may have reached Databrain."""

    def update(self, **request: Unpack[SemanticLayerUpdateArgs]) -> SemanticLayerId:
        """``semantic_layer.update``: A partial merge: tables and columns left out keep their values; listed ones are merged by name (only the fields sent change)."""

    def delete(self, **request: Unpack[SemanticLayerDeleteArgs]) -> SemanticLayerId:
        """``semantic_layer.delete``: Deletes the datamart's semantic layer (the datamart stays); cannot be undone."""


class AsyncDataApps(Namespace):
    """``data_apps``: ``list``, ``create``, ``rename``, ``delete``."""

    def list(self, **request: Unpack[DataAppsListArgs]) -> AsyncList[DataApp]:
        """``data_apps.list``: every item, page by page (lazily)."""

    async def create(self, **request: Unpack[DataAppsCreateArgs]) -> DataAppName:
        """``data_apps.create``."""

    async def rename(self, **request: Unpack[DataAppsRenameArgs]) -> DataAppName:
        """``data_apps.rename``."""

    async def delete(self, **request: Unpack[DataAppsDeleteArgs]) -> DataAppName:
        """``data_apps.delete``."""


class AsyncApiTokens(Namespace):
    """``api_tokens``: ``list``, ``rotate``."""

    def list(self, **request: Unpack[ApiTokensListArgs]) -> AsyncList[ApiToken]:
        """``api_tokens.list``: every item, page by page (lazily)."""

    async def rotate(self, **request: Unpack[ApiTokensRotateArgs]) -> ApiKey:
        """``api_tokens.rotate``."""


class AsyncEmbeds(Namespace):
    """``embeds``: ``create``, ``update``, ``list``, ``delete``, ``rename``, ``export``, ``create_dashboard_embed``, ``list_reports``."""

    async def create(self, **request: Unpack[EmbedsCreateArgs]) -> EmbedId:
        """``embeds.create``."""

    async def update(self, **request: Unpack[EmbedsUpdateArgs]) -> EmbedId:
        """``embeds.update``."""

    def list(self, **request: Unpack[EmbedsListArgs]) -> AsyncList[Embed]:
        """``embeds.list``: every item, page by page (lazily)."""

    async def delete(self, **request: Unpack[EmbedsDeleteArgs]) -> EmbedId:
        """``embeds.delete``."""

    async def rename(self, **request: Unpack[EmbedsRenameArgs]) -> NamedEmbed:
        """``embeds.rename``."""

    async def export(self, **request: Unpack[EmbedsExportArgs]) -> JsonDocument:
        """``embeds.export``."""

    async def create_dashboard_embed(self, **request: Unpack[EmbedsCreateDashboardEmbedArgs]) -> NamedEmbed:
        """``embeds.create_dashboard_embed``."""

    def list_reports(self, **request: Unpack[EmbedsListReportsArgs]) -> AsyncList[Report]:
        """``embeds.list_reports``: every item, page by page (lazily)."""


class AsyncDashboards(Namespace):
    """``dashboards``: ``list``, ``export``, ``import``."""

    def list(self, **request: Unpack[DashboardsListArgs]) -> AsyncList[AppDashboard]:
        """``dashboards.list``: every item, page by page (lazily)."""

    async def export(self, **request: Unpack[DashboardsExportArgs]) -> JsonDocument:
        """``dashboards.export``."""

    async def import_(self, **request: Unpack[DashboardsImportArgs]) -> ImportResult:
        """``dashboards.import``."""


class AsyncMetrics(Namespace):
    """``metrics``: ``list``, ``query``."""

    async def list(self, **request: Unpack[MetricsListArgs]) -> List[Metric]:
        """``metrics.list``."""

    async def query(self, **request: Unpack[MetricsQueryArgs]) -> QueryResult:
        """``metrics.query``."""


class AsyncWorkspaces(Namespace):
    """``workspaces``: ``list``, ``create``, ``update``, ``delete``, ``list_dashboards``, ``list_metrics``."""

    def list(self, **request: Unpack[WorkspacesListArgs]) -> AsyncList[Workspace]:
        """``workspaces.list``: every item, page by page (lazily)."""

    async def create(self, **request: Unpack[WorkspacesCreateArgs]) -> Workspace:
        """``workspaces.create``."""

    async def update(self, **request: Unpack[WorkspacesUpdateArgs]) -> Workspace:
        """``workspaces.update``."""

    async def delete(self, **request: Unpack[WorkspacesDeleteArgs]) -> DeletedWorkspace:
        """``workspaces.delete``."""

    def list_dashboards(self, **request: Unpack[WorkspacesListDashboardsArgs]) -> AsyncList[WorkspaceDashboard]:
        """``workspaces.list_dashboards``: every item, page by page (lazily)."""

    def list_metrics(self, **request: Unpack[WorkspacesListMetricsArgs]) -> AsyncList[WorkspaceMetric]:
        """``workspaces.list_metrics``: every item, page by page (lazily)."""


class AsyncDatamarts(Namespace):
    """``datamarts``: ``create``, ``update``, ``list``, ``delete``."""

    async def create(self, **request: Unpack[DatamartsCreateArgs]) -> DatamartId:
        """``datamarts.create``."""

    async def update(self, **request: Unpack[DatamartsUpdateArgs]) -> DatamartId:
        """``datamarts.update``."""

    def list(self, **request: Unpack[DatamartsListArgs]) -> AsyncList[Datamart]:
        """``datamarts.list``: every item, page by page (lazily)."""

    async def delete(self, **request: Unpack[DatamartsDeleteArgs]) -> DatamartId:
        """``datamarts.delete``."""


class AsyncSemanticLayer(Namespace):
    """``semantic_layer``: ``get``, ``create``, ``update``, ``delete``."""

    async def get(self, **request: Unpack[SemanticLayerGetArgs]) -> DatamartSemanticLayer:
        """``semantic_layer.get``: The datamart's semantic layer (404 SEMANTIC_LAYER_NOT_FOUND when it has none)."""

    async def create(self, **request: Unpack[SemanticLayerCreateArgs]) -> SemanticLayerId:
        """``semantic_layer.create``: Creates the datamart's semantic layer; only for a datamart without one (400 otherwise). Never re-sent once it may have reached Databrain."""

    async def update(self, **request: Unpack[SemanticLayerUpdateArgs]) -> SemanticLayerId:
        """``semantic_layer.update``: A partial merge: tables and columns left out keep their values; listed ones are merged by name (only the fields sent change)."""

    async def delete(self, **request: Unpack[SemanticLayerDeleteArgs]) -> SemanticLayerId:
        """``semantic_layer.delete``: Deletes the datamart's semantic layer (the datamart stays); cannot be undone."""


class Families:
    """The management namespaces of ``Databrain``, one property per family."""

    _native: _native.Client

    @property
    def data_apps(self) -> DataApps:
        """``list``, ``create``, ``rename``, ``delete``."""

    @property
    def api_tokens(self) -> ApiTokens:
        """``list``, ``rotate``."""

    @property
    def embeds(self) -> Embeds:
        """``create``, ``update``, ``list``, ``delete``, ``rename``, ``export``, ``create_dashboard_embed``, ``list_reports``."""

    @property
    def dashboards(self) -> Dashboards:
        """``list``, ``export``, ``import``."""

    @property
    def metrics(self) -> Metrics:
        """``list``, ``query``."""

    @property
    def workspaces(self) -> Workspaces:
        """``list``, ``create``, ``update``, ``delete``, ``list_dashboards``, ``list_metrics``."""

    @property
    def datamarts(self) -> Datamarts:
        """``create``, ``update``, ``list``, ``delete``."""

    @property
    def semantic_layer(self) -> SemanticLayer:
        """``get``, ``create``, ``update``, ``delete``."""


class AsyncFamilies:
    """The management namespaces of ``AsyncDatabrain``, one property per family."""

    _native: _native.Client

    @property
    def data_apps(self) -> AsyncDataApps:
        """``list``, ``create``, ``rename``, ``delete``."""

    @property
    def api_tokens(self) -> AsyncApiTokens:
        """``list``, ``rotate``."""

    @property
    def embeds(self) -> AsyncEmbeds:
        """``create``, ``update``, ``list``, ``delete``, ``rename``, ``export``, ``create_dashboard_embed``, ``list_reports``."""

    @property
    def dashboards(self) -> AsyncDashboards:
        """``list``, ``export``, ``import``."""

    @property
    def metrics(self) -> AsyncMetrics:
        """``list``, ``query``."""

    @property
    def workspaces(self) -> AsyncWorkspaces:
        """``list``, ``create``, ``update``, ``delete``, ``list_dashboards``, ``list_metrics``."""

    @property
    def datamarts(self) -> AsyncDatamarts:
        """``create``, ``update``, ``list``, ``delete``."""

    @property
    def semantic_layer(self) -> AsyncSemanticLayer:
        """``get``, ``create``, ``update``, ``delete``."""


NAMESPACES: tuple[type[Namespace], ...]
ASYNC_NAMESPACES: tuple[type[Namespace], ...]
