// Types of the `databrain` package (hand-written; the addon's generated native.d.ts is internal).
// The request types follow Databrain's documented API; the Rust core validates the same rules
// at runtime, so code that type-checks here can still be refused with a ValidationError for
// what types cannot express (empty names, startDate after endDate, ...).

// ---------------------------------------------------------------------------------------------
// Client

export interface DatabrainOptions {
  /** Data-app API key: authorises guest tokens. Default: `DATABRAIN_API_KEY`. */
  apiKey?: string
  /** Organisation-level service token: authorises API-key creation. Default: `DATABRAIN_SERVICE_TOKEN`. */
  serviceToken?: string
  /** Self-hosted Databrain. Default: `DATABRAIN_BASE_URL`, else `https://api.usedatabrain.com`. */
  baseUrl?: string
  /** Time allowed for one attempt, in milliseconds. Default 30000. */
  timeoutMs?: number
  /** Time allowed to connect, in milliseconds. Default 10000. */
  connectTimeoutMs?: number
  /** Retries after the first attempt (429 always; guest tokens also on 5xx, timeouts and broken connections). Default 2. */
  maxRetries?: number
  /** Allow plain `http://` to a non-loopback host (credentials then travel unencrypted). Default false. */
  allowInsecureHttp?: boolean
}

export declare class Databrain {
  /**
   * One client per process is enough: it holds a connection pool shared by all calls.
   * Omitted options come from `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN`, `DATABRAIN_BASE_URL`.
   * @throws {ConfigurationError} on a bad option (empty credential, invalid base URL, ...).
   */
  constructor(options?: DatabrainOptions)
  /** Base URL every request goes to (no trailing slash). */
  readonly baseUrl: string
  readonly hasApiKey: boolean
  readonly hasServiceToken: boolean
  /**
   * Mints a guest token for one end user (`POST /api/v2/guest-token/create`, data-app API key).
   * Rejects with a {@link ValidationError} before sending anything if the request is invalid.
   */
  createGuestToken(request: GuestTokenRequest): Promise<string>
  /**
   * Creates a data-app API key (`POST /api/v2/data-app/api-tokens`, service token). The key is
   * shown only once. Not retried once it may have reached Databrain.
   */
  createApiToken(request: ApiTokenRequest): Promise<string>
  /** `{baseUrl, hasApiKey, hasServiceToken}`: never the credentials. */
  toJSON(): { baseUrl: string; hasApiKey: boolean; hasServiceToken: boolean }
}

/** `createGuestToken` on a client configured from the environment (created on first use). */
export declare function createGuestToken(request: GuestTokenRequest): Promise<string>
/** `createApiToken` on a client configured from the environment (created on first use). */
export declare function createApiToken(request: ApiTokenRequest): Promise<string>

// ---------------------------------------------------------------------------------------------
// Requests

/** `{"sql": "SELECT ...", "columnName": "name"}`: values come from a query. */
export interface SqlFilterValue {
  sql: string
  columnName: string
}

/** `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` (ISO dates): dashboard filters only. */
export interface DateRangeFilterValue {
  startDate: string
  endDate: string
}

/** `{"min": 1000, "max": 5000}`: dashboard filters only. */
export interface NumberRangeFilterValue {
  min: number
  max: number
}

/** A metric-level value (app filters and RLS settings): no ranges. */
export type MetricFilterValue = boolean | number | string | string[] | SqlFilterValue

/** A dashboard filter value: no bare booleans or numbers. */
export type DashboardFilterValue = string | string[] | SqlFilterValue | DateRangeFilterValue | NumberRangeFilterValue

/** Every documented filter value shape. */
export type FilterValue = MetricFilterValue | DateRangeFilterValue | NumberRangeFilterValue

/** A metric-level filter, invisible to the end user. Keys of `values` are filter/column names, sent verbatim. */
export interface AppFilter {
  metricId: string
  values: Record<string, MetricFilterValue>
}

/** A dashboard-level filter. */
export interface DashboardAppFilter {
  dashboardId: string
  values: Record<string, DashboardFilterValue>
  /** `false` hides the values from the URL. Default true. */
  isShowOnUrl?: boolean
}

/** Row-level-security values, optionally for one metric. */
export interface RlsSetting {
  metricId?: string
  values: Record<string, MetricFilterValue>
}

export interface GuestTokenParams {
  appFilters?: AppFilter[]
  dashboardAppFilters?: DashboardAppFilter[]
  /** Filter names to hide in the UI. */
  hideDashboardFilters?: string[]
  /** Enables private metrics for this end user. */
  userIdentifier?: string
  rlsSettings?: RlsSetting[]
  /** Embed ids this token may open. */
  allowedEmbeds?: string[]
  /** IANA time zone, e.g. `America/New_York`. */
  timezone?: string
}

/** The ten documented permission flags; unset flags keep Databrain's defaults. */
export interface Permissions {
  isEnableArchiveMetrics?: boolean
  isEnableManageMetrics?: boolean
  isEnableCreateDashboardView?: boolean
  isEnableMetricUpdation?: boolean
  isEnableCustomizeLayout?: boolean
  isEnableUnderlyingData?: boolean
  isEnableDownloadMetrics?: boolean
  isShowSideBar?: boolean
  isShowDashboardName?: boolean
  isDisableMetricCreation?: boolean
}

export type PermissionKey = keyof Permissions

export interface GuestTokenRequest {
  /** The end user's id in your system; used for row-level security. */
  clientId: string
  /** Name of an existing data app: letters and digits of any script, spaces, `-` and `_`. */
  dataAppName: string
  params?: GuestTokenParams
  permissions?: Permissions
  /** Token lifetime in milliseconds from now (a positive integer). Omitted: never expires. */
  expiryTime?: number
  /** Needed only when the data app has several datasources. */
  datasourceName?: string
  /**
   * Fields the SDK does not model yet, deep-merged into the request body after validation
   * (e.g. `{ theme: {...} }`). Modelled fields stay strictly validated.
   */
  extraBody?: Record<string, unknown>
}

