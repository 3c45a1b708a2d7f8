"""Request and response shapes for type checkers, generated from the core's models by ./scripts/gen-types: do not edit.

Keys are Databrain's documented (camelCase) spellings; snake_case is accepted at run time too.
Filter and column names inside ``values`` are your data and are never renamed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from ._typing_compat import NotRequired, TypeAlias, TypedDict


class Permissions(TypedDict):
    """
    What the embedded end user may do. Unset flags are left out of the body so Databrain's
    defaults apply; the loose-input parser rejects any other key (a typo here silently changes
    what an end user may do).
    """

    isDisableMetricCreation: NotRequired[Optional[bool]]
    """
    Disable metric creation.
    """
    isEnableArchiveMetrics: NotRequired[Optional[bool]]
    """
    Archive metrics.
    """
    isEnableCreateDashboardView: NotRequired[Optional[bool]]
    """
    Create dashboard views.
    """
    isEnableCustomizeLayout: NotRequired[Optional[bool]]
    """
    Customize the layout.
    """
    isEnableDownloadMetrics: NotRequired[Optional[bool]]
    """
    Download metrics.
    """
    isEnableManageMetrics: NotRequired[Optional[bool]]
    """
    Manage metrics.
    """
    isEnableMetricUpdation: NotRequired[Optional[bool]]
    """
    Update metrics.
    """
    isEnableUnderlyingData: NotRequired[Optional[bool]]
    """
    See underlying data.
    """
    isShowDashboardName: NotRequired[Optional[bool]]
    """
    Show the dashboard name.
    """
    isShowSideBar: NotRequired[Optional[bool]]
    """
    Show the sidebar.
    """


class ApiTokenRequest(TypedDict):
    """
    A new data-app API key. Not idempotent: the SDK never retries it once it may have reached
    Databrain, because a retry could mint a second key.
    """

    dataAppName: str
    """
    Must exactly match an existing data app.
    """
    name: str
    """
    A label for the key, e.g. "Production API Key".
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """
    legacyEndpoint: NotRequired[bool]
    """
    Send to the deprecated `/api/v2/dataApp/api-tokens` path.
    """


class DataAppEmbed(TypedDict):
    """
    One embed of a listed data app.
    """

    name: NotRequired[Optional[str]]
    """
    The embed's name.
    """
    embedId: str
    """
    The embed id guest tokens and the front-end component use.
    """
    createdAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """
    updatedAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """


class DataAppName(TypedDict):
    """
    `{name}`: the data app created, renamed (its new name) or deleted.
    """

    name: str
    """
    The name.
    """


class CreateDataApp(TypedDict):
    """
    `data_apps.create`.
    """

    name: str
    """
    The new data app's name.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class RenameDataApp(TypedDict):
    """
    `data_apps.rename`.
    """

    name: str
    """
    Its current name.
    """
    updateName: str
    """
    Its new name.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class DeleteDataApp(TypedDict):
    """
    `data_apps.delete`.
    """

    name: str
    """
    The data app to delete.
    """


class ApiToken(TypedDict):
    """
    One key of a data app, as listed.
    """

    key: str
    """
    The key itself.
    """
    name: NotRequired[Optional[str]]
    """
    Its label.
    """
    description: NotRequired[Optional[str]]
    """
    Its description.
    """
    createdAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """


class ApiKey(TypedDict):
    """
    `{key}`: a new key (shown once).
    """

    key: str
    """
    The key.
    """


class ListApiTokens(TypedDict):
    """
    `api_tokens.list`.
    """

    dataAppName: str
    """
    The data app whose keys to list.
    """


