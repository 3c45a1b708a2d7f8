'use strict'
// The management API as namespaces (`client.dataApps.list()`, `client.embeds.create({...})`),
// built from the core's table (`operations()` of the addon): one method per row, named by
// camel-casing the row's name (`embeds.create_dashboard_embed` -> `embeds.createDashboardEmbed`).
// Requests and the `{credential, legacy}` options go to the core as given; it validates them
// (throwing before anything is sent), sends, and checks the answer.

const { callerStack } = require('./errors')

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

// `send(trace)` watched as `operation` by the client's telemetry when it is live.
const watch = (telemetry, operation, send) => (telemetry != null ? telemetry.watch(operation, send) : send(undefined))

// `native.call(name, ...args)`, watched as `name`.
function call(telemetry, native, name, ...args) {
  return watch(telemetry, name, (trace) => native.call(name, ...args, trace))
}

/**
 * Every item of a management list: `for await (const item of list)` reads page after page
 * until a short one; `list.pages()` yields whole pages; `list.page(n)` reads page n alone;
 * `list.all()` resolves to every item. Each page read is a call of its own for telemetry
 * (span `databrain.{row}`), in the context active when that page is asked for.
 */
class ManagementList {
  #native
  #name
  #request
  #options
  #telemetry

  constructor(native, name, request, options, telemetry = null) {
    this.#native = native
    this.#name = name
    this.#request = request
    this.#options = options
    this.#telemetry = telemetry
    // Validates now: a bad request throws here, as the other calls reject before sending.
    this.#paginate()
  }

  #paginate() {
    return this.#native.paginate(this.#name, this.#request, this.#options)
  }

  async *pages() {
    const pages = this.#paginate()
    for (;;) {
      // The core knows the list ended (a short page): no request, no span.
      if (pages.done) return
      let page
      try {
        page = await watch(this.#telemetry, this.#name, (trace) => pages.nextPage(trace))
      } catch (err) {
        throw callerStack(err)
      }
      if (page == null) return
      yield page
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page
  }

  /** Page `n` (1-based) alone: one request. */
  async page(n) {
    try {
      return await call(this.#telemetry, this.#native, this.#name, this.#request, this.#options, n)
    } catch (err) {
      throw callerStack(err)
    }
  }

  /** Every item of every page. */
  async all() {
    try {
      return await call(this.#telemetry, this.#native, this.#name, this.#request, this.#options, undefined)
    } catch (err) {
      throw callerStack(err)
    }
  }
}

function method(native, row, telemetry) {
  if (row.paginated) {
    return (request, options) => new ManagementList(native, row.name, request, options, telemetry)
  }
  return async (request, options) => {
    try {
      return await call(telemetry, native, row.name, request, options, undefined)
    } catch (err) {
      throw callerStack(err)
    }
  }
}

/**
 * `{dataApps: {list, create, ...}, ...}` for one client, from the core's table, plus the
 * `guestTokens.create` / `apiTokens.create` aliases of `client.createGuestToken` /
 * `client.createApiToken`.
 */
function buildNamespaces(native, operations, client, telemetry = null) {
  const namespaces = {}
  for (const row of operations) {
    const [family, call] = row.name.split('.')
    const ns = (namespaces[camel(family)] ??= {})
    ns[camel(call)] = method(native, row, telemetry)
  }
  namespaces.apiTokens.create = (request) => client.createApiToken(request)
  namespaces.guestTokens = { create: (request) => client.createGuestToken(request) }
  for (const ns of Object.values(namespaces)) Object.freeze(ns)
  return namespaces
}

module.exports = { buildNamespaces, ManagementList, call }
