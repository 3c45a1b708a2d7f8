'use strict'
// The error classes of the package, and the mapping from the native addon's errors to them.
//
// The addon cannot attach properties to an async rejection, so it puts the structured error
// in the message as JSON (bindings/node/src/errors.rs); `fromNative` rebuilds the class here.
// The hierarchy matches the Python package's, and the core's ErrorKind picks the class.

class DatabrainError extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, status?: number|null, requestId?: string|null, cause?: unknown}} [details]
   */
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    /** Stable machine-readable code: Databrain's own (`AUTHENTICATION_ERROR`, ...) or the SDK's. */
    this.code = details.code ?? 'DATABRAIN_ERROR'
    /** HTTP status Databrain answered with, or null when there was no answer. */
    this.status = details.status ?? null
    /** Databrain's `x-request-id`, when it sent one: quote it to Databrain support. */
    this.requestId = details.requestId ?? null
  }
}

/** The request broke one or more rules; nothing was sent. `errors` lists each problem. */
class ValidationError extends DatabrainError {
  constructor(message, details = {}) {
    super(message, { code: 'VALIDATION_ERROR', ...details })
    /** @type {{path: string, message: string}[]} */
    this.errors = details.errors ?? []
  }
}

/** The client is not set up for this call (missing credential, bad base URL, bad option). */
class ConfigurationError extends DatabrainError {
  constructor(message, details = {}) {
    super(message, { code: 'CONFIGURATION_ERROR', ...details })
  }
}

/** Databrain answered with an error status. */
class APIError extends DatabrainError {}
class AuthenticationError extends APIError {}
class PermissionDeniedError extends APIError {}
class NotFoundError extends APIError {}
class BadRequestError extends APIError {}
class ServerError extends APIError {}

/** HTTP 429 after the retries were spent. `retryAfter`: seconds Databrain asked for, or null. */
class RateLimitError extends APIError {
  constructor(message, details = {}) {
    super(message, { code: 'RATE_LIMIT_EXCEEDED', status: 429, ...details })
    this.retryAfter = details.retryAfter ?? null
  }
}

/** A success status whose body is not what the API documents (HTML, truncated JSON, no token). */
class APIResponseValidationError extends APIError {}

/** The connection could not be made, or broke before an answer arrived. */
class APIConnectionError extends DatabrainError {}
/** No complete answer within `timeoutMs`. */
class APITimeoutError extends APIConnectionError {}

const classes = {
  DatabrainError,
  ValidationError,
  ConfigurationError,
  APIError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  BadRequestError,
  RateLimitError,
  ServerError,
  APIResponseValidationError,
  APIConnectionError,
  APITimeoutError,
}

// `name` on the prototype (not an own property): stack traces and util.inspect print
// `AuthenticationError: ...` and the instance's own keys stay the useful ones.
for (const [name, cls] of Object.entries(classes)) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
}

/** The core's ErrorKind::as_str() → class. */
const CLASS_BY_KIND = {
  validation: ValidationError,
  configuration: ConfigurationError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  bad_request: BadRequestError,
  rate_limit: RateLimitError,
  server: ServerError,
  api: APIError,
  timeout: APITimeoutError,
  connection: APIConnectionError,
  decode: APIResponseValidationError,
}

// Must match PAYLOAD_PREFIX in bindings/node/src/errors.rs.
const PAYLOAD_PREFIX = '{"databrainError":'

/**
 * The typed error for an error thrown by the native addon; anything else (a napi argument
 * error, a bug) is returned unchanged.
 */
function fromNative(err) {
  const message = err?.message
  if (typeof message !== 'string' || !message.startsWith(PAYLOAD_PREFIX)) return err
  const p = JSON.parse(message)
  const Cls = CLASS_BY_KIND[p.kind] ?? DatabrainError
  return new Cls(p.message, p)
}

module.exports = { ...classes, fromNative }
