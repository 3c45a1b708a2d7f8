// Types of the `databrain` package. The request shapes are generated from the core's models
// (types.generated.d.ts); the classes below are the package's JS API. The core validates the
// same rules at run time, so code that type-checks can still be refused with a ValidationError
// for what types cannot express (empty names, startDate after endDate, ...).

// ---------------------------------------------------------------------------------------------
// Client

export interface DatabrainOptions {
  /** Data-app API key: authorises guest tokens. Default: `DATABRAIN_API_KEY`. */
  apiKey?: string
  /** Organisation-level service token: authorises API-key creation. Default: `DATABRAIN_SERVICE_TOKEN`. */
  serviceToken?: string
  /** Self-hosted Databrain. Default: `DATABRAIN_BASE_URL`, else `https://api.usedatabrain.com`. */
  baseUrl?: string
  /** Time allowed for one attempt, in milliseconds. Default 30000. (`timeout` in seconds also works.) */
  timeoutMs?: number
  /** Time allowed for one attempt, in seconds; give this or `timeoutMs`, not both. */
  timeout?: number
  /** Time allowed to connect, in milliseconds. Default 10000. */
  connectTimeoutMs?: number
  /** Time allowed to connect, in seconds; give this or `connectTimeoutMs`, not both. */
  connectTimeout?: number
  /** Retries after the first attempt (429 always; guest tokens also on 5xx, timeouts and broken connections). Default 2. */
  maxRetries?: number
  /**
   * Most requests this client has on the wire at once (at least 1). Default 256. Further calls
   * wait for a slot in arrival order; the wait counts against `timeoutMs`, and a call still
   * waiting when it runs out rejects with `APITimeoutError` (`attempts` 0, nothing sent). A
   * retry gives its slot back while it backs off and queues again.
   */
  maxInFlight?: number
  /** Allow plain `http://` to a non-loopback host (credentials then travel unencrypted). Default false. */
  allowInsecureHttp?: boolean
  /** `false`: read no `DATABRAIN_*` variable; the client has exactly the options given. Default true. */
  useEnv?: boolean
  /** A PEM file of CA certificates trusted beside the system's roots (a TLS-inspecting proxy's CA). */
  caFile?: string
  /**
   * Where the SDK's log records go: any `console`-like object (`console`, pino, winston...).
   * Each record is one line, passed to the method of its level (`debug`, `info`, `warn`,
   * `error`; a missing one falls back to `log`). The log stream is **process-wide**, not this
   * client's: this is the same as `setLogger(logger)`, and the last logger set wins for every
   * client. Level: `DATABRAIN_LOG` if set, else `debug`.
   */
  logger?: DatabrainLogger
  /**
   * OpenTelemetry (needs the optional peer dependency `@opentelemetry/api`): a span
   * `databrain.{operation}` per call (`databrain.guest_token.create`,
   * `databrain.data_apps.list`, ...), per workflow (`databrain.provision_tenant`,
   * `databrain.rotate_api_key`) and per page of a list read with `for await` or `pages()`,
   * with one CLIENT span per HTTP attempt; and the metrics `http.client.request.duration`,
   * `databrain.client.operation.duration`, `databrain.guest_token.cache.lookups`,
   * `databrain.guest_token.refresh.failures`, and the shared tier's
   * `databrain.guest_token.shared_cache.lookups` (by `databrain.cache.result`: hit, miss,
   * error), `databrain.guest_token.shared_cache.lock_waits` and
   * `databrain.guest_token.shared_cache.fallback_mints`.
   * Default: on when the API is installed (a no-op until an SDK is registered) unless
   * `DATABRAIN_OTEL=off`; `false` turns it off, `true` turns it on whatever the variable says.
   */
  telemetry?: boolean
  /** The tracer provider to use instead of the global one (an OpenTelemetry `TracerProvider`). */
  tracerProvider?: TelemetryTracerProvider
  /** The meter provider to use instead of the global one (an OpenTelemetry `MeterProvider`). */
  meterProvider?: TelemetryMeterProvider
  /** Send the call span's `traceparent`/`tracestate` to Databrain. Default true. */
  propagate?: boolean
}

/** What the client uses of an OpenTelemetry `TracerProvider` (typed without importing the API). */
export interface TelemetryTracerProvider {
  getTracer(name: string, version?: string): unknown
}

/** What the client uses of an OpenTelemetry `MeterProvider` (typed without importing the API). */
export interface TelemetryMeterProvider {
  getMeter(name: string, version?: string): unknown
}

/** A `console`-like object that receives the SDK's log records, one line each. */
export interface DatabrainLogger {
  debug?(message: string): void
  info?(message: string): void
  warn?(message: string): void
  error?(message: string): void
  log?(message: string): void
}

/**
 * Sends every client's log records in this process to `logger` (the last one set wins);
 * `null` stops that, leaving `DATABRAIN_LOG` (records to stderr) or silence. Records: one
 * debug line per attempt (method, path, status, duration, request id, attempt), an info line
 * per retry (reason and wait) and per wait past 100 ms for a `maxInFlight` slot, cache
 * refreshes (debug) and failed refreshes (warn). Never a credential, token or request body.
 * Level: `DATABRAIN_LOG` (`error`, `warn`, `info`, `debug`, `trace`) if set, else `debug`.
 * @throws {ConfigurationError} if `logger` has none of the methods, or `DATABRAIN_LOG` is not a level.
 */
