// Request and response shapes, generated from the core's models by ./scripts/gen-types: do not edit.
// Keys are Databrain's documented (camelCase) spellings; column names in `values` are yours.

/**
 * One filter's value. Booleans and numbers only in appFilters and rlsSettings, ranges only in dashboardAppFilters; strings, string lists and SQL objects in every list.
 */
export type FilterValue =
  boolean | number | string | string[] | SqlFilterValue | DateRangeFilterValue | NumberRangeFilterValue;
/**
 * The codes an error's code is documented to take (a server may send others; compare against these).
 */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "CONFIGURATION_ERROR"
  | "TIMEOUT"
  | "CONNECTION_ERROR"
  | "DECODE_ERROR"
  | "API_ERROR"
  | "AUTHENTICATION_ERROR"
  | "EXPIRED_TOKEN"
  | "INVALID_REQUEST_BODY"
  | "CLIENT_ID_ERROR"
  | "DASHBOARD_PARAM_ERROR"
  | "APP_FILTER_PARAM_ERROR"
  | "RLS_SETTINGS_PARAM_ERROR"
  | "DATA_APP_NOT_FOUND"
  | "DATA_APP_ID_ERROR"
  | "WORKSPACE_ID_ERROR"
  | "INVALID_PERMISSIONS"
  | "RATE_LIMIT_EXCEEDED"
  | "INTERNAL_SERVER_ERROR";
/**
 * `data` of an import: `{response: {...}}`, or `[]` from older servers.
 */
export type ImportResult =
  | {
      response: ImportedDashboard;
    }
  | unknown[];
/**
 * The credential a management call is authorised with, instead of the one its row documents.
 */
export type Credential = "apiKey" | "serviceToken";

/**
 * An index of the generated types (every definition is reachable from it, so each generator emits all of them).
 */
export interface DatabrainTypes {
  guestTokenRequest?: GuestTokenRequest;
  apiTokenRequest?: ApiTokenRequest;
  errorCode?: ErrorCode;
  dataApp?: DataApp;
  dataAppName?: DataAppName;
  createDataApp?: CreateDataApp;
  renameDataApp?: RenameDataApp;
  deleteDataApp?: DeleteDataApp;
  apiToken?: ApiToken;
  apiKey?: ApiKey;
  listApiTokens?: ListApiTokens;
  rotateApiToken?: RotateApiToken;
  createEmbed?: CreateEmbed;
  updateEmbed?: UpdateEmbed;
  deleteEmbed?: DeleteEmbed;
  renameEmbed?: RenameEmbed;
  exportEmbed?: ExportEmbed;
  createDashboardEmbed?: CreateDashboardEmbed;
  listReports?: ListReports;
  embedId?: EmbedId;
  namedEmbed?: NamedEmbed;
  embed?: Embed;
  report?: Report;
  listDashboards?: ListDashboards;
  appDashboard?: AppDashboard;
  listMetrics?: ListMetrics;
  metric?: Metric;
  queryMetric?: QueryMetric;
  queryResult?: QueryResult;
  exportDashboard?: ExportDashboard;
  importDashboard?: ImportDashboard;
  importResult?: ImportResult;
  workspace?: Workspace;
  workspaceRequest?: WorkspaceRequest;
  deleteWorkspace?: DeleteWorkspace;
  deletedWorkspace?: DeletedWorkspace;
  workspaceDashboards?: WorkspaceDashboards;
  workspaceMetrics?: WorkspaceMetrics;
  workspaceDashboard?: WorkspaceDashboard;
  workspaceMetric?: WorkspaceMetric;
  createDatamart?: CreateDatamart;
  updateDatamart?: UpdateDatamart;
  deleteDatamart?: DeleteDatamart;
  datamartId?: DatamartId;
  datamart?: Datamart;
  getSemanticLayer?: GetSemanticLayer;
  createSemanticLayer?: CreateSemanticLayer;
  updateSemanticLayer?: UpdateSemanticLayer;
  deleteSemanticLayer?: DeleteSemanticLayer;
  semanticLayerId?: SemanticLayerId;
  datamartSemanticLayer?: DatamartSemanticLayer;
  noInput?: NoInput;
  jsonDocument?: JsonDocument;
  credential?: Credential;
}
/**
 * Everything a guest token can carry. Only clientId and dataAppName are required.
 */
