// Request shapes, generated from the core's models by ./scripts/gen-types: do not edit.
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
 * An index of the generated types (every definition is reachable from it, so each generator emits all of them).
 */
export interface DatabrainTypes {
  guestTokenRequest?: GuestTokenRequest;
  apiTokenRequest?: ApiTokenRequest;
  errorCode?: ErrorCode;
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
   * Filters, RLS settings and embed options.
   */
  params?: GuestTokenParams | null;
  /**
   * What the end user may do; unset flags keep Databrain's defaults.
   */
  permissions?: Permissions | null;
  /**
   * Token lifetime in milliseconds from now (a positive integer); left out, the token never expires.
   */
  expiryTime?: number | null;
  /**
   * Needed only when the data app has several datasources.
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
 * The `params` object of a guest token.
 */
export interface GuestTokenParams {
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
   * Enables private metrics for this end user.
   */
  userIdentifier?: string | null;
  /**
   * Row-level-security values.
   */
  rlsSettings?: RlsSetting[] | null;
  /**
   * Embed ids this token may open.
   */
  allowedEmbeds?: string[] | null;
  /**
   * IANA time zone name, e.g. `America/New_York`.
   */
  timezone?: string | null;
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
   * The query that yields the allowed values.
   */
  sql: string;
  /**
   * The column of the query's result to use.
   */
  columnName: string;
}
/**
 * `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` — dashboard filters only.
 */
export interface DateRangeFilterValue {
  /**
   * First day (inclusive).
   */
  startDate: string;
  /**
   * Last day (inclusive); not before startDate.
   */
  endDate: string;
}
/**
 * `{"min": 1000, "max": 5000}` — dashboard filters only.
 */
export interface NumberRangeFilterValue {
  /**
   * Lower bound.
   */
  min: number;
  /**
   * Upper bound; not less than `min`.
   */
  max: number;
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
   * Filter name → value.
   */
  values: {
    [k: string]: FilterValue;
  };
  /**
   * false keeps the values out of the embed URL; left out, Databrain's default (true) applies.
   */
  isShowOnUrl?: boolean | null;
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
   * Archive metrics.
   */
  isEnableArchiveMetrics?: boolean | null;
  /**
   * Manage metrics.
   */
  isEnableManageMetrics?: boolean | null;
  /**
   * Create dashboard views.
   */
  isEnableCreateDashboardView?: boolean | null;
  /**
   * Update metrics.
   */
  isEnableMetricUpdation?: boolean | null;
  /**
   * Customize the layout.
   */
  isEnableCustomizeLayout?: boolean | null;
  /**
   * See underlying data.
   */
  isEnableUnderlyingData?: boolean | null;
  /**
   * Download metrics.
   */
  isEnableDownloadMetrics?: boolean | null;
  /**
   * Show the sidebar.
   */
  isShowSideBar?: boolean | null;
  /**
   * Show the dashboard name.
   */
  isShowDashboardName?: boolean | null;
  /**
   * Disable metric creation.
   */
  isDisableMetricCreation?: boolean | null;
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
