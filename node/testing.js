'use strict'
// `databrain/testing`: the bundled Databrain mock server (the Rust databrain-mock crate) for
// your own tests. It speaks the real API over loopback, records every request (credentials
// redacted) and can be told to misbehave (faults), so tests exercise the real client code.
//
// The server runs on its own native thread, not on Node's event loop: it never keeps the
// process alive, even if `close()` is forgotten (it is then stopped when garbage-collected
// or at exit). Call `close()` anyway to free the port promptly.

const { inspect } = require('node:util')
const { loadNative } = require('./lib/native')
const { Databrain } = require('./lib/client')

class MockServer {
  #native

  /** Use MockServer.start() / MockServer.startSync(). */
  constructor(native) {
    if (native === undefined || native === null || typeof native.close !== 'function') {
      throw new TypeError('use MockServer.start() or MockServer.startSync()')
    }
    this.#native = native
  }

  /**
   * Starts a mock on 127.0.0.1 (ephemeral port unless `port` is given) with the default seed
   * (data apps `sales-dashboard` and `Customer Portal Analytics`) or `seed`.
   */
  static async start(options) {
    return MockServer.startSync(options)
  }

  /** Same as start(), synchronously (the port is bound before it returns). */
  static startSync(options = {}) {
    return new MockServer(loadNative().NativeMockServer.start(options))
  }

  /** Base URL, `http://127.0.0.1:PORT`. */
  get url() {
    return this.#native.url
  }

  /** API key of the seed's first data app (`sales-dashboard` by default). */
  get apiKey() {
    return this.#native.apiKey
  }

  /** The seed's first service token. */
  get serviceToken() {
    return this.#native.serviceToken
  }

  get closed() {
    return this.#native.closed
  }

  /** `{baseUrl, apiKey, serviceToken}` for `new Databrain(...)`. */
  get clientOptions() {
    return { baseUrl: this.url, apiKey: this.apiKey, serviceToken: this.serviceToken }
  }

  /** A `Databrain` client pointed at this mock; `options` override the defaults. */
  client(options = {}) {
    return new Databrain({ ...this.clientOptions, ...options })
  }

  /** Recorded API requests, oldest first: {method, path, query, headers, auth, body, rawBody}. */
  requests() {
    return this.#native.requests()
  }

  /** Requests received on `path` (e.g. '/api/v2/guest-token/create'), faulted ones included. */
  requestCount(path) {
    return this.#native.requestCount(path)
  }

  clearRequests() {
    this.#native.clearRequests()
  }

  /**
   * Queues a fault for the next matching requests, e.g.
   * `{path: '/api/v2/guest-token/create', times: 2, kind: 'status', status: 429, retryAfter: '0'}`.
   * Kinds: status, delay {ms}, drop, html {status}, malformedJson {status}, oversized {bytes},
   * missingToken, empty {status}. `method: 'POST'` faults only that method; `afterHandling: true`
   * applies the fault after the call was handled (the state changes, the answer is lost).
   */
  injectFault(fault) {
    this.#native.injectFault(fault)
  }

  /**
   * The mock's controllable clock (`POST /__mock/clock`), which key grace periods and
   * guest-token expiry run on: `{freeze: true}` stops it, `{advanceSeconds: 61}` moves it on.
   * Resolves to `{nowMs, now, frozen}`; `reset()` restores it.
   */
  async clock({ freeze, advanceSeconds } = {}) {
    const change = {}
    if (freeze !== undefined) change.freeze = freeze
    if (advanceSeconds !== undefined) change.advanceMs = Math.round(advanceSeconds * 1000)
    const answer = await fetch(`${this.url}/__mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    })
    return answer.json()
  }

  pendingFaults() {
    return this.#native.pendingFaults()
  }

  clearFaults() {
    this.#native.clearFaults()
  }

  /** Guest tokens issued, oldest first. */
  guestTokens() {
    return this.#native.guestTokens()
  }

  guestTokenCount() {
    return this.#native.guestTokenCount()
  }

  /** Back to the seed: forgets created apps and keys, tokens, requests and faults. */
  reset() {
    this.#native.reset()
  }

  /** Stops the server and frees its port. Idempotent. */
  close() {
    this.#native.close()
  }

  [inspect.custom](depth, options, inspectFn) {
    return `MockServer ${inspectFn({ url: this.url, closed: this.closed }, options)}`
  }
}

// `using mock = MockServer.startSync()` / `await using` where the runtime supports it.
if (typeof Symbol.dispose === 'symbol') {
  MockServer.prototype[Symbol.dispose] = MockServer.prototype.close
}
if (typeof Symbol.asyncDispose === 'symbol') {
  MockServer.prototype[Symbol.asyncDispose] = async function asyncDispose() {
    this.close()
  }
}

module.exports = { MockServer }