export interface ApiTokenRequest {
  /** Must exactly match an existing data app. */
  dataAppName: string
  /** A label for the key, e.g. "Production API Key". */
  name: string
  /** Use the older `/api/v2/dataApp/api-tokens` path (self-hosted installs that lack the new one). */
  legacyEndpoint?: boolean
  /** Extra body fields, deep-merged after validation. */
  extraBody?: Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------
// Errors

export interface FieldError {
  /** Wire path of the problem, e.g. `params.appFilters[0].metricId`. */
  path: string
  message: string
}

export interface ErrorDetails {
  code?: string
  status?: number | null
  requestId?: string | null
  cause?: unknown
}

/** Base class of every error the package throws. */
export declare class DatabrainError extends Error {
  constructor(message: string, details?: ErrorDetails)
  /** Stable code: Databrain's (`AUTHENTICATION_ERROR`, `DATA_APP_NOT_FOUND`, ...) or the SDK's (`VALIDATION_ERROR`, `TIMEOUT`, ...). */
  code: string
  /** HTTP status Databrain answered with; null when there was no answer. */
  status: number | null
  /** Databrain's request id, when known: quote it to Databrain support. */
  requestId: string | null
}

/** The request broke one or more rules; nothing was sent. */
export declare class ValidationError extends DatabrainError {
  constructor(message: string, details?: ErrorDetails & { errors?: FieldError[] })
  /** Every problem, each with its wire path. */
  errors: FieldError[]
}

/** The client is not set up for this call (missing credential, bad base URL, bad option). */
export declare class ConfigurationError extends DatabrainError {}

/** Databrain answered with an error status. */
export declare class APIError extends DatabrainError {}
/** Invalid, missing or expired credential (401; 400 on the API-token endpoint). */
export declare class AuthenticationError extends APIError {}
/** 403, e.g. `INVALID_PERMISSIONS`. */
export declare class PermissionDeniedError extends APIError {}
/** No such data app or workspace (`DATA_APP_NOT_FOUND`, `DATA_APP_ID_ERROR`, ...). */
export declare class NotFoundError extends APIError {}
/** Other 4xx answers: Databrain refused the request. */
export declare class BadRequestError extends APIError {}
/** 5xx after the retries were spent. */
export declare class ServerError extends APIError {}
/** 429 after the retries were spent. */
export declare class RateLimitError extends APIError {
  constructor(message: string, details?: ErrorDetails & { retryAfter?: number | null })
  /** Seconds Databrain asked to wait (`Retry-After`), or null. */
  retryAfter: number | null
}
/** A success status whose body is not what the API documents (HTML, truncated JSON, no token). */
export declare class APIResponseValidationError extends APIError {}
/** The connection could not be made, or broke before an answer arrived. */
export declare class APIConnectionError extends DatabrainError {}
/** No complete answer within `timeoutMs`. */
export declare class APITimeoutError extends APIConnectionError {}

// ---------------------------------------------------------------------------------------------
// Guest tokens with expiry metadata, and the guest-token cache

/** A guest token and its times. `util.inspect` shows only the first characters of the token. */
export declare class GuestToken {
  private constructor()
  /** The token to hand to the embed. */
  readonly token: string
  /** When the request was sent (the conservative end). */
  readonly issuedAt: Date
  /** When the token expires; null when it never does (no `expiryTime`). */
  readonly expiresAt: Date | null
  /** `issuedAt + (1 - refreshMargin) × lifetime`; null when it never expires. */
  readonly refreshAt: Date | null
  /** ISO-8601 UTC strings (`2026-12-02T03:40:00.000Z`) or null. */
  toJSON(): GuestTokenJSON
}

/** What `JSON.stringify(guestToken)` writes. */
export interface GuestTokenJSON {
  token: string
  expiresAt: string | null
  refreshAt: string | null
}

// Declaration merging: these methods belong to the `Databrain` class above.
export interface Databrain {
  /** Like `createGuestToken`, but resolves to a {@link GuestToken} with its times. */
  mintGuestToken(request: GuestTokenRequest): Promise<GuestToken>
}

export interface GuestTokenCacheOptions {
  /** Share of the lifetime left when a hit starts a background refresh; 0 ≤ m < 1, default 0.2. */
  refreshMargin?: number
  /** Most tokens kept (default 10,000); the least recently used is evicted first. */
  maxEntries?: number
  /** Keep serving the current valid token when a background refresh fails (default true). */
  serveStaleOnError?: boolean
  /** Cache tokens without `expiryTime` for this long (seconds); default: not cached. */
  maxAgeWithoutExpiry?: number
  /** The same in milliseconds (give one of the two). */
  maxAgeWithoutExpiryMs?: number
}

export interface GuestTokenCacheStats {
  hits: number
  misses: number
  coalesced: number
  refreshes: number
  refreshFailures: number
  entries: number
}

/**
 * One guest token per distinct request, reused until it is due for a refresh, then refreshed
 * in the background while the current one is served. Concurrent `get`s of one request share
 * one mint (and its error, which is not cached).
 */
export declare class GuestTokenCache {
  /** @throws {ConfigurationError} on a bad or unknown option. */
  constructor(client: Databrain, options?: GuestTokenCacheOptions)
  get(request: GuestTokenRequest): Promise<GuestToken>
  /** Drops every cached token of one end user; returns how many were dropped. */
  invalidate(which: { clientId: string }): number
  /** Drops every token and resets the counters. */
  clear(): void
  stats(): GuestTokenCacheStats
}