export interface GuestTokenRequest {
  /**
   * The end user's id in your system; Databrain applies row-level security with it.
   */
  clientId: string;
  /**
   * Name of an existing data app.
   */
  dataAppName: string;
  /**
   * Needed only when the data app has several datasources.
   */
  datasourceName?: string | null;
  /**
   * Token lifetime in milliseconds from now (a positive integer); left out, the token never expires.
   */
  expiryTime?: number | null;
  /**
   * Filters, RLS settings and embed options.
   */
  params?: GuestTokenParams | null;
  /**
   * What the end user may do; unset flags keep Databrain's defaults.
   */
  permissions?: Permissions | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * The `params` object of a guest token.
 */
export interface GuestTokenParams {
  /**
   * Embed ids this token may open.
   */
  allowedEmbeds?: string[] | null;
  /**
   * Metric-level filters, invisible to the end user.
   */
  appFilters?: AppFilter[] | null;
  /**
   * Dashboard-level filters.
   */
  dashboardAppFilters?: DashboardAppFilter[] | null;
  /**
   * Filter names to hide in the embed's UI.
   */
  hideDashboardFilters?: string[] | null;
  /**
   * Row-level-security values.
   */
  rlsSettings?: RlsSetting[] | null;
  /**
   * IANA time zone name, e.g. `America/New_York`.
   */
  timezone?: string | null;
  /**
   * Enables private metrics for this end user.
   */
  userIdentifier?: string | null;
}
/**
 * A metric-level filter, invisible to the end user.
 */
export interface AppFilter {
  /**
   * The metric this filter applies to.
   */
  metricId: string;
  /**
   * Column name → value.
   */
  values: {
    [k: string]: FilterValue;
  };
}
/**
 * `{"sql": "SELECT …", "columnName": "name"}`.
 */
export interface SqlFilterValue {
  /**
   * The column of the query's result to use.
   */
  columnName: string;
  /**
   * The query that yields the allowed values.
   */
  sql: string;
}
/**
 * `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` — dashboard filters only.
 */
export interface DateRangeFilterValue {
  /**
   * Last day (inclusive); not before startDate.
   */
  endDate: string;
  /**
   * First day (inclusive).
   */
  startDate: string;
}
/**
 * `{"min": 1000, "max": 5000}` — dashboard filters only.
 */
export interface NumberRangeFilterValue {
  /**
   * Upper bound; not less than `min`.
   */
  max: number;
  /**
   * Lower bound.
   */
  min: number;
}
/**
 * A dashboard-level filter.
 */
export interface DashboardAppFilter {
  /**
   * The dashboard this filter applies to.
   */
  dashboardId: string;
  /**
   * false keeps the values out of the embed URL; left out, Databrain's default (true) applies.
   */
  isShowOnUrl?: boolean | null;
  /**
   * Filter name → value.
   */
  values: {
    [k: string]: FilterValue;
  };
}
/**
 * A row-level-security setting; `metricId` may be absent (applies to every metric).
 */
export interface RlsSetting {
  /**
   * The metric it applies to; left out, every metric.
   */
  metricId?: string | null;
  /**
   * Column name → value.
   */
  values: {
    [k: string]: FilterValue;
  };
}
/**
 * What the embedded end user may do. Unset flags are left out of the body so Databrain's
 * defaults apply; the loose-input parser rejects any other key (a typo here silently changes
 * what an end user may do).
 */
export interface Permissions {
  /**
   * Disable metric creation.
   */
  isDisableMetricCreation?: boolean | null;
  /**
   * Archive metrics.
   */
  isEnableArchiveMetrics?: boolean | null;
  /**
   * Create dashboard views.
   */
  isEnableCreateDashboardView?: boolean | null;
  /**
   * Customize the layout.
   */
  isEnableCustomizeLayout?: boolean | null;
  /**
   * Download metrics.
   */
  isEnableDownloadMetrics?: boolean | null;
  /**
   * Manage metrics.
   */
  isEnableManageMetrics?: boolean | null;
  /**
   * Update metrics.
   */
  isEnableMetricUpdation?: boolean | null;
  /**
   * See underlying data.
   */
  isEnableUnderlyingData?: boolean | null;
  /**
   * Show the dashboard name.
   */
  isShowDashboardName?: boolean | null;
  /**
   * Show the sidebar.
   */
  isShowSideBar?: boolean | null;
}
/**
 * A new data-app API key. Not idempotent: the SDK never retries it once it may have reached
 * Databrain, because a retry could mint a second key.
 */
export interface ApiTokenRequest {
  /**
   * Must exactly match an existing data app.
   */
  dataAppName: string;
  /**
   * A label for the key, e.g. "Production API Key".
   */
  name: string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
  /**
   * Send to the deprecated `/api/v2/dataApp/api-tokens` path.
   */
  legacyEndpoint?: boolean;
}
/**
 * A data app as listed.
 */
export interface DataApp {
  /**
   * Its name (what guest tokens and API keys name).
   */
  name: string;
  /**
   * `"embedded"`.
   */
  type?: string | null;
  /**
   * ISO timestamp.
   */
  createdAt?: string | null;
  /**
   * ISO timestamp.
   */
  updatedAt?: string | null;
  /**
   * How many embeds it has.
   */
  embedCount?: number | null;
  /**
   * Its embeds.
   */
  embeds?: DataAppEmbed[];
}
/**
 * One embed of a listed data app.
 */
export interface DataAppEmbed {
  /**
   * The embed's name.
   */
  name?: string | null;
  /**
   * The embed id guest tokens and the front-end component use.
   */
  embedId: string;
  /**
   * ISO timestamp.
   */
  createdAt?: string | null;
  /**
   * ISO timestamp.
   */
  updatedAt?: string | null;
}
/**
 * `{name}`: the data app created, renamed (its new name) or deleted.
 */
export interface DataAppName {
  /**
   * The name.
   */
  name: string;
}
/**
 * `data_apps.create`.
 */
export interface CreateDataApp {
  /**
   * The new data app's name.
   */
  name: string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `data_apps.rename`.
 */
export interface RenameDataApp {
  /**
   * Its current name.
   */
  name: string;
  /**
   * Its new name.
   */
  updateName: string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `data_apps.delete`.
 */
export interface DeleteDataApp {
  /**
   * The data app to delete.
   */
  name: string;
}
/**
 * One key of a data app, as listed.
 */
export interface ApiToken {
  /**
   * The key itself.
   */
  key: string;
  /**
   * Its label.
   */
  name?: string | null;
  /**
   * Its description.
   */
  description?: string | null;
  /**
   * ISO timestamp.
   */
  createdAt?: string | null;
}
/**
 * `{key}`: a new key (shown once).
 */
export interface ApiKey {
  /**
   * The key.
   */
  key: string;
}
/**
 * `api_tokens.list`.
 */
export interface ListApiTokens {
  /**
   * The data app whose keys to list.
   */
  dataAppName: string;
}
/**
 * `api_tokens.rotate`.
 */
export interface RotateApiToken {
  /**
   * The key to rotate: only in the older, service-token form (legacy option).
   */
  key?: string | null;
  /**
   * Seconds during which the old key keeps working (0 = it stops at once): a number, or a
   * numeric string.
   */
  expireAt: number | string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `embeds.create`.
 */
export interface CreateEmbed {
  /**
   * The dashboard to embed (or whose metric to embed).
   */
  dashboardId: string;
  /**
   * `"dashboard"` or `"metric"`.
   */
  embedType: "dashboard" | "metric";
  /**
   * The metric, for a metric embed.
   */
  metricId?: string | null;
  /**
   * The dashboard's workspace.
   */
  workspaceName: string;
  /**
   * A name (default: the dashboard's or metric's).
   */
  name?: string | null;
  accessSettings: AccessSettings;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * What a tenant may do in an embed and which datamart tables it sees.
 */
export interface AccessSettings {
  /**
   * The datamart the embed reads (required on create).
   */
  datamartName?: string | null;
  /**
   * Allow the AI pilot.
   */
  isAllowAiPilot?: boolean | null;
  /**
   * Allow e-mail reports.
   */
  isAllowEmailReports?: boolean | null;
  /**
   * Allow managing metrics.
   */
  isAllowManageMetrics?: boolean | null;
  /**
   * Allow creating dashboard views.
   */
  isAllowCreateDashboardView?: boolean | null;
  /**
   * Allow creating metrics.
   */
  isAllowMetricCreation?: boolean | null;
  /**
   * Allow deleting metrics.
   */
  isAllowMetricDeletion?: boolean | null;
  /**
   * Allow changing the metric layout.
   */
  isAllowMetricLayoutChange?: boolean | null;
  /**
   * Allow updating metrics.
   */
  isAllowMetricUpdate?: boolean | null;
  /**
   * Allow viewing underlying data.
   */
  isAllowUnderlyingData?: boolean | null;
  /**
   * `"single"` or `"multi"`.
   */
  joinModel?: "single" | "multi";
  /**
   * `"DRAG_DROP"` or `"CHAT"`.
   */
  metricCreationMode?: "DRAG_DROP" | "CHAT";
  /**
   * Which column of each table holds the tenant id.
   */
  tableTenancySettings?: TableTenancy[] | null;
  [k: string]: unknown;
}
/**
 * `tableTenancySettings[]`: the tenant column of one table.
 */
export interface TableTenancy {
  /**
   * The table.
   */
  name: string;
  /**
   * Its column holding the tenant (client) id.
   */
  clientColumn: string;
}
/**
 * `embeds.update`.
 */
export interface UpdateEmbed {
  /**
   * The embed.
   */
  embedId: string;
  accessSettings: AccessSettings;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `embeds.delete`.
 */
export interface DeleteEmbed {
  /**
   * The embed.
   */
  embedId: string;
  /**
   * Also delete its dashboard.
   */
  isDeleteDashboard?: boolean | null;
}
/**
 * `embeds.rename`.
 */
export interface RenameEmbed {
  /**
   * The embed.
   */
  embedId: string;
  /**
   * Its new name.
   */
  name: string;
  /**
   * Rename its dashboard too.
   */
  isRenameDashboard?: boolean | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `embeds.export` (and anything else naming only an embed).
 */
export interface ExportEmbed {
  /**
   * The embed.
   */
  embedId: string;
}
/**
 * `embeds.create_dashboard_embed`.
 */
export interface CreateDashboardEmbed {
  /**
   * The new per-tenant dashboard's id (must not exist yet).
   */
  dashboardId: string;
  /**
   * The workspace it goes in.
   */
  workspaceName: string;
  /**
   * The tenant it is for.
   */
  clientId: string;
  /**
   * A dashboard of the same workspace to copy.
   */
  templateDashboardId?: string | null;
  /**
   * Its name.
   */
  name?: string | null;
  /**
   * The embed's description.
   */
  embedDescription?: string | null;
  /**
   * New metrics are private to the tenant by default.
   */
  isAllowPrivateMetricsByDefault?: boolean | null;
  /**
   * Free-form metadata.
   */
  metadata?: {
    [k: string]: unknown;
  } | null;
  accessSettings: AccessSettings;
  /**
   * Import the template's (or the imported dashboard's) metrics.
   */
  isImportMetrics?: boolean | null;
  /**
   * Rename the dashboard to `name`.
   */
  isRenameDashboard?: boolean | null;
  /**
   * How metrics are imported (e.g. `"GALLERY"`).
   */
  metricImportMode?: string | null;
  /**
   * The JSON document an export returned (an object, or its JSON text), passed through as is.
   */
  importDashboardData?: {
    [k: string]: unknown;
  };
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `embeds.list_reports`.
 */
export interface ListReports {
  /**
   * The embed.
   */
  embedId: string;
  /**
   * The tenant whose reports to list.
   */
  clientId: string;
}
/**
 * `{id}` (`{id, error: null}` on create): the embed acted on.
 */
export interface EmbedId {
  /**
   * The embed id.
   */
  id: string;
}
/**
 * `{id, name}`: a renamed embed, or a new per-tenant dashboard embed.
 */
export interface NamedEmbed {
  /**
   * The embed id.
   */
  id: string;
  /**
   * Its name.
   */
  name: string;
}
/**
 * An embed as listed.
 */
export interface Embed {
  /**
   * The embed id.
   */
  embedId: string;
  /**
   * `"dashboard"` or `"metric"`.
   */
  embedType?: string | null;
  /**
   * Its name.
   */
  name?: string | null;
  /**
   * The dashboard it shows.
   */
  externalDashboard?: ExternalDashboard | null;
  /**
   * The metric it shows (metric embeds).
   */
  externalMetric?: {
    [k: string]: unknown;
  };
  /**
   * Workspace, access settings, client, timestamps, ...
   */
  embedMetadata?: {
    [k: string]: unknown;
  };
}
/**
 * `externalDashboard` of a listed embed.
 */
export interface ExternalDashboard {
  /**
   * The dashboard id.
   */
  externalDashboardId?: string | null;
  /**
   * Its name.
   */
  name?: string | null;
  /**
   * Its metadata.
   */
  metadata?: {
    [k: string]: unknown;
  };
}
/**
 * A scheduled e-mail report.
 */
export interface Report {
  /**
   * The report id.
   */
  id: string;
  /**
   * The e-mail subject.
   */
  subject?: string | null;
  /**
   * The charts it sends.
   */
  scheduleEmailReportCharts?: unknown[];
  /**
   * When it is sent.
   */
  timeConfigurations?: TimeConfiguration | null;
  /**
   * ISO timestamp.
   */
  createdAt?: string | null;
  /**
   * ISO timestamp.
   */
  updatedAt?: string | null;
  /**
   * The tenant.
   */
  clientId?: string | null;
  /**
   * The embed.
   */
  embedId?: string | null;
  /**
   * Who created it (null when unknown).
   */
  createdByIdentifier?: string | null;
}
/**
 * `timeConfigurations` of a report.
 */
export interface TimeConfiguration {
  /**
   * `DAILY`, `WEEKLY`, `MONTHLY`, ...
   */
  frequency?: string | null;
  /**
   * The day (a weekday name or a day of the month), when the frequency needs one.
   */
  day?: {
    [k: string]: unknown;
  };
  /**
   * `HH:MM`.
   */
  time?: string | null;
  /**
   * IANA time zone.
   */
  timezone?: string | null;
}
/**
 * `dashboards.list`.
 */
export interface ListDashboards {
  /**
   * Only dashboards with these names.
   */
  dashboardNames?: string[] | null;
}
/**
 * A dashboard of the data app (one per embed).
 */
export interface AppDashboard {
  /**
   * Its name.
   */
  name: string;
  /**
   * The dashboard id.
   */
  externalDashboardId: string;
  /**
   * The embed that shows it.
   */
  embedId?: string | null;
}
/**
 * `metrics.list`.
 */
export interface ListMetrics {
  /**
   * The embed.
   */
  embedId: string;
  /**
   * The tenant (its private metrics are included).
   */
  clientId: string;
  /**
   * Whether the embed is a metric embed (must agree with it when given).
   */
  isMetric?: boolean | null;
}
/**
 * A metric of an embed.
 */
export interface Metric {
  /**
   * Its name.
   */
  name: string;
  /**
   * Its id.
   */
  metricId: string;
  /**
   * Whether it is published.
   */
  isPublished?: boolean | null;
  /**
   * Who created it.
   */
  createdByUser?: string | null;
}
/**
 * `metrics.query`.
 */
export interface QueryMetric {
  /**
   * The embed.
   */
  embedId: string;
  /**
   * The metric.
   */
  metricId: string;
  /**
   * The tenant.
   */
  clientId: string;
  /**
   * Column → value, list of values, `{min, max}` or `{startDate, endDate}`.
   */
  dashboardFilter?: {
    [k: string]: unknown;
  } | null;
  /**
   * As `dashboard_filter`, for the metric alone.
   */
  metricFilter?: {
    [k: string]: unknown;
  } | null;
  /**
   * The datasource, for a workspace with several.
   */
  datasourceName?: string | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * A metric's result.
 */
export interface QueryResult {
  /**
   * The rows.
   */
  data: unknown[];
  /**
   * Milliseconds the query took.
   */
  timeTaken?: {
    [k: string]: unknown;
  };
  /**
   * Rows in the result.
   */
  totalRecords?: number | null;
  /**
   * The comparison value, when the metric has one.
   */
  comparisonValue?: {
    [k: string]: unknown;
  };
  /**
   * The columns and group-by columns.
   */
  metaData?: QueryMetaData | null;
  /**
   * The metric (spelled `metricid` on the wire).
   */
  metricid?: string | null;
}
/**
 * `metaData` of a query result.
 */
export interface QueryMetaData {
  /**
   * The result's columns.
   */
  columns?: QueryColumn[];
  /**
   * The columns grouped by.
   */
  groupbyColumnList?: string[];
}
/**
 * One column of a query result.
 */
export interface QueryColumn {
  /**
   * Its name.
   */
  name: string;
  /**
   * Its type (`string`, `number`, ...).
   */
  dataType?: string | null;
}
/**
 * `dashboards.export`.
 */
export interface ExportDashboard {
  /**
   * The dashboard.
   */
  dashboardId: string;
  /**
   * Its workspace.
   */
  workspaceName: string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `dashboards.import`.
 */
export interface ImportDashboard {
  /**
   * The workspace to import into.
   */
  workspaceName: string;
  /**
   * An exported `{_meta, data}` document (or its JSON text).
   */
  importDashboardData: {
    [k: string]: unknown;
  };
  /**
   * The new dashboard's id (default: the document's, made unique).
   */
  dashboardId?: string | null;
  /**
   * The new dashboard's name (default: the document's).
   */
  dashboardName?: string | null;
  /**
   * Schema renames for the metrics' SQL.
   */
  schemaPairs?: SchemaPair[] | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `schemaPairs[]` of an import: `replaceSchema.` becomes `targetSchema.` in metric SQL.
 */
export interface SchemaPair {
  /**
   * The schema in the document.
   */
  replaceSchema: string;
  /**
   * The schema to use instead.
   */
  targetSchema: string;
}
/**
 * The dashboard an import created.
 */
export interface ImportedDashboard {
  /**
   * Databrain's message.
   */
  message?: string | null;
  /**
   * The new dashboard's id.
   */
  dashboardId: string;
  /**
   * Its name.
   */
  dashboardName?: string | null;
  /**
   * Its workspace.
   */
  workspaceName?: string | null;
}
/**
 * A workspace (`{name}`).
 */
export interface Workspace {
  /**
   * Its name.
   */
  name: string;
}
/**
 * `workspaces.create` / `workspaces.update`.
 */
export interface WorkspaceRequest {
  /**
   * The workspace's name (an update names the workspace to repoint).
   */
  name: string;
  /**
   * One of [`CONNECTION_TYPES`].
   */
  connectionType: "DATASOURCE" | "DATAMART" | "MULTI_DATASOURCE" | "MULTI_DATAMART";
  /**
   * Required for `DATASOURCE`.
   */
  datasourceName?: string | null;
  /**
   * Required for `DATAMART`.
   */
  datamartName?: string | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `workspaces.delete`.
 */
export interface DeleteWorkspace {
  /**
   * The workspace.
   */
  name: string;
}
/**
 * `{id, message}` of a deleted workspace.
 */
export interface DeletedWorkspace {
  /**
   * Its id.
   */
  id: string;
  /**
   * Databrain's message.
   */
  message?: string | null;
}
/**
 * `workspaces.list_dashboards`.
 */
export interface WorkspaceDashboards {
  /**
   * The workspace.
   */
  workspaceName: string;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `workspaces.list_metrics`.
 */
export interface WorkspaceMetrics {
  /**
   * The workspace.
   */
  workspaceName: string;
  /**
   * Only this dashboard's metrics.
   */
  dashboardId?: string | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * A dashboard of a workspace.
 */
export interface WorkspaceDashboard {
  /**
   * Its name.
   */
  name: string;
  /**
   * Its id.
   */
  externalDashboardId: string;
}
/**
 * A metric of a workspace.
 */
export interface WorkspaceMetric {
  /**
   * Its name.
   */
  name: string;
  /**
   * Its id.
   */
  metricId: string;
}
/**
 * `datamarts.create`.
 */
export interface CreateDatamart {
  /**
   * The new datamart's name.
   */
  name: string;
  /**
   * The datasource it reads.
   */
  datasourceName: string;
  /**
   * Its tables (at least one).
   */
  tableList: DatamartTable[];
  /**
   * `{tenancyLevel: TABLE|DATABASE, clientColumnType: NUMBER|STRING, ...}`.
   */
  tenancySettings?: {
    [k: string]: unknown;
  } | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * A table of a datamart.
 */
export interface DatamartTable {
  /**
   * Its schema.
   */
  schemaName?: string | null;
  /**
   * The table.
   */
  name: string;
  /**
   * Its column holding the tenant id.
   */
  clientColumn?: string | null;
  /**
   * Its label.
   */
  label?: string | null;
  /**
   * Hidden from tenants.
   */
  isHide?: boolean | null;
  /**
   * The columns it exposes (default: all).
   */
  columns?: DatamartColumn[] | null;
}
/**
 * A column of a datamart table.
 */
export interface DatamartColumn {
  /**
   * The column.
   */
  name: string;
  /**
   * Its alias.
   */
  alias?: string | null;
  /**
   * Its label.
   */
  label?: string | null;
  /**
   * Hidden from tenants.
   */
  isHide?: boolean | null;
}
/**
 * `datamarts.update`.
 */
export interface UpdateDatamart {
  /**
   * The datamart.
   */
  datamartName: string;
  /**
   * Its new tables.
   */
  tableList: DatamartTable[];
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `datamarts.delete`.
 */
export interface DeleteDatamart {
  /**
   * The datamart.
   */
  datamartName: string;
}
/**
 * `{id}` of a datamart created, updated or deleted.
 */
export interface DatamartId {
  /**
   * Its id.
   */
  id: string;
}
/**
 * A datamart as listed.
 */
export interface Datamart {
  /**
   * Its id (not in the documented list shape; the mock sends it, as `create` answers it).
   */
  id?: string | null;
  /**
   * Its name.
   */
  name: string;
  /**
   * The organisation.
   */
  datamartOrganization?: {
    [k: string]: unknown;
  };
  /**
   * The datasource (`{name}`).
   */
  companyIntegration?: {
    [k: string]: unknown;
  };
  /**
   * Its tables.
   */
  datamartTables?: unknown[];
  /**
   * Its relationships.
   */
  datamartRelationships?: unknown[];
  /**
   * Its tenancy settings as created (not in the documented list shape; the mock sends them).
   */
  tenancySettings?: {
    [k: string]: unknown;
  };
}
/**
 * `semantic_layer.get`.
 */
export interface GetSemanticLayer {
  /**
   * The datamart.
   */
  datamartName: string;
}
/**
 * `semantic_layer.create`: a datamart's first semantic layer.
 */
export interface CreateSemanticLayer {
  /**
   * The datamart (it must not have a semantic layer yet).
   */
  datamartName: string;
  /**
   * Its tables' descriptions and synonyms.
   */
  tables: SemanticTable[];
  /**
   * Free-text feedback for the AI features.
   */
  feedback?: string | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * A table's description, synonyms and columns, as sent on create and update.
 */
export interface SemanticTable {
  /**
   * The table.
   */
  name: string;
  /**
   * What it holds, for the AI features.
   */
  description?: string | null;
  /**
   * Other names for it (at most 10).
   */
  synonyms?: string[] | null;
  /**
   * Its columns (on update, the ones to merge; the others keep their values).
   */
  columns?: SemanticColumn[];
}
/**
 * A column's description and synonyms, as sent on create and update.
 */
export interface SemanticColumn {
  /**
   * The column.
   */
  name: string;
  /**
   * What it holds, for the AI features.
   */
  description?: string | null;
  /**
   * Other names for it (at most 10).
   */
  synonyms?: string[] | null;
  /**
   * `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON` (others may come).
   */
  columnType?: string | null;
  /**
   * It identifies a row.
   */
  isIdentifier?: boolean | null;
}
/**
 * `semantic_layer.update`: a partial merge — tables and columns left out keep their values;
 * listed ones are merged by name (only the fields sent change).
 */
export interface UpdateSemanticLayer {
  /**
   * The datamart.
   */
  datamartName: string;
  /**
   * The tables to merge, by name.
   */
  tables: SemanticTable[];
  /**
   * New feedback (left out: unchanged).
   */
  feedback?: string | null;
  /**
   * Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
   */
  extraBody?: {
    [k: string]: unknown;
  };
}
/**
 * `semantic_layer.delete`.
 */
export interface DeleteSemanticLayer {
  /**
   * The datamart.
   */
  datamartName: string;
}
/**
 * `{id}`: the datamart whose layer was created, updated or deleted (its name).
 */
export interface SemanticLayerId {
  /**
   * The datamart's name.
   */
  id: string;
}
/**
 * A datamart's semantic layer, as `get` answers it.
 */
export interface DatamartSemanticLayer {
  /**
   * The datamart.
   */
  datamartName: string;
  /**
   * Its tables.
   */
  tables?: SemanticLayerTable[];
  /**
   * Free-text feedback.
   */
  feedback?: string | null;
  /**
   * How complete the descriptions are (a score).
   */
  completionScore?: number | null;
  /**
   * ISO timestamp of the last change.
   */
  lastUpdated?: string | null;
}
/**
 * A table of a semantic layer.
 */
export interface SemanticLayerTable {
  /**
   * The table.
   */
  name: string;
  /**
   * Its schema.
   */
  schemaName?: string | null;
  /**
   * Its description.
   */
  description?: string | null;
  /**
   * Its synonyms.
   */
  synonyms?: string[];
  /**
   * Anything else Databrain keeps about it.
   */
  miscellaneousInfo?: {
    [k: string]: unknown;
  };
  /**
   * Its columns.
   */
  columns?: SemanticLayerColumn[];
}
/**
 * A column of a semantic layer's table.
 */
export interface SemanticLayerColumn {
  /**
   * The column.
   */
  name: string;
  /**
   * Its data type in the datasource.
   */
  datatype?: string | null;
  /**
   * Its description.
   */
  description?: string | null;
  /**
   * Its synonyms.
   */
  synonyms?: string[];
  /**
   * Anything else Databrain keeps about it.
   */
  miscellaneousInfo?: {
    [k: string]: unknown;
  };
  /**
   * `String`, `Number`, `ENUM`, `Range`, `Identifier`, `Expression`, `JSON`, ...
   */
  columnType?: string | null;
  /**
   * A value → description map (ENUM, String), `{lowerLimit, upperLimit}` (Range) or a
   * string (Expression, JSON).
   */
  columnTypeConfig?: {
    [k: string]: unknown;
  };
  /**
   * It identifies a row.
   */
  isIdentifier?: boolean | null;
  /**
   * Left out of the search index.
   */
  isNotIndexed?: boolean | null;
}
/**
 * A request without fields (plain lists).
 */
export interface NoInput {}
/**
 * An exported document (a JSON object; its keys are Databrain's).
 */
export interface JsonDocument {
  [k: string]: unknown;
}

// Management namespaces, one method per row of the core's OPERATIONS table.
import type { CallOptions, ManagementList } from './index'

/** `client.dataApps`: the `data_apps.*` rows. */
export interface DataAppsCalls {
  /** `data_apps.list` (every page, lazily). */
  list(request?: NoInput, options?: CallOptions): ManagementList<DataApp>
  /** `data_apps.create`. */
  create(request: CreateDataApp, options?: CallOptions): Promise<DataAppName>
  /** `data_apps.rename`. */
  rename(request: RenameDataApp, options?: CallOptions): Promise<DataAppName>
  /** `data_apps.delete`. */
  delete(request: DeleteDataApp, options?: CallOptions): Promise<DataAppName>
}

/** `client.apiTokens`: the `api_tokens.*` rows. */
export interface ApiTokensCalls {
  /** `api_tokens.list` (every page, lazily). */
  list(request: ListApiTokens, options?: CallOptions): ManagementList<ApiToken>
  /** `api_tokens.rotate`. */
  rotate(request: RotateApiToken, options?: CallOptions): Promise<ApiKey>
}

/** `client.embeds`: the `embeds.*` rows. */
export interface EmbedsCalls {
  /** `embeds.create`. */
  create(request: CreateEmbed, options?: CallOptions): Promise<EmbedId>
  /** `embeds.update`. */
  update(request: UpdateEmbed, options?: CallOptions): Promise<EmbedId>
  /** `embeds.list` (every page, lazily). */
  list(request?: NoInput, options?: CallOptions): ManagementList<Embed>
  /** `embeds.delete`. */
  delete(request: DeleteEmbed, options?: CallOptions): Promise<EmbedId>
  /** `embeds.rename`. */
  rename(request: RenameEmbed, options?: CallOptions): Promise<NamedEmbed>
  /** `embeds.export`. */
  export(request: ExportEmbed, options?: CallOptions): Promise<JsonDocument>
  /** `embeds.create_dashboard_embed`. */
  createDashboardEmbed(request: CreateDashboardEmbed, options?: CallOptions): Promise<NamedEmbed>
  /** `embeds.list_reports` (every page, lazily). */
  listReports(request: ListReports, options?: CallOptions): ManagementList<Report>
}

/** `client.dashboards`: the `dashboards.*` rows. */
export interface DashboardsCalls {
  /** `dashboards.list` (every page, lazily). */
  list(request?: ListDashboards, options?: CallOptions): ManagementList<AppDashboard>
  /** `dashboards.export`. */
  export(request: ExportDashboard, options?: CallOptions): Promise<JsonDocument>
  /** `dashboards.import`. */
  import(request: ImportDashboard, options?: CallOptions): Promise<ImportResult>
}

/** `client.metrics`: the `metrics.*` rows. */
export interface MetricsCalls {
  /** `metrics.list`. */
  list(request: ListMetrics, options?: CallOptions): Promise<Metric[]>
  /** `metrics.query`. */
  query(request: QueryMetric, options?: CallOptions): Promise<QueryResult>
}

/** `client.workspaces`: the `workspaces.*` rows. */
export interface WorkspacesCalls {
  /** `workspaces.list` (every page, lazily). */
  list(request?: NoInput, options?: CallOptions): ManagementList<Workspace>
  /** `workspaces.create`. */
  create(request: WorkspaceRequest, options?: CallOptions): Promise<Workspace>
  /** `workspaces.update`. */
  update(request: WorkspaceRequest, options?: CallOptions): Promise<Workspace>
  /** `workspaces.delete`. */
  delete(request: DeleteWorkspace, options?: CallOptions): Promise<DeletedWorkspace>
  /** `workspaces.list_dashboards` (every page, lazily). */
  listDashboards(request: WorkspaceDashboards, options?: CallOptions): ManagementList<WorkspaceDashboard>
  /** `workspaces.list_metrics` (every page, lazily). */
  listMetrics(request: WorkspaceMetrics, options?: CallOptions): ManagementList<WorkspaceMetric>
}

/** `client.datamarts`: the `datamarts.*` rows. */
export interface DatamartsCalls {
  /** `datamarts.create`. */
  create(request: CreateDatamart, options?: CallOptions): Promise<DatamartId>
  /** `datamarts.update`. */
  update(request: UpdateDatamart, options?: CallOptions): Promise<DatamartId>
  /** `datamarts.list` (every page, lazily). */
  list(request?: NoInput, options?: CallOptions): ManagementList<Datamart>
  /** `datamarts.delete`. */
  delete(request: DeleteDatamart, options?: CallOptions): Promise<DatamartId>
}

/** `client.semanticLayer`: the `semantic_layer.*` rows. */
export interface SemanticLayerCalls {
  /** `semantic_layer.get`: The datamart's semantic layer (404 SEMANTIC_LAYER_NOT_FOUND when it has none). */
  get(request: GetSemanticLayer, options?: CallOptions): Promise<DatamartSemanticLayer>
  /** `semantic_layer.create`: Creates the datamart's semantic layer; only for a datamart without one (400 otherwise). Never re-sent once it may have reached Databrain. */
  create(request: CreateSemanticLayer, options?: CallOptions): Promise<SemanticLayerId>
  /** `semantic_layer.update`: A partial merge: tables and columns left out keep their values; listed ones are merged by name (only the fields sent change). */
  update(request: UpdateSemanticLayer, options?: CallOptions): Promise<SemanticLayerId>
  /** `semantic_layer.delete`: Deletes the datamart's semantic layer (the datamart stays); cannot be undone. */
  delete(request: DeleteSemanticLayer, options?: CallOptions): Promise<SemanticLayerId>
}