class RotateApiToken(TypedDict):
    """
    `api_tokens.rotate`.
    """

    key: NotRequired[Optional[str]]
    """
    The key to rotate: only in the older, service-token form (legacy option).
    """
    expireAt: Union[float, str]
    """
    Seconds during which the old key keeps working (0 = it stops at once): a number, or a
    numeric string.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class TableTenancy(TypedDict):
    """
    `tableTenancySettings[]`: the tenant column of one table.
    """

    name: str
    """
    The table.
    """
    clientColumn: str
    """
    Its column holding the tenant (client) id.
    """


class DeleteEmbed(TypedDict):
    """
    `embeds.delete`.
    """

    embedId: str
    """
    The embed.
    """
    isDeleteDashboard: NotRequired[Optional[bool]]
    """
    Also delete its dashboard.
    """


class RenameEmbed(TypedDict):
    """
    `embeds.rename`.
    """

    embedId: str
    """
    The embed.
    """
    name: str
    """
    Its new name.
    """
    isRenameDashboard: NotRequired[Optional[bool]]
    """
    Rename its dashboard too.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class ExportEmbed(TypedDict):
    """
    `embeds.export` (and anything else naming only an embed).
    """

    embedId: str
    """
    The embed.
    """


class ListReports(TypedDict):
    """
    `embeds.list_reports`.
    """

    embedId: str
    """
    The embed.
    """
    clientId: str
    """
    The tenant whose reports to list.
    """


class EmbedId(TypedDict):
    """
    `{id}` (`{id, error: null}` on create): the embed acted on.
    """

    id: str
    """
    The embed id.
    """


class NamedEmbed(TypedDict):
    """
    `{id, name}`: a renamed embed, or a new per-tenant dashboard embed.
    """

    id: str
    """
    The embed id.
    """
    name: str
    """
    Its name.
    """


class ExternalDashboard(TypedDict):
    """
    `externalDashboard` of a listed embed.
    """

    externalDashboardId: NotRequired[Optional[str]]
    """
    The dashboard id.
    """
    name: NotRequired[Optional[str]]
    """
    Its name.
    """
    metadata: NotRequired[Any]
    """
    Its metadata.
    """


class TimeConfiguration(TypedDict):
    """
    `timeConfigurations` of a report.
    """

    frequency: NotRequired[Optional[str]]
    """
    `DAILY`, `WEEKLY`, `MONTHLY`, ...
    """
    day: NotRequired[Any]
    """
    The day (a weekday name or a day of the month), when the frequency needs one.
    """
    time: NotRequired[Optional[str]]
    """
    `HH:MM`.
    """
    timezone: NotRequired[Optional[str]]
    """
    IANA time zone.
    """


class ListDashboards(TypedDict):
    """
    `dashboards.list`.
    """

    dashboardNames: NotRequired[Optional[List[str]]]
    """
    Only dashboards with these names.
    """


class AppDashboard(TypedDict):
    """
    A dashboard of the data app (one per embed).
    """

    name: str
    """
    Its name.
    """
    externalDashboardId: str
    """
    The dashboard id.
    """
    embedId: NotRequired[Optional[str]]
    """
    The embed that shows it.
    """


class ListMetrics(TypedDict):
    """
    `metrics.list`.
    """

    embedId: str
    """
    The embed.
    """
    clientId: str
    """
    The tenant (its private metrics are included).
    """
    isMetric: NotRequired[Optional[bool]]
    """
    Whether the embed is a metric embed (must agree with it when given).
    """


class Metric(TypedDict):
    """
    A metric of an embed.
    """

    name: str
    """
    Its name.
    """
    metricId: str
    """
    Its id.
    """
    isPublished: NotRequired[Optional[bool]]
    """
    Whether it is published.
    """
    createdByUser: NotRequired[Optional[str]]
    """
    Who created it.
    """


class QueryMetric(TypedDict):
    """
    `metrics.query`.
    """

    embedId: str
    """
    The embed.
    """
    metricId: str
    """
    The metric.
    """
    clientId: str
    """
    The tenant.
    """
    dashboardFilter: NotRequired[Optional[Dict[str, Any]]]
    """
    Column → value, list of values, `{min, max}` or `{startDate, endDate}`.
    """
    metricFilter: NotRequired[Optional[Dict[str, Any]]]
    """
    As `dashboard_filter`, for the metric alone.
    """
    datasourceName: NotRequired[Optional[str]]
    """
    The datasource, for a workspace with several.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class QueryColumn(TypedDict):
    """
    One column of a query result.
    """

    name: str
    """
    Its name.
    """
    dataType: NotRequired[Optional[str]]
    """
    Its type (`string`, `number`, ...).
    """


class ExportDashboard(TypedDict):
    """
    `dashboards.export`.
    """

    dashboardId: str
    """
    The dashboard.
    """
    workspaceName: str
    """
    Its workspace.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class SchemaPair(TypedDict):
    """
    `schemaPairs[]` of an import: `replaceSchema.` becomes `targetSchema.` in metric SQL.
    """

    replaceSchema: str
    """
    The schema in the document.
    """
    targetSchema: str
    """
    The schema to use instead.
    """


