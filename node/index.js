'use strict'
// CommonJS entry point of `databrain`. Loading it is cheap: the native addon is loaded on the
// first `new Databrain()` (lib/native.js). index.mjs re-exports this file, so CJS and ESM
// users share one copy of every class and `instanceof` works across both.

const { Databrain, createGuestToken, createApiToken } = require('./lib/client')
const errors = require('./lib/errors')
const { GuestToken } = require('./lib/token')
const { GuestTokenCache } = require('./lib/cache')
const { setLogger } = require('./lib/logging')

module.exports = {
  Databrain,
  createGuestToken,
  createApiToken,
  GuestToken,
  GuestTokenCache,
  setLogger,
  DatabrainError: errors.DatabrainError,
  ValidationError: errors.ValidationError,
  ConfigurationError: errors.ConfigurationError,
  APIError: errors.APIError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  BadRequestError: errors.BadRequestError,
  RateLimitError: errors.RateLimitError,
  ServerError: errors.ServerError,
  APIResponseValidationError: errors.APIResponseValidationError,
  APIConnectionError: errors.APIConnectionError,
  APITimeoutError: errors.APITimeoutError,
}
