'use strict'
// The error classes of the package, and the factory the native addon builds its errors with.
//
// lib/native.js installs `fromRecord` in the addon, which calls it on the JS thread with the
// core's error record (bindings/node/src/errors.rs): a synchronous call throws what it
// returns, an async call's promise is rejected with it. The hierarchy matches the Python
// package's; the class of each kind and each class's default code are the core's tables, not
// typed here.

const { loadAddon } = require('./addon')

let defaultCodes = null

/** The core's class name -> default code table (loads the addon on first use). */
function defaultCode(cls) {
  if (defaultCodes === null) {
    try {
      defaultCodes = loadAddon().constants().defaultCodes
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

/**
 * The error for one of the core's error records (`{class, kind, code, text, status, requestId,
 * retryAfter, errors, attempts, causes, ...}`): the addon calls this, on the JS thread, for
 * every error it throws or rejects with.
 */
function fromRecord(record) {
  const Cls = classes[record.class] ?? DatabrainError
  // The transport's cause chain (outermost first) stays a chain: err.cause.cause...
  const cause = record.causes.reduceRight((inner, text) => new Error(text, inner && { cause: inner }), undefined)
  return new Cls(record.text, { ...record, cause })
}

/**
 * `err` with its stack taken again here, for the package's async wrappers to throw: the addon
 * rejects a call's promise from a native callback, where no JS frame is on the stack, so the
 * error it makes there shows no caller. Taken again in the awaiting wrapper, V8's async stack
 * trace shows the wrapper (`at Databrain.createGuestToken`) and the caller's awaits.
 * Anything else (a napi argument error, a bug) keeps the stack it has.
 */
function callerStack(err) {
  if (err instanceof DatabrainError) Error.captureStackTrace(err, callerStack)
  return err
}

module.exports = { ...classes, fromRecord, callerStack }