class ImportedDashboard(TypedDict):
    """
    The dashboard an import created.
    """

    message: NotRequired[Optional[str]]
    """
    Databrain's message.
    """
    dashboardId: str
    """
    The new dashboard's id.
    """
    dashboardName: NotRequired[Optional[str]]
    """
    Its name.
    """
    workspaceName: NotRequired[Optional[str]]
    """
    Its workspace.
    """


class Workspace(TypedDict):
    """
    A workspace (`{name}`).
    """

    name: str
    """
    Its name.
    """


class WorkspaceRequest(TypedDict):
    """
    `workspaces.create` / `workspaces.update`.
    """

    name: str
    """
    The workspace's name (an update names the workspace to repoint).
    """
    connectionType: Literal['DATASOURCE', 'DATAMART', 'MULTI_DATASOURCE', 'MULTI_DATAMART']
    """
    One of [`CONNECTION_TYPES`].
    """
    datasourceName: NotRequired[Optional[str]]
    """
    Required for `DATASOURCE`.
    """
    datamartName: NotRequired[Optional[str]]
    """
    Required for `DATAMART`.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class DeleteWorkspace(TypedDict):
    """
    `workspaces.delete`.
    """

    name: str
    """
    The workspace.
    """


class DeletedWorkspace(TypedDict):
    """
    `{id, message}` of a deleted workspace.
    """

    id: str
    """
    Its id.
    """
    message: NotRequired[Optional[str]]
    """
    Databrain's message.
    """


class WorkspaceDashboards(TypedDict):
    """
    `workspaces.list_dashboards`.
    """

    workspaceName: str
    """
    The workspace.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class WorkspaceMetrics(TypedDict):
    """
    `workspaces.list_metrics`.
    """

    workspaceName: str
    """
    The workspace.
    """
    dashboardId: NotRequired[Optional[str]]
    """
    Only this dashboard's metrics.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class WorkspaceDashboard(TypedDict):
    """
    A dashboard of a workspace.
    """

    name: str
    """
    Its name.
    """
    externalDashboardId: str
    """
    Its id.
    """


class WorkspaceMetric(TypedDict):
    """
    A metric of a workspace.
    """

    name: str
    """
    Its name.
    """
    metricId: str
    """
    Its id.
    """


class DatamartColumn(TypedDict):
    """
    A column of a datamart table.
    """

    name: str
    """
    The column.
    """
    alias: NotRequired[Optional[str]]
    """
    Its alias.
    """
    label: NotRequired[Optional[str]]
    """
    Its label.
    """
    isHide: NotRequired[Optional[bool]]
    """
    Hidden from tenants.
    """


class DeleteDatamart(TypedDict):
    """
    `datamarts.delete`.
    """

    datamartName: str
    """
    The datamart.
    """


class DatamartId(TypedDict):
    """
    `{id}` of a datamart created, updated or deleted.
    """

    id: str
    """
    Its id.
    """


class Datamart(TypedDict):
    """
    A datamart as listed.
    """

    id: NotRequired[Optional[str]]
    """
    Its id (not in the documented list shape; the mock sends it, as `create` answers it).
    """
    name: str
    """
    Its name.
    """
    datamartOrganization: NotRequired[Any]
    """
    The organisation.
    """
    companyIntegration: NotRequired[Any]
    """
    The datasource (`{name}`).
    """
    datamartTables: NotRequired[List[Any]]
    """
    Its tables.
    """
    datamartRelationships: NotRequired[List[Any]]
    """
    Its relationships.
    """
    tenancySettings: NotRequired[Any]
    """
    Its tenancy settings as created (not in the documented list shape; the mock sends them).
    """


class GetSemanticLayer(TypedDict):
    """
    `semantic_layer.get`.
    """

    datamartName: str
    """
    The datamart.
    """


class SemanticColumn(TypedDict):
    """
    A column's description and synonyms, as sent on create and update.
    """

    name: str
    """
    The column.
    """
    description: NotRequired[Optional[str]]
    """
    What it holds, for the AI features.
    """
    synonyms: NotRequired[Optional[List[str]]]
    """
    Other names for it (at most 10).
    """
    columnType: NotRequired[Optional[str]]
    """
    `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON` (others may come).
    """
    isIdentifier: NotRequired[Optional[bool]]
    """
    It identifies a row.
    """


class DeleteSemanticLayer(TypedDict):
    """
    `semantic_layer.delete`.
    """

    datamartName: str
    """
    The datamart.
    """


class SemanticLayerId(TypedDict):
    """
    `{id}`: the datamart whose layer was created, updated or deleted (its name).
    """

    id: str
    """
    The datamart's name.
    """


class SemanticLayerColumn(TypedDict):
    """
    A column of a semantic layer's table.
    """

    name: str
    """
    The column.
    """
    datatype: NotRequired[Optional[str]]
    """
    Its data type in the datasource.
    """
    description: NotRequired[Optional[str]]
    """
    Its description.
    """
    synonyms: NotRequired[List[str]]
    """
    Its synonyms.
    """
    miscellaneousInfo: NotRequired[Any]
    """
    Anything else Databrain keeps about it.
    """
    columnType: NotRequired[Optional[str]]
    """
    `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON`, ...
    """
    columnTypeConfig: NotRequired[Any]
    """
    A value → description map (ENUM, String), `{lowerLimit, upperLimit}` (Range) or a
    string (Expression, JSON).
    """
    isIdentifier: NotRequired[Optional[bool]]
    """
    It identifies a row.
    """
    isNotIndexed: NotRequired[Optional[bool]]
    """
    Left out of the search index.
    """


class NoInput(TypedDict):
    """
    A request without fields (plain lists).
    """


class SqlFilterValue(TypedDict):
    """
    `{"sql": "SELECT …", "columnName": "name"}`.
    """

    columnName: str
    """
    The column of the query's result to use.
    """
    sql: str
    """
    The query that yields the allowed values.
    """


class DateRangeFilterValue(TypedDict):
    """
    `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` — dashboard filters only.
    """

    endDate: str
    """
    Last day (inclusive); not before startDate.
    """
    startDate: str
    """
    First day (inclusive).
    """


class NumberRangeFilterValue(TypedDict):
    """
    `{"min": 1000, "max": 5000}` — dashboard filters only.
    """

    max: float
    """
    Upper bound; not less than `min`.
    """
    min: float
    """
    Lower bound.
    """


JsonDocument: TypeAlias = Dict[str, Any]
"""
An exported document (a JSON object; its keys are Databrain's).
"""


Credential: TypeAlias = Literal['apiKey', 'serviceToken']
"""
The credential a management call is authorised with, instead of the one its row documents.
"""


ErrorCode: TypeAlias = Literal['VALIDATION_ERROR', 'CONFIGURATION_ERROR', 'TIMEOUT', 'CONNECTION_ERROR', 'DECODE_ERROR', 'API_ERROR', 'AUTHENTICATION_ERROR', 'EXPIRED_TOKEN', 'INVALID_REQUEST_BODY', 'CLIENT_ID_ERROR', 'DASHBOARD_PARAM_ERROR', 'APP_FILTER_PARAM_ERROR', 'RLS_SETTINGS_PARAM_ERROR', 'DATA_APP_NOT_FOUND', 'DATA_APP_ID_ERROR', 'WORKSPACE_ID_ERROR', 'INVALID_PERMISSIONS', 'RATE_LIMIT_EXCEEDED', 'INTERNAL_SERVER_ERROR']
"""
The codes an error's code is documented to take (a server may send others; compare against these).
"""


FilterValue: TypeAlias = Union[
    bool,
    float,
    str,
    List[str],
    SqlFilterValue,
    DateRangeFilterValue,
    NumberRangeFilterValue,
]
"""
One filter's value. Booleans and numbers only in appFilters and rlsSettings, ranges only in dashboardAppFilters; strings, string lists and SQL objects in every list.
"""


class DashboardAppFilter(TypedDict):
    """
    A dashboard-level filter.
    """

    dashboardId: str
    """
    The dashboard this filter applies to.
    """
    isShowOnUrl: NotRequired[Optional[bool]]
    """
    false keeps the values out of the embed URL; left out, Databrain's default (true) applies.
    """
    values: Dict[str, FilterValue]
    """
    Filter name → value.
    """


class RlsSetting(TypedDict):
    """
    A row-level-security setting; `metricId` may be absent (applies to every metric).
    """

    metricId: NotRequired[Optional[str]]
    """
    The metric it applies to; left out, every metric.
    """
    values: Dict[str, FilterValue]
    """
    Column name → value.
    """


class DataApp(TypedDict):
    """
    A data app as listed.
    """

    name: str
    """
    Its name (what guest tokens and API keys name).
    """
    type: NotRequired[Optional[str]]
    """
    `"embedded"`.
    """
    createdAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """
    updatedAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """
    embedCount: NotRequired[Optional[int]]
    """
    How many embeds it has.
    """
    embeds: NotRequired[List[DataAppEmbed]]
    """
    Its embeds.
    """


class AccessSettings(TypedDict):
    """
    What a tenant may do in an embed and which datamart tables it sees.
    """

    datamartName: NotRequired[Optional[str]]
    """
    The datamart the embed reads (required on create).
    """
    isAllowAiPilot: NotRequired[Optional[bool]]
    """
    Allow the AI pilot.
    """
    isAllowEmailReports: NotRequired[Optional[bool]]
    """
    Allow e-mail reports.
    """
    isAllowManageMetrics: NotRequired[Optional[bool]]
    """
    Allow managing metrics.
    """
    isAllowCreateDashboardView: NotRequired[Optional[bool]]
    """
    Allow creating dashboard views.
    """
    isAllowMetricCreation: NotRequired[Optional[bool]]
    """
    Allow creating metrics.
    """
    isAllowMetricDeletion: NotRequired[Optional[bool]]
    """
    Allow deleting metrics.
    """
    isAllowMetricLayoutChange: NotRequired[Optional[bool]]
    """
    Allow changing the metric layout.
    """
    isAllowMetricUpdate: NotRequired[Optional[bool]]
    """
    Allow updating metrics.
    """
    isAllowUnderlyingData: NotRequired[Optional[bool]]
    """
    Allow viewing underlying data.
    """
    joinModel: NotRequired[Literal['single', 'multi']]
    """
    `"single"` or `"multi"`.
    """
    metricCreationMode: NotRequired[Literal['DRAG_DROP', 'CHAT']]
    """
    `"DRAG_DROP"` or `"CHAT"`.
    """
    tableTenancySettings: NotRequired[Optional[List[TableTenancy]]]
    """
    Which column of each table holds the tenant id.
    """


class UpdateEmbed(TypedDict):
    """
    `embeds.update`.
    """

    embedId: str
    """
    The embed.
    """
    accessSettings: AccessSettings
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class CreateDashboardEmbed(TypedDict):
    """
    `embeds.create_dashboard_embed`.
    """

    dashboardId: str
    """
    The new per-tenant dashboard's id (must not exist yet).
    """
    workspaceName: str
    """
    The workspace it goes in.
    """
    clientId: str
    """
    The tenant it is for.
    """
    templateDashboardId: NotRequired[Optional[str]]
    """
    A dashboard of the same workspace to copy.
    """
    name: NotRequired[Optional[str]]
    """
    Its name.
    """
    embedDescription: NotRequired[Optional[str]]
    """
    The embed's description.
    """
    isAllowPrivateMetricsByDefault: NotRequired[Optional[bool]]
    """
    New metrics are private to the tenant by default.
    """
    metadata: NotRequired[Optional[Dict[str, Any]]]
    """
    Free-form metadata.
    """
    accessSettings: AccessSettings
    isImportMetrics: NotRequired[Optional[bool]]
    """
    Import the template's (or the imported dashboard's) metrics.
    """
    isRenameDashboard: NotRequired[Optional[bool]]
    """
    Rename the dashboard to `name`.
    """
    metricImportMode: NotRequired[Optional[str]]
    """
    How metrics are imported (e.g. `"GALLERY"`).
    """
    importDashboardData: NotRequired[Any]
    """
    The JSON document an export returned (an object, or its JSON text), passed through as is.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class Embed(TypedDict):
    """
    An embed as listed.
    """

    embedId: str
    """
    The embed id.
    """
    embedType: NotRequired[Optional[str]]
    """
    `"dashboard"` or `"metric"`.
    """
    name: NotRequired[Optional[str]]
    """
    Its name.
    """
    externalDashboard: NotRequired[Optional[ExternalDashboard]]
    """
    The dashboard it shows.
    """
    externalMetric: NotRequired[Any]
    """
    The metric it shows (metric embeds).
    """
    embedMetadata: NotRequired[Any]
    """
    Workspace, access settings, client, timestamps, ...
    """


