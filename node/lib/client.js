'use strict'
// The public `Databrain` client: a thin shell over the native NativeClient. Requests are
// validated, sent, retried and parsed by the Rust core, whose errors reach JS already as the
// package's classes (lib/errors.js); this file gives async errors the caller's stack and keeps
// credentials out of inspect/JSON output.

const { inspect } = require('node:util')
const { callerStack } = require('./errors')
const { loadNative } = require('./native')
const { GuestToken } = require('./token')
const { jsonText } = require('./json-text')
const { buildNamespaces } = require('./resources')
const { forClient } = require('./telemetry')
const { setLogger } = require('./logging')

// Sent in the User-Agent: `databrain-sdk/<version> (node 20.20.2)`.
const LANGUAGE = `node ${process.versions.node}`

// Passed instead of options by `withApiKey` / `withServiceToken`: adopt a derived native client.
const DERIVED = Symbol('databrain.derived')

// Each client's native handle, for GuestTokenCache (lib/cache.js); never enumerable.
const natives = new WeakMap()

/** @internal the native client behind `client`, or undefined if it is not a Databrain. */
function nativeClientOf(client) {
  return natives.get(client)
}
let operationRows = null
const operations = (native) => (operationRows ??= native.operations())
// Telemetry's operation ids of the two SPEC.md calls (the call table's names) and of the two
// workflows, from the core.
let callNames = null
const names = () => (callNames ??= loadNative().constants())

// Each client's telemetry (lib/telemetry.js), for GuestTokenCache; null when off.
const telemetries = new WeakMap()

/** @internal the telemetry of `client` (null when off). */
function telemetryOf(client) {
  return telemetries.get(client) ?? null
}

// A key stays readable as `.key` but out of util.inspect, JSON.stringify and Object.keys.
function hideKey(record) {
  const { key } = record
  delete record.key
  Object.defineProperty(record, 'key', { value: key, enumerable: false })
  return record
}

// `result.client(admin = the client that made it)`: `admin.withApiKey(<the new key>)`, as
// Rust's `tenant.client(&admin)`. Non-enumerable, like the key.
function withClient(result, holder, maker) {
  Object.defineProperty(result, 'client', { value: (admin = maker) => admin.withApiKey(holder.key) })
  return result
}

class Databrain {
  // A private field: util.inspect, JSON.stringify, Object.keys and structuredClone cannot
  // reach it, so the credentials inside the native client never show up in logs.
  #native
  #telemetry

