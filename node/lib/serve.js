'use strict'
// The framework-independent half of `databrain/express`, `/fastify`, `/fetch` and `/next`:
// check the options, run the `resolve` hook, mint (through the cache or the client), and turn
// the outcome into the core's reply `{status, headers, body, log}`. Which status, header, body
// and log line an outcome gets is the core's rule (its MintReply); this file
// only routes values to it and writes the log line.

const { DatabrainError } = require('./errors')
const { loadNative } = require('./native')
const { Databrain } = require('./client')
const { GuestTokenCache } = require('./cache')

/**
 * @param {{cache?: GuestTokenCache, client?: Databrain, resolve: Function, logger?: {warn: Function, error: Function}}} options
 * @param {string} name the public factory, for messages
 * @returns {(request: unknown, context?: unknown) => Promise<{status: number, headers: Record<string, string>, body: string}>}
 */
function mintEndpoint(options, name) {
  const { cache, client, resolve, logger = console } = options ?? {}
  if ((cache === undefined) === (client === undefined)) {
    throw new TypeError(`${name}: pass exactly one of { cache } (a GuestTokenCache) or { client } (a Databrain)`)
  }
  if (cache !== undefined && !(cache instanceof GuestTokenCache)) {
    throw new TypeError(`${name}: cache must be a GuestTokenCache`)
  }
  if (client !== undefined && !(client instanceof Databrain)) {
    throw new TypeError(`${name}: client must be a Databrain client`)
  }
  if (typeof resolve !== 'function') {
    throw new TypeError(`${name}: resolve(request) is required: it returns the signed-in user's guest-token request, or null`)
  }
  if (typeof logger?.warn !== 'function' || typeof logger?.error !== 'function') {
    throw new TypeError(`${name}: logger must have warn() and error() methods`)
  }
  const mint = cache !== undefined ? (request) => cache.get(request) : (request) => client.mintGuestToken(request)

  return async function reply(frameworkRequest, context) {
    const native = loadNative()
    // The tenant comes from the server's session, which only the hook knows. `context` is what
    // a fetch-style framework hands the handler besides the request (Hono's `c`, ...).
    const request = await resolve(frameworkRequest, context)
    if (request === null || request === undefined) return native.mintReplyNoSession()
    let answer
    try {
      answer = native.mintReplyToken(await mint(request))
    } catch (err) {
      // Anything but an SDK error is the application's own bug: its framework handles it.
      if (!(err instanceof DatabrainError)) throw err
      // The log line names the tenant's data app (the reply's body never does).
      answer = native.mintReplyFailure(err, typeof request?.dataAppName === 'string' ? request.dataAppName : null)
    }
    if (answer.log) logger[answer.log.level](answer.log.message)
    return answer
  }
}

module.exports = { mintEndpoint }