class Report(TypedDict):
    """
    A scheduled e-mail report.
    """

    id: str
    """
    The report id.
    """
    subject: NotRequired[Optional[str]]
    """
    The e-mail subject.
    """
    scheduleEmailReportCharts: NotRequired[List[Any]]
    """
    The charts it sends.
    """
    timeConfigurations: NotRequired[Optional[TimeConfiguration]]
    """
    When it is sent.
    """
    createdAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """
    updatedAt: NotRequired[Optional[str]]
    """
    ISO timestamp.
    """
    clientId: NotRequired[Optional[str]]
    """
    The tenant.
    """
    embedId: NotRequired[Optional[str]]
    """
    The embed.
    """
    createdByIdentifier: NotRequired[Optional[str]]
    """
    Who created it (null when unknown).
    """


class QueryMetaData(TypedDict):
    """
    `metaData` of a query result.
    """

    columns: NotRequired[List[QueryColumn]]
    """
    The result's columns.
    """
    groupbyColumnList: NotRequired[List[str]]
    """
    The columns grouped by.
    """


class ImportDashboard(TypedDict):
    """
    `dashboards.import`.
    """

    workspaceName: str
    """
    The workspace to import into.
    """
    importDashboardData: Any
    """
    An exported `{_meta, data}` document (or its JSON text).
    """
    dashboardId: NotRequired[Optional[str]]
    """
    The new dashboard's id (default: the document's, made unique).
    """
    dashboardName: NotRequired[Optional[str]]
    """
    The new dashboard's name (default: the document's).
    """
    schemaPairs: NotRequired[Optional[List[SchemaPair]]]
    """
    Schema renames for the metrics' SQL.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class ImportResult1(TypedDict):
    """
    The current answer.
    """

    response: ImportedDashboard