  /**
   * @param {import('../index').DatabrainOptions} [options] omitted fields come from
   *   DATABRAIN_API_KEY, DATABRAIN_SERVICE_TOKEN and DATABRAIN_BASE_URL.
   */
  constructor(options, derived, derivedTelemetry) {
    if (options === DERIVED) {
      // A derived client: the parent's native client re-authorised, and its telemetry as is.
      this.#native = derived
      this.#telemetry = derivedTelemetry
    } else {
      const { NativeClient } = loadNative()
      // The telemetry options are the package's (OpenTelemetry objects), and `logger` is the
      // process-wide log sink (lib/logging.js); the rest go to the core.
      let given = options
      let telemetryOptions
      if (options !== null && typeof options === 'object') {
        const { telemetry, tracerProvider, meterProvider, propagate, logger, ...rest } = options
        if (logger != null) setLogger(logger)
        given = rest
        telemetryOptions = { telemetry, tracerProvider, meterProvider, propagate }
      }
      this.#native = new NativeClient(given, LANGUAGE)
      this.#telemetry = forClient(telemetryOptions, new URL(this.#native.baseUrl).hostname)
    }
    natives.set(this, this.#native)
    telemetries.set(this, this.#telemetry)
  }

  /**
   * The same client (base URL, connection pool, timeouts, retries, service token) authorised
   * by another data-app API key, e.g. a tenant's new key.
   */
  withApiKey(apiKey) {
    return new Databrain(DERIVED, this.#native.withApiKey(apiKey), this.#telemetry)
  }

  /** The same client (base URL, pool, settings, API key) authorised by another service token. */
  withServiceToken(serviceToken) {
    return new Databrain(DERIVED, this.#native.withServiceToken(serviceToken), this.#telemetry)
  }

  #namespaces = null

  // The management namespaces, built from the core's table on first use (a client that never
  // uses them pays nothing).
  #ns() {
    this.#namespaces ??= buildNamespaces(this.#native, operations(loadNative()), this, this.#telemetry)
    return this.#namespaces
  }

  get dataApps() {
    return this.#ns().dataApps
  }

  get apiTokens() {
    return this.#ns().apiTokens
  }

  get guestTokens() {
    return this.#ns().guestTokens
  }

  get embeds() {
    return this.#ns().embeds
  }

  get dashboards() {
    return this.#ns().dashboards
  }

  get metrics() {
    return this.#ns().metrics
  }

  get workspaces() {
    return this.#ns().workspaces
  }

  get datamarts() {
    return this.#ns().datamarts
  }

  get semanticLayer() {
    return this.#ns().semanticLayer
  }

  /** Base URL every request goes to (no trailing slash). */
  get baseUrl() {
    return this.#native.baseUrl
  }

  get hasApiKey() {
    return this.#native.hasApiKey
  }

  get hasServiceToken() {
    return this.#native.hasServiceToken
  }

  // `async` + `await` (rather than `.then`) so that the stack `callerStack` takes shows the
  // caller's frames (V8's async stack traces). It adds ~0.06 µs per call over `.then` on the
  // success path (bench/wrapper-overhead.mjs), against hundreds of µs for the request itself.
  /** Mints a guest token for one end user; resolves to the token string. */
  async createGuestToken(request) {
    try {
      const t = this.#telemetry
      if (t !== null && t.live()) {
        return await t.run(names().guestTokenOperation, (trace) =>
          this.#native.createGuestToken(request, jsonText(request), trace),
        )
      }
      return await this.#native.createGuestToken(request, jsonText(request))
    } catch (err) {
      throw callerStack(err)
    }
  }

  /** Mints a guest token like `createGuestToken`; resolves to a `GuestToken` with its times. */
  async mintGuestToken(request) {
    let native
    try {
      const t = this.#telemetry
      native =
        t !== null && t.live()
          ? await t.run(names().guestTokenOperation, (trace) => this.#native.mintGuestToken(request, jsonText(request), trace))
          : await this.#native.mintGuestToken(request, jsonText(request))
    } catch (err) {
      throw callerStack(err)
    }
    return new GuestToken(native)
  }

  /** Creates a data-app API key (shown only once); resolves to the key. */
  async createApiToken(request) {
    try {
      const t = this.#telemetry
      if (t !== null && t.live()) {
        return await t.run(names().apiTokenOperation, (trace) => this.#native.createApiToken(request, trace))
      }
      return await this.#native.createApiToken(request)
    } catch (err) {
      throw callerStack(err)
    }
  }

  /**
   * Onboards one tenant: data app -> API key -> embed (`embed`) or per-tenant dashboard embed
   * (`dashboardEmbed`), reusing what an earlier run made (re-running after any failure
   * duplicates nothing). Resolves to `{dataApp, apiKey, embed}`, each with `outcome`
   * `'created'` or `'reused'`; `apiKey.key` is non-enumerable (never in inspect/JSON).
   */
  async provisionTenant(spec) {
    let made
    try {
      const t = this.#telemetry
      made =
        t !== null && t.live()
          ? await t.run(names().provisionTenantOperation, (trace) => this.#native.provisionTenant(spec, trace))
          : await this.#native.provisionTenant(spec)
    } catch (err) {
      throw callerStack(err)
    }
    hideKey(made.apiKey)
    return withClient(made, made.apiKey, this)
  }

  /**
   * Rotates the client's data-app API key: resolves to `{key, graceSeconds}` (`key`
   * non-enumerable, shown once); the old key keeps working for `grace` seconds (or
   * `graceMs` milliseconds).
   * `{legacy: true, key}` rotates `key` with the service token (older docs).
   */
  async rotateApiKey({ grace, graceMs, key, legacy, credential } = {}) {
    let rotated
    try {
      // `graceMs` is `grace` in milliseconds; with both, the core refuses `graceMs` by name.
      const rotation = graceMs === undefined ? { grace, key } : grace === undefined ? { grace: graceMs / 1000, key } : { grace, graceMs, key }
      const options = { legacy, credential }
      const t = this.#telemetry
      rotated =
        t !== null && t.live()
          ? await t.run(names().rotateApiKeyOperation, (trace) => this.#native.rotateApiKey(rotation, options, trace))
          : await this.#native.rotateApiKey(rotation, options)
    } catch (err) {
      throw callerStack(err)
    }
    return withClient(hideKey(rotated), rotated, this)
  }

  /** What JSON.stringify(client) shows: whether credentials are set, never their values. */
  toJSON() {
    return { baseUrl: this.baseUrl, hasApiKey: this.hasApiKey, hasServiceToken: this.hasServiceToken }
  }

  [inspect.custom](depth, options, inspectFn) {
    const shown = {
      baseUrl: this.baseUrl,
      apiKey: this.hasApiKey ? '<set>' : '<not set>',
      serviceToken: this.hasServiceToken ? '<set>' : '<not set>',
    }
    return `Databrain ${inspectFn(shown, options)}`
  }
}

// The module-level functions use one client configured from the environment, created on
// first use (so importing the package never reads env vars or loads the addon) and kept for
// the life of the process: environment changes after the first call are not picked up.
let envClient = null

function defaultClient() {
  envClient ??= new Databrain()
  return envClient
}

/** `client.createGuestToken` on the environment-configured client. */
async function createGuestToken(request) {
  return defaultClient().createGuestToken(request)
}

/** `client.createApiToken` on the environment-configured client. */
async function createApiToken(request) {
  return defaultClient().createApiToken(request)
}

module.exports = { Databrain, createGuestToken, createApiToken, nativeClientOf, telemetryOf }