export declare function setLogger(logger: DatabrainLogger | null): void

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
  /**
   * The same client (base URL, connection pool, timeouts, retries, service token) authorised
   * by another data-app API key, e.g. a tenant's new key from `provisionTenant`.
   * @throws {ConfigurationError} on an empty key.
   */
  withApiKey(apiKey: string): Databrain
  /** The same client (base URL, pool, settings, API key) authorised by another service token. */
  withServiceToken(serviceToken: string): Databrain
  /** `{baseUrl, hasApiKey, hasServiceToken}`: never the credentials. */
  toJSON(): { baseUrl: string; hasApiKey: boolean; hasServiceToken: boolean }
}

/** `createGuestToken` on a client configured from the environment (created on first use). */
export declare function createGuestToken(request: GuestTokenRequest): Promise<string>
/** `createApiToken` on a client configured from the environment (created on first use). */
export declare function createApiToken(request: ApiTokenRequest): Promise<string>

// ---------------------------------------------------------------------------------------------
// Requests: generated from the core's models (./scripts/gen-types), not written here.

export * from './types.generated'
import type {
  ApiTokenRequest,
  ApiTokensCalls,
  CreateDashboardEmbed,
  CreateEmbed,
  DashboardsCalls,
  DataAppsCalls,
  DatamartsCalls,
  EmbedsCalls,
  SemanticLayerCalls,
  MetricsCalls,
  WorkspacesCalls,
  DateRangeFilterValue,
  FilterValue,
  GuestTokenRequest,
  NumberRangeFilterValue,
  Permissions,
} from './types.generated'

/** A permission flag's name. */
export type PermissionKey = keyof Permissions
/**
 * The shapes `appFilters` and `rlsSettings` allow. The core enforces the list rule at run time
 * (a ValidationError names the path); these two aliases let editors flag it earlier.
 */
export type MetricFilterValue = Exclude<FilterValue, DateRangeFilterValue | NumberRangeFilterValue>
/** The shapes `dashboardAppFilters` allow (see {@link MetricFilterValue}). */
export type DashboardFilterValue = Exclude<FilterValue, boolean | number>

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
  attempts?: number
  cause?: unknown
}

/** Base class of every error the package throws. */
export declare class DatabrainError extends Error {
  constructor(message: string, details?: ErrorDetails)
  /** Stable code: Databrain's (`AUTHENTICATION_ERROR`, `DATA_APP_NOT_FOUND`, ...) or the SDK's (`VALIDATION_ERROR`, `TIMEOUT`, ...). */
  code: string
  /** HTTP status Databrain answered with; null when there was no answer. */
  status: number | null
  /** The request's `x-request-id` (sent by the SDK, or Databrain's answer): quote it to support. */
  requestId: string | null
  /** Attempts made, retries included (0 when nothing was sent). */
  attempts: number
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
  /**
   * The fleet-wide shared tier: `redis://`, `rediss://` (TLS), `valkey://`, `valkeys://` or
   * `unix://` URL. Default: the `DATABRAIN_CACHE_URL` environment variable; neither set = no
   * shared tier. Processes with the same API key then mint each token once between them.
   */
  sharedCacheUrl?: string
  /** Bound on each shared-tier operation in ms (default 50); past it the cache goes on without Redis. */
  sharedCacheOpTimeoutMs?: number
}