ImportResult: TypeAlias = Union[ImportResult1, List[Any]]
"""
`data` of an import: `{response: {...}}`, or `[]` from older servers.
"""


class DatamartTable(TypedDict):
    """
    A table of a datamart.
    """

    schemaName: NotRequired[Optional[str]]
    """
    Its schema.
    """
    name: str
    """
    The table.
    """
    clientColumn: NotRequired[Optional[str]]
    """
    Its column holding the tenant id.
    """
    label: NotRequired[Optional[str]]
    """
    Its label.
    """
    isHide: NotRequired[Optional[bool]]
    """
    Hidden from tenants.
    """
    columns: NotRequired[Optional[List[DatamartColumn]]]
    """
    The columns it exposes (default: all).
    """


class UpdateDatamart(TypedDict):
    """
    `datamarts.update`.
    """

    datamartName: str
    """
    The datamart.
    """
    tableList: List[DatamartTable]
    """
    Its new tables.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class SemanticTable(TypedDict):
    """
    A table's description, synonyms and columns, as sent on create and update.
    """

    name: str
    """
    The table.
    """
    description: NotRequired[Optional[str]]
    """
    What it holds, for the AI features.
    """
    synonyms: NotRequired[Optional[List[str]]]
    """
    Other names for it (at most 10).
    """
    columns: NotRequired[List[SemanticColumn]]
    """
    Its columns (on update, the ones to merge; the others keep their values).
    """


class UpdateSemanticLayer(TypedDict):
    """
    `semantic_layer.update`: a partial merge — tables and columns left out keep their values;
    listed ones are merged by name (only the fields sent change).
    """

    datamartName: str
    """
    The datamart.
    """
    tables: List[SemanticTable]
    """
    The tables to merge, by name.
    """
    feedback: NotRequired[Optional[str]]
    """
    New feedback (left out: unchanged).
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class SemanticLayerTable(TypedDict):
    """
    A table of a semantic layer.
    """

    name: str
    """
    The table.
    """
    schemaName: NotRequired[Optional[str]]
    """
    Its schema.
    """
    description: NotRequired[Optional[str]]
    """
    Its description.
    """
    synonyms: NotRequired[List[str]]
    """
    Its synonyms.
    """
    miscellaneousInfo: NotRequired[Any]
    """
    Anything else Databrain keeps about it.
    """
    columns: NotRequired[List[SemanticLayerColumn]]
    """
    Its columns.
    """


