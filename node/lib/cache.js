'use strict'
// `GuestTokenCache`: a thin shell over the core's cache. Keys, single flight, background
// refresh, backoff, bounds and option checks are all the Rust core's.

const { inspect } = require('node:util')
const { callerStack } = require('./errors')
const { loadNative } = require('./native')
const { nativeClientOf, telemetryOf } = require('./client')
const { GuestToken } = require('./token')
const { jsonText } = require('./json-text')

let guestTokenOperation = null

class GuestTokenCache {
  #native
  #telemetry

  /**
   * @param {import('./client').Databrain} client
   * @param {import('../index').GuestTokenCacheOptions} [options]
   */
  constructor(client, options) {
    const native = nativeClientOf(client)
    if (native === undefined) {
      throw new TypeError('GuestTokenCache needs a Databrain client')
    }
    const { NativeGuestTokenCache } = loadNative()
    this.#native = new NativeGuestTokenCache(native, options)
    // The client's telemetry: same providers, same off switch.
    this.#telemetry = telemetryOf(client)
    this.#telemetry?.watchCache(this)
  }

  /** A token for `request` (the same shape as `createGuestToken`'s). */
  async get(request) {
    try {
      // A fresh hit is answered synchronously, without a hop to the runtime.
      const json = jsonText(request)
      const t = this.#telemetry
      if (t !== null && t.live()) {
        guestTokenOperation ??= loadNative().constants().guestTokenOperation
        const got = await t.run(
          guestTokenOperation,
          (trace) => this.#native.getFresh(request, json) ?? this.#native.get(request, json, trace),
          true,
        )
        return new GuestToken(got)
      }
      const fresh = this.#native.getFresh(request, json)
      return new GuestToken(fresh ?? (await this.#native.get(request, json)))
    } catch (err) {
      throw callerStack(err)
    }
  }

  /** Drops every cached token of end user `clientId`; returns how many. */
  invalidate({ clientId } = {}) {
    if (typeof clientId !== 'string') {
      throw new TypeError('invalidate({ clientId }) needs a clientId string')
    }
    return this.#native.invalidate(clientId)
  }

  /** Drops every cached token and resets the counters. */
  clear() {
    this.#native.clear()
  }

  /** `{hits, misses, coalesced, refreshes, refreshFailures, entries}`. */
  stats() {
    return this.#native.stats()
  }

  [inspect.custom](depth, options, inspectFn) {
    return `GuestTokenCache ${inspectFn(this.stats(), options)}`
  }
}

module.exports = { GuestTokenCache }
