'use strict'
// The error classes of the package, and the mapping from the native addon's errors to them.
//
// The addon cannot attach properties to an async rejection, so it puts the core's error
// record in the message as JSON (bindings/node/src/errors.rs); `fromNative` rebuilds the
// class it names here. The hierarchy matches the Python package's; the class of each kind and
// each class's default code are the core's tables, not typed here.

const { loadNative } = require('./native')

let defaultCodes = null

/** The core's class name -> default code table (loads the addon on first use). */
function defaultCode(cls) {
  if (defaultCodes === null) {
    try {
      defaultCodes = loadNative().constants().defaultCodes
    } catch {
      return 'DATABRAIN_ERROR' // no addon: only errors built by hand get here
    }
  }
  return defaultCodes[cls.prototype.name] ?? 'DATABRAIN_ERROR'
}

class DatabrainError extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, status?: number|null, requestId?: string|null, attempts?: number, cause?: unknown}} [details]
   */
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    /** Stable machine-readable code: Databrain's own (`AUTHENTICATION_ERROR`, ...) or the SDK's. */
    this.code = details.code ?? defaultCode(new.target)
    /** HTTP status Databrain answered with, or null when there was no answer. */
    this.status = details.status ?? null
    /** The request's `x-request-id` (the one the SDK sent, or Databrain's): quote it to support. */
    this.requestId = details.requestId ?? null
    /** Attempts made, retries included (0 when nothing was sent). */
    this.attempts = details.attempts ?? 0
  }
}

/** The request broke one or more rules; nothing was sent. `errors` lists each problem. */
class ValidationError extends DatabrainError {
  constructor(message, details = {}) {
    super(message, details)
    /** @type {{path: string, message: string}[]} */
    this.errors = details.errors ?? []
  }
}

/** The client is not set up for this call (missing credential, bad base URL, bad option). */
class ConfigurationError extends DatabrainError {
  constructor(message, details = {}) {
    super(message, details)
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
    super(message, { status: 429, ...details })
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
  const Cls = classes[p.class] ?? DatabrainError
  // The transport's cause chain (outermost first) stays a chain: err.cause.cause...
  const cause = p.causes.reduceRight((inner, text) => new Error(text, inner && { cause: inner }), undefined)
  return new Cls(p.text, { ...p, cause })
}

module.exports = { ...classes, fromNative }