class AppFilter(TypedDict):
    """
    A metric-level filter, invisible to the end user.
    """

    metricId: str
    """
    The metric this filter applies to.
    """
    values: Dict[str, FilterValue]
    """
    Column name → value.
    """


class CreateEmbed(TypedDict):
    """
    `embeds.create`.
    """

    dashboardId: str
    """
    The dashboard to embed (or whose metric to embed).
    """
    embedType: Literal['dashboard', 'metric']
    """
    `"dashboard"` or `"metric"`.
    """
    metricId: NotRequired[Optional[str]]
    """
    The metric, for a metric embed.
    """
    workspaceName: str
    """
    The dashboard's workspace.
    """
    name: NotRequired[Optional[str]]
    """
    A name (default: the dashboard's or metric's).
    """
    accessSettings: AccessSettings
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class QueryResult(TypedDict):
    """
    A metric's result.
    """

    data: List[Any]
    """
    The rows.
    """
    timeTaken: NotRequired[Any]
    """
    Milliseconds the query took.
    """
    totalRecords: NotRequired[Optional[int]]
    """
    Rows in the result.
    """
    comparisonValue: NotRequired[Any]
    """
    The comparison value, when the metric has one.
    """
    metaData: NotRequired[Optional[QueryMetaData]]
    """
    The columns and group-by columns.
    """
    metricid: NotRequired[Optional[str]]
    """
    The metric (spelled `metricid` on the wire).
    """