export interface GuestTokenCacheStats {
  hits: number
  misses: number
  coalesced: number
  refreshes: number
  refreshFailures: number
  entries: number
  /** Mints avoided: the token came from the shared tier (another process minted it). */
  sharedHits: number
  /** Shared-tier lookups that found nothing usable and minted. */
  sharedMisses: number
  /** Shared-tier operations that failed or timed out (each fell back to minting here). */
  sharedErrors: number
  /** Times this process waited for another process's mint. */
  lockWaits: number
  /** Mints made outside the fleet lock (Redis failed, its breaker was open, or the wait ran out). */
  fallbackMints: number
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

// ---------------------------------------------------------------------------------------------
// Management API (Databrain's data-app, embed, workspace and datamart endpoints): one method per row of the core's table. Requests are loose
// objects (camelCase keys in the types; snake_case is accepted at run time too, `extraBody` on
// calls with a body) checked by the core before anything is sent; answers are the JSON payloads,
// typed by the core's response models.

/** A management request: the row's documented fields. */
export type ManagementRequest = Record<string, unknown>
/** A management answer (an item of a list, or a call's payload). */
export type ManagementResponse = Record<string, unknown>

/** How one management call is sent. */
export interface CallOptions {
  /** Authorise with this credential instead of the row's documented one. */
  credential?: 'apiKey' | 'serviceToken'
  /** Send to the row's legacy ("deprecated soon") form, where it has one. */
  legacy?: boolean
}

/**
 * Every item of a management list. `for await (const item of list)` reads page after page
 * (10 items each) until a short page; nothing is sent until iteration starts. With telemetry,
 * each page fetched is one `databrain.{call}` span (e.g. `databrain.data_apps.list`) in the
 * context active when that page is asked for; `all()` and `page(n)` are one span each.
 * @throws {ValidationError} when made from an invalid request (synchronously).
 */
export interface ManagementList<T = ManagementResponse> extends AsyncIterable<T> {
  /** Whole pages, in order. */
  pages(): AsyncIterableIterator<T[]>
  /** Page `n` (1-based) alone: one request. */
  page(n: number): Promise<T[]>
  /** Every item of every page. */
  all(): Promise<T[]>
}

// The namespaces are generated from the core's OPERATIONS table (types.generated.d.ts): each
// method takes the row's request model and answers with its response model.
export interface DataAppsApi extends DataAppsCalls {}
export interface ApiTokensApi extends ApiTokensCalls {
  /** Same as {@link Databrain.createApiToken}. */
  create(request: ApiTokenRequest): Promise<string>
}
export interface GuestTokensApi {
  /** Same as {@link Databrain.createGuestToken}. */
  create(request: GuestTokenRequest): Promise<string>
}
export interface EmbedsApi extends EmbedsCalls {}
export interface DashboardsApi extends DashboardsCalls {}
export interface MetricsApi extends MetricsCalls {}
export interface WorkspacesApi extends WorkspacesCalls {}
export interface DatamartsApi extends DatamartsCalls {}
/**
 * A datamart's semantic layer (the service token only; a data-app key is refused with
 * `PermissionDeniedError`, code `AUTHENTICATION_ERROR`). `update` is a partial merge: tables
 * and columns left out keep their values, listed ones are merged by name.
 */
export interface SemanticLayerApi extends SemanticLayerCalls {}

export interface Databrain {
  readonly dataApps: DataAppsApi
  readonly apiTokens: ApiTokensApi
  readonly guestTokens: GuestTokensApi
  readonly embeds: EmbedsApi
  readonly dashboards: DashboardsApi
  readonly metrics: MetricsApi
  readonly workspaces: WorkspacesApi
  readonly datamarts: DatamartsApi
  readonly semanticLayer: SemanticLayerApi
}

// ---------------------------------------------------------------------------------------------
// Workflows (the core's provision_tenant and rotate_api_key)

/** `'created'` by this run, or `'reused'` from an earlier one. */
export type Outcome = 'created' | 'reused'

export interface TenantSpec {
  /** The tenant's data app: reused when one of this name exists, created otherwise. */
  dataAppName: string
  /** The API key's label (what a re-run finds it by). Default `'Provisioned by databrain-sdk'`. */
  keyName?: string
  /** A dashboard or metric embed (the fields of `embeds.create`). */
  embed?: CreateEmbed
  /** Or a per-tenant dashboard embed (the fields of `embeds.createDashboardEmbed`). */
  dashboardEmbed?: CreateDashboardEmbed
}

export interface ProvisionedTenant {
  dataApp: { name: string; outcome: Outcome }
  /** `key` is non-enumerable: readable, never in `util.inspect` or `JSON.stringify`. */
  apiKey: { name: string; readonly key: string; outcome: Outcome }
  embed: { id: string; name: string | null; kind: 'embed' | 'dashboard_embed'; outcome: Outcome }
  /** `admin.withApiKey(apiKey.key)`: a client authorised by the tenant's key (default `admin`: the client that provisioned it). */
  client(admin?: Databrain): Databrain
}

export interface KeyRotation {
  /** Seconds the old key keeps working (0 = at once): a number or a numeric string. Or `graceMs`. */
  grace?: number | string
  /** The same in milliseconds (Node's habit, as `timeoutMs`); give `grace` or `graceMs`. */
  graceMs?: number
  /** The key to rotate, with `legacy: true` (the older service-token form). */
  key?: string
  legacy?: boolean
  credential?: 'apiKey' | 'serviceToken'
}

export interface RotatedKey {
  /** The new key (non-enumerable; Databrain shows it once). */
  readonly key: string
  graceSeconds: number
  /** `admin.withApiKey(key)`: a client authorised by the new key (default `admin`: the client that rotated it). */
  client(admin?: Databrain): Databrain
}

export interface Databrain {
  /**
   * Onboards one tenant: data app -> API key -> embed or per-tenant dashboard embed, reusing
   * what an earlier run made: re-running after any failure duplicates nothing. A failed step
   * rejects with the step's error class, its message naming the step and what was done.
   * With telemetry: one span `databrain.provision_tenant`, every request a CLIENT span under it.
   */
  provisionTenant(spec: TenantSpec): Promise<ProvisionedTenant>
  /**
   * Rotates the client's key; the old one keeps working for `grace` seconds (`graceMs` ms). Never re-sent.
   * With telemetry: one span `databrain.rotate_api_key`, every request a CLIENT span under it.
   */
  rotateApiKey(rotation: KeyRotation): Promise<RotatedKey>
}
