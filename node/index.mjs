// ESM entry point: re-exports the CommonJS build, so both module systems get the very same
// classes (no dual-package hazard: an error thrown via `require` is `instanceof` the class
// imported via `import`).
import databrain from './index.js'

export const {
  Databrain,
  createGuestToken,
  createApiToken,
  GuestToken,
  GuestTokenCache,
  setLogger,
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
} = databrain

export default databrain