class CreateDatamart(TypedDict):
    """
    `datamarts.create`.
    """

    name: str
    """
    The new datamart's name.
    """
    datasourceName: str
    """
    The datasource it reads.
    """
    tableList: List[DatamartTable]
    """
    Its tables (at least one).
    """
    tenancySettings: NotRequired[Optional[Dict[str, Any]]]
    """
    `{tenancyLevel: TABLE|DATABASE, clientColumnType: NUMBER|STRING, ...}`.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class CreateSemanticLayer(TypedDict):
    """
    `semantic_layer.create`: a datamart's first semantic layer.
    """

    datamartName: str
    """
    The datamart (it must not have a semantic layer yet).
    """
    tables: List[SemanticTable]
    """
    Its tables' descriptions and synonyms.
    """
    feedback: NotRequired[Optional[str]]
    """
    Free-text feedback for the AI features.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class DatamartSemanticLayer(TypedDict):
    """
    A datamart's semantic layer, as `get` answers it.
    """

    datamartName: str
    """
    The datamart.
    """
    tables: NotRequired[List[SemanticLayerTable]]
    """
    Its tables.
    """
    feedback: NotRequired[Optional[str]]
    """
    Free-text feedback.
    """
    completionScore: NotRequired[Optional[float]]
    """
    How complete the descriptions are (a score).
    """
    lastUpdated: NotRequired[Optional[str]]
    """
    ISO timestamp of the last change.
    """


class GuestTokenParams(TypedDict):
    """
    The `params` object of a guest token.
    """

    allowedEmbeds: NotRequired[Optional[List[str]]]
    """
    Embed ids this token may open.
    """
    appFilters: NotRequired[Optional[List[AppFilter]]]
    """
    Metric-level filters, invisible to the end user.
    """
    dashboardAppFilters: NotRequired[Optional[List[DashboardAppFilter]]]
    """
    Dashboard-level filters.
    """
    hideDashboardFilters: NotRequired[Optional[List[str]]]
    """
    Filter names to hide in the embed's UI.
    """
    rlsSettings: NotRequired[Optional[List[RlsSetting]]]
    """
    Row-level-security values.
    """
    timezone: NotRequired[Optional[str]]
    """
    IANA time zone name, e.g. `America/New_York`.
    """
    userIdentifier: NotRequired[Optional[str]]
    """
    Enables private metrics for this end user.
    """


class GuestTokenRequest(TypedDict):
    """
    Everything a guest token can carry. Only clientId and dataAppName are required.
    """

    clientId: str
    """
    The end user's id in your system; Databrain applies row-level security with it.
    """
    dataAppName: str
    """
    Name of an existing data app.
    """
    datasourceName: NotRequired[Optional[str]]
    """
    Needed only when the data app has several datasources.
    """
    expiryTime: NotRequired[Optional[int]]
    """
    Token lifetime in milliseconds from now (a positive integer); left out, the token never expires.
    """
    params: NotRequired[Optional[GuestTokenParams]]
    """
    Filters, RLS settings and embed options.
    """
    permissions: NotRequired[Optional[Permissions]]
    """
    What the end user may do; unset flags keep Databrain's defaults.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class DatabrainTypes(TypedDict):
    """
    An index of the generated types (every definition is reachable from it, so each generator emits all of them).
    """

    guestTokenRequest: NotRequired[GuestTokenRequest]
    apiTokenRequest: NotRequired[ApiTokenRequest]
    errorCode: NotRequired[ErrorCode]
    dataApp: NotRequired[DataApp]
    dataAppName: NotRequired[DataAppName]
    createDataApp: NotRequired[CreateDataApp]
    renameDataApp: NotRequired[RenameDataApp]
    deleteDataApp: NotRequired[DeleteDataApp]
    apiToken: NotRequired[ApiToken]
    apiKey: NotRequired[ApiKey]
    listApiTokens: NotRequired[ListApiTokens]
    rotateApiToken: NotRequired[RotateApiToken]
    createEmbed: NotRequired[CreateEmbed]
    updateEmbed: NotRequired[UpdateEmbed]
    deleteEmbed: NotRequired[DeleteEmbed]
    renameEmbed: NotRequired[RenameEmbed]
    exportEmbed: NotRequired[ExportEmbed]
    createDashboardEmbed: NotRequired[CreateDashboardEmbed]
    listReports: NotRequired[ListReports]
    embedId: NotRequired[EmbedId]
    namedEmbed: NotRequired[NamedEmbed]
    embed: NotRequired[Embed]
    report: NotRequired[Report]
    listDashboards: NotRequired[ListDashboards]
    appDashboard: NotRequired[AppDashboard]
    listMetrics: NotRequired[ListMetrics]
    metric: NotRequired[Metric]
    queryMetric: NotRequired[QueryMetric]
    queryResult: NotRequired[QueryResult]
    exportDashboard: NotRequired[ExportDashboard]
    importDashboard: NotRequired[ImportDashboard]
    importResult: NotRequired[ImportResult]
    workspace: NotRequired[Workspace]
    workspaceRequest: NotRequired[WorkspaceRequest]
    deleteWorkspace: NotRequired[DeleteWorkspace]
    deletedWorkspace: NotRequired[DeletedWorkspace]
    workspaceDashboards: NotRequired[WorkspaceDashboards]
    workspaceMetrics: NotRequired[WorkspaceMetrics]
    workspaceDashboard: NotRequired[WorkspaceDashboard]
    workspaceMetric: NotRequired[WorkspaceMetric]
    createDatamart: NotRequired[CreateDatamart]
    updateDatamart: NotRequired[UpdateDatamart]
    deleteDatamart: NotRequired[DeleteDatamart]
    datamartId: NotRequired[DatamartId]
    datamart: NotRequired[Datamart]
    getSemanticLayer: NotRequired[GetSemanticLayer]
    createSemanticLayer: NotRequired[CreateSemanticLayer]
    updateSemanticLayer: NotRequired[UpdateSemanticLayer]
    deleteSemanticLayer: NotRequired[DeleteSemanticLayer]
    semanticLayerId: NotRequired[SemanticLayerId]
    datamartSemanticLayer: NotRequired[DatamartSemanticLayer]
    noInput: NotRequired[NoInput]
    jsonDocument: NotRequired[JsonDocument]
    credential: NotRequired[Credential]
