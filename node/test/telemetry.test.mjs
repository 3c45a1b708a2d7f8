// OpenTelemetry with the real SDK (in-memory span exporter, a pull metric reader, the
// AsyncLocalStorage context manager) over real HTTP against the mock: the span tree of a
// retried call, the trace context on the wire, metrics, 50 concurrent calls under 50 parents,
// every management call through its public namespace method, the two workflows, a span per
// list page, the cache and its shared tier (a real redis-server), the switches, no secret in
// any exported attribute, and the package working without @opentelemetry/api installed. The
// mint endpoints in their frameworks: telemetry-frameworks.test.mjs.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { beforeEach, describe, test } from 'node:test'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { GuestTokenCache } from 'databrain'
import { GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'
import { assertNoSecret as assertNoSecretIn, clientSpans, internal, makeOtel, ns, parentId, useOtel, wireSpanId, wireTraceId } from '../test-support/otel.mjs'
import { startRedis } from '../test-support/redis-server.mjs'

const require = createRequire(import.meta.url)
const native = require('../lib/native.js').loadNative()
const constants = native.constants()
const OPERATIONS = native.operations()
const PAGE_SIZE = constants.pageSize // a shorter page ends a list
// The SDK's span clock is Date.now() at the start (ms) plus performance.now() since: a span's
// times can be up to 1 ms early against the attempts' (the system clock, in ns).
const SLACK = 1_000_000n
const ctx = useMock()

const o = useOtel()
let otel
beforeEach(() => {
  otel = o.otel
})

const client = (options = {}) =>
  ctx.mock.client({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, ...options })
const assertNoSecret = (secrets) => assertNoSecretIn(otel, secrets)

describe('telemetry', () => {
  test('503, 503, 200: one INTERNAL span and three CLIENT children, resend counts, metrics', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 2, kind: 'status', status: 503 })
    const token = await client({ maxRetries: 2 }).createGuestToken({ clientId: 'user-77', dataAppName: MINIMAL.dataAppName })
    const spans = otel.spans()
    const [call] = internal(spans)
    const attempts = clientSpans(spans).sort((a, b) => Number(ns(a.startTime) - ns(b.startTime)))
    assert.equal(spans.length, 4)
    assert.equal(attempts.length, 3)
    assert.equal(call.name, `databrain.${constants.guestTokenOperation}`)
    assert.equal(call.name, 'databrain.guest_token.create', 'the name the telemetry spec gives')
    assert.equal(call.attributes['databrain.operation'], constants.guestTokenOperation)
    assert.equal(call.attributes['server.address'], '127.0.0.1')
    assert.equal(call.attributes['databrain.attempt_count'], 3)
    assert.equal(call.status.code, SpanStatusCode.UNSET)
    assert.equal(new Set(spans.map((s) => s.spanContext().traceId)).size, 1)
    for (const attempt of attempts) {
      assert.equal(parentId(attempt), call.spanContext().spanId)
      assert.equal(attempt.name, `POST ${GUEST_PATH}`)
      assert.ok(ns(call.startTime) <= ns(attempt.startTime) + SLACK, 'starts within the call')
      assert.ok(ns(attempt.startTime) <= ns(attempt.endTime) && ns(attempt.endTime) <= ns(call.endTime) + SLACK)
      assert.equal(attempt.attributes['http.request.method'], 'POST')
      assert.equal(attempt.attributes['url.template'], GUEST_PATH)
      assert.equal(attempt.attributes['url.full'], ctx.mock.url + GUEST_PATH)
      assert.equal(attempt.attributes['network.protocol.version'], '1.1')
    }
    assert.deepEqual(attempts.map((a) => a.attributes['http.request.resend_count']), [undefined, 1, 2])
    assert.deepEqual(attempts.map((a) => a.attributes['http.response.status_code']), [503, 503, 200])
    assert.deepEqual(attempts.map((a) => a.status.code), [SpanStatusCode.ERROR, SpanStatusCode.ERROR, SpanStatusCode.UNSET])
    const wire = ctx.mock.requests()
    assert.equal(wire.length, 3)
    const ids = call.spanContext()
    assert.deepEqual(new Set(wire.map((r) => r.headers.traceparent.split('-').slice(0, 3).join('-'))), new Set([`00-${ids.traceId}-${ids.spanId}`]))
    assert.equal(new Set(wire.map((r) => r.headers['x-request-id'])).size, 1)
    const http = await otel.points('http.client.request.duration')
    assert.equal(http.reduce((n, p) => n + p.value.count, 0), 3)
    assert.ok(http.every((p) => !('url.full' in p.attributes)))
    const operation = await otel.points('databrain.client.operation.duration')
    assert.equal(operation.length, 1)
    assert.equal(operation[0].value.count, 1)
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken, token, 'user-77', MINIMAL.dataAppName])
  })

  test('an error answer ends the call span with ERROR and its error.type', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 401 })
    await assert.rejects(client().createGuestToken(MINIMAL))
    await assert.rejects(client().createGuestToken({ ...MINIMAL, clientId: '' }))
    const calls = internal(otel.spans())
    assert.deepEqual(calls.map((c) => c.status.code), [SpanStatusCode.ERROR, SpanStatusCode.ERROR])
    assert.equal(calls[0].attributes['error.type'], '401')
    assert.equal(calls[1].attributes['error.type'], 'ValidationError')
    assert.equal(clientSpans(otel.spans()).length, 1, 'nothing sent for the invalid request')
  })

  test('50 concurrent calls under 50 parents: none mis-parented', async () => {
    const c = client()
    const parents = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        otel.tracer.startActiveSpan(`parent-${i}`, async (parent) => {
          await c.createGuestToken({ ...MINIMAL, clientId: `u${i}` })
          parent.end()
          return parent.spanContext().spanId
        }),
      ),
    )
    const spans = otel.spans()
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]))
    const calls = internal(spans)
    assert.equal(calls.length, 50)
    let mis = 0
    for (const call of calls) {
      const parent = byId.get(parentId(call))
      if (!parent?.name.startsWith('parent-') || parent.spanContext().traceId !== call.spanContext().traceId) mis++
    }
    for (const attempt of clientSpans(spans)) {
      if (byId.get(parentId(attempt))?.kind !== SpanKind.INTERNAL) mis++
    }
    assert.equal(mis, 0)
    assert.deepEqual(calls.map(parentId).sort(), [...parents].sort())
    const wire = new Set(ctx.mock.requests().map((r) => r.headers.traceparent.split('-')[2]))
    assert.deepEqual(wire, new Set(calls.map((c) => c.spanContext().spanId)))
  })

  // Every row of the call table through the public namespace method a user calls
  // (`client.dataApps.list(...).all()`, `client.embeds.create(...)`).
  const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/management.json', import.meta.url), 'utf8')).cases
  const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
  for (const row of OPERATIONS) {
    test(`management call ${row.name}: its span, attempts and trace context`, async () => {
      const c = vectors.find((v) => v.call === row.name && v.result === 'ok' && !v.errors)
      assert.ok(c, `a vector for ${row.name}`)
      const [family, name] = row.name.split('.')
      const method = client()[camel(family)][camel(name)]
      assert.equal(typeof method, 'function', `client.${camel(family)}.${camel(name)}`)
      let result
      if (row.paginated) {
        const list = method(c.input, c.options)
        result = await (c.page === undefined ? list.all() : list.page(c.page))
      } else {
        result = await method(c.input, c.options)
      }
      const spans = otel.spans()
      const calls = internal(spans)
      assert.equal(calls.length, 1)
      const [span] = calls
      assert.equal(span.name, `databrain.${row.name}`)
      assert.equal(span.attributes['databrain.operation'], row.name)
      assert.equal(span.status.code, SpanStatusCode.UNSET)
      const attempts = clientSpans(spans)
      assert.ok(attempts.length >= 1)
      assert.equal(attempts.length, ctx.mock.requests().length)
      for (const attempt of attempts) assert.equal(parentId(attempt), span.spanContext().spanId)
      for (const r of ctx.mock.requests()) assert.equal(wireTraceId(r), span.spanContext().traceId)
      const [point] = await otel.points('databrain.client.operation.duration')
      assert.equal(point.attributes['databrain.operation'], row.name)
      // A rotated key in the answer stays out too.
      const secrets = [ctx.mock.apiKey, ctx.mock.serviceToken]
      if (typeof result?.key === 'string') secrets.push(result.key)
      await assertNoSecret(secrets)
    })
  }

  test('the cache: miss (its spawned mint under the call), hit, coalesced, refresh failures', async () => {
    const db = client()
    const cache = new GuestTokenCache(db, { refreshMargin: 0.99 })
    const request = { ...MINIMAL, clientId: 'user-9', expiryTime: 5000 }
    const first = await cache.get(request)
    await cache.get({ ...request, clientId: 'user-10', expiryTime: 3_600_000 })
    await cache.get({ ...request, clientId: 'user-10', expiryTime: 3_600_000 })
    let calls = internal(otel.spans())
    assert.deepEqual(calls.map((c) => c.attributes['databrain.guest_token.cache_hit']), [false, false, true])
    const missAttempts = clientSpans(otel.spans()).filter((s) => parentId(s) === calls[0].spanContext().spanId)
    assert.equal(missAttempts.length, 1)
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 300 })
    await Promise.all([cache.get({ ...request, clientId: 'user-11' }), cache.get({ ...request, clientId: 'user-11' })])
    await new Promise((r) => setTimeout(r, 100))
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 400 })
    await cache.get(request) // stale: served, its background refresh fails
    for (let i = 0; i < 200 && cache.stats().refreshFailures === 0; i++) await new Promise((r) => setTimeout(r, 10))
    const lookups = Object.fromEntries(
      (await otel.points('databrain.guest_token.cache.lookups')).map((p) => [p.attributes['databrain.cache.result'], p.value]),
    )
    assert.deepEqual(lookups, { miss: 3, hit: 1, coalesced: 1, stale: 1 })
    const [failures] = await otel.points('databrain.guest_token.refresh.failures')
    assert.equal(failures.value, 1)
    calls = internal(otel.spans())
    await assertNoSecret([ctx.mock.apiKey, first.token, 'user-9', MINIMAL.dataAppName])
  })

  test('switches: telemetry false, propagate false, DATABRAIN_OTEL=off, telemetry true', async () => {
    await client({ telemetry: false }).createGuestToken(MINIMAL)
    assert.equal(otel.spans().length, 0)
    assert.equal(ctx.mock.requests().at(-1).headers.traceparent, undefined)
    await client({ propagate: false }).createGuestToken(MINIMAL)
    assert.equal(otel.spans().length, 2)
    assert.equal(ctx.mock.requests().at(-1).headers.traceparent, undefined)
    process.env.DATABRAIN_OTEL = 'off'
    try {
      await client().createGuestToken(MINIMAL)
      assert.equal(otel.spans().length, 2)
      await client({ telemetry: true }).createGuestToken(MINIMAL)
      assert.equal(otel.spans().length, 4)
    } finally {
      delete process.env.DATABRAIN_OTEL
    }
  })

  // The two workflows: one INTERNAL span each, every request of every step a CLIENT attempt
  // span right under it, the workflow span's context on every request at the mock.
  const EMBED = {
    dashboardId: 'dash-sales-overview',
    embedType: 'dashboard',
    workspaceName: 'Sales',
    name: 'Acme sales',
    accessSettings: { datamartName: 'Sales Mart' },
  }
  const SPEC = { dataAppName: 'acme', keyName: 'acme production', embed: EMBED }

  /** The workflow's one span, checked against the spans and the requests since `since`. */
  async function assertWorkflow(operation, { since = 0, error = null } = {}) {
    const spans = otel.spans()
    const calls = internal(spans)
    assert.deepEqual(calls.map((c) => c.name), [`databrain.${operation}`], 'one span, no per-request call span')
    const [workflow] = calls
    const ids = workflow.spanContext()
    assert.equal(workflow.kind, SpanKind.INTERNAL)
    assert.equal(workflow.attributes['databrain.operation'], operation)
    assert.equal(workflow.attributes['server.address'], '127.0.0.1')
    const wire = ctx.mock.requests().slice(since)
    const attempts = clientSpans(spans)
    assert.ok(wire.length >= 1)
    assert.equal(attempts.length, wire.length, 'one attempt span per request')
    assert.equal(workflow.attributes['databrain.attempt_count'], wire.length)
    for (const attempt of attempts) {
      assert.equal(parentId(attempt), ids.spanId)
      assert.equal(attempt.spanContext().traceId, ids.traceId)
      assert.ok(ns(workflow.startTime) <= ns(attempt.startTime) + SLACK && ns(attempt.endTime) <= ns(workflow.endTime) + SLACK)
    }
    assert.deepEqual(
      attempts.map((a) => `${a.attributes['http.request.method']} ${a.attributes['url.template']}`).sort(),
      wire.map((r) => `${r.method} ${r.path}`).sort(),
    )
    for (const r of wire) assert.equal(r.headers.traceparent.split('-').slice(1, 3).join('-'), `${ids.traceId}-${ids.spanId}`)
    if (error === null) {
      assert.equal(workflow.status.code, SpanStatusCode.UNSET)
      assert.equal(workflow.attributes['error.type'], undefined)
    } else {
      assert.equal(workflow.status.code, SpanStatusCode.ERROR)
      assert.equal(workflow.attributes['error.type'], error)
      const failed = attempts.filter((a) => a.status.code === SpanStatusCode.ERROR)
      assert.deepEqual(failed.map((a) => a.attributes['error.type']), [error])
    }
    const operations = await otel.points('databrain.client.operation.duration')
    assert.equal(operations.length, 1)
    assert.equal(operations[0].value.count, 1)
    assert.equal(operations[0].attributes['databrain.operation'], operation)
    assert.equal(operations[0].attributes['error.type'], error ?? undefined)
    const http = await otel.points('http.client.request.duration')
    assert.equal(http.reduce((n, p) => n + p.value.count, 0), wire.length)
    return workflow
  }

  test('provisionTenant: one workflow span, each request an attempt span under it', async () => {
    const made = await client().provisionTenant(SPEC)
    assert.equal(constants.provisionTenantOperation, 'provision_tenant')
    const workflow = await assertWorkflow(constants.provisionTenantOperation)
    assert.equal(workflow.name, 'databrain.provision_tenant')
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken, made.apiKey.key, SPEC.dataAppName, SPEC.keyName])
  })

  test('provisionTenant failing at a step: ERROR and error.type on the workflow span', async () => {
    ctx.mock.injectFault({ kind: 'status', status: 500, path: '/api/v2/data-app/api-tokens', method: 'POST', afterHandling: true })
    await assert.rejects(client({ maxRetries: 0 }).provisionTenant(SPEC))
    await assertWorkflow(constants.provisionTenantOperation, { error: '500' })
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken])
  })

  test('rotateApiKey: one workflow span, its requests under it; a refused rotation is an ERROR', async () => {
    const made = await client({ telemetry: false }).provisionTenant(SPEC)
    const since = ctx.mock.requests().length
    const tenant = client().withApiKey(made.apiKey.key)
    const rotated = await tenant.rotateApiKey({ grace: 60 })
    assert.equal(constants.rotateApiKeyOperation, 'rotate_api_key')
    const workflow = await assertWorkflow(constants.rotateApiKeyOperation, { since })
    assert.equal(workflow.name, 'databrain.rotate_api_key')
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken, made.apiKey.key, rotated.key])

    otel = makeOtel()
    const again = ctx.mock.requests().length
    ctx.mock.injectFault({ kind: 'status', status: 403, method: 'POST' })
    const fresh = client().withApiKey(rotated.key)
    await assert.rejects(fresh.rotateApiKey({ grace: 60 }))
    await assertWorkflow(constants.rotateApiKeyOperation, { since: again, error: '403' })
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken, rotated.key])
  })

  // Page iteration: each page read is a call of its own, in the context active when it is asked for.
  test('list pages: one span per page fetched, under the span active when that page was asked for', async () => {
    const setup = client({ telemetry: false })
    const seeded = (await setup.dataApps.list().all()).length
    const total = 2 * PAGE_SIZE + 3 // three pages, the last one short
    for (let i = seeded; i < total; i++) await setup.dataApps.create({ name: `paged-app-${i}` })
    ctx.mock.clearRequests()
    const pages = client().dataApps.list().pages()
    const parents = []
    const sizes = []
    for (let i = 0; ; i++) {
      const step = await otel.tracer.startActiveSpan(`page-parent-${i}`, async (parent) => {
        const next = await pages.next()
        parent.end()
        parents.push(parent.spanContext())
        return next
      })
      if (step.done) break
      sizes.push(step.value.length)
    }
    assert.deepEqual(sizes, [PAGE_SIZE, PAGE_SIZE, 3])
    const spans = otel.spans()
    const calls = internal(spans)
    assert.equal(calls.length, 3, 'one span per request: none for the end of the list')
    assert.equal(ctx.mock.requests().length, 3)
    calls.forEach((call, i) => {
      assert.equal(call.name, 'databrain.data_apps.list')
      assert.equal(parentId(call), parents[i].spanId, `page ${i + 1} under the parent active when it was asked for`)
      assert.equal(call.spanContext().traceId, parents[i].traceId)
      const attempts = clientSpans(spans).filter((a) => parentId(a) === call.spanContext().spanId)
      assert.equal(attempts.length, 1)
      assert.equal(attempts[0].attributes['url.template'], '/api/v2/data-app')
    })
    assert.deepEqual(
      ctx.mock.requests().map((r) => [new URLSearchParams(r.query).get('pageNumber'), wireSpanId(r)]),
      calls.map((c, i) => [String(i + 1), c.spanContext().spanId]),
    )
    const [point] = await otel.points('databrain.client.operation.duration')
    assert.equal(point.value.count, 3)

    // `for await` over the items: the same, every page under the one active span.
    otel = makeOtel()
    const items = await otel.tracer.startActiveSpan('items', async (parent) => {
      const seen = []
      for await (const app of client().dataApps.list()) seen.push(app)
      parent.end()
      return seen
    })
    assert.equal(items.length, total)
    const [parent] = otel.spans().filter((s) => s.name === 'items')
    const perPage = internal(otel.spans())
    assert.equal(perPage.length, 3)
    for (const call of perPage) assert.equal(parentId(call), parent.spanContext().spanId)
    await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken])
  })

  test('a failing page: its span is an ERROR with error.type', async () => {
    ctx.mock.injectFault({ kind: 'status', status: 500, path: '/api/v2/data-app', method: 'GET' })
    const pages = client({ maxRetries: 0 }).dataApps.list().pages()
    await assert.rejects(pages.next())
    const [call] = internal(otel.spans())
    assert.equal(call.name, 'databrain.data_apps.list')
    assert.equal(call.status.code, SpanStatusCode.ERROR)
    assert.equal(call.attributes['error.type'], '500')
  })

  // The shared tier's counters (observed from every watched cache's stats) against a real
  // redis-server on loopback.
  test('shared tier: lookups by result, lock waits and fallback mints', async (t) => {
    const redis = await startRedis()
    if (!redis) return t.skip('redis-server is not installed')
    try {
      const db = client()
      const one = new GuestTokenCache(db, { sharedCacheUrl: redis.url })
      const two = new GuestTokenCache(db, { sharedCacheUrl: redis.url })
      const dead = new GuestTokenCache(db, { sharedCacheUrl: 'redis://127.0.0.1:1/', sharedCacheOpTimeoutMs: 100 })
      const request = { ...MINIMAL, clientId: 'u-shared', expiryTime: 600_000 }
      // Two processes' worth of caches asking at once while the mint is slow: one mints, the
      // other waits on the shared lock and reads its token.
      ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 300 })
      const [a, b] = await Promise.all([one.get(request), two.get(request)])
      assert.equal(a.token, b.token)
      await two.get({ ...request, clientId: 'u-shared-2' })
      await one.get({ ...request, clientId: 'u-shared-2' })
      for (let i = 0; i < 3; i++) await dead.get({ ...request, clientId: `u-dead-${i}` })
      const caches = [one, two, dead].map((c) => c.stats())
      const sum = (key) => caches.reduce((n, s) => n + s[key], 0)
      for (const key of ['sharedHits', 'sharedMisses', 'sharedErrors', 'lockWaits', 'fallbackMints']) {
        assert.ok(sum(key) >= 1, `${key} happened`)
      }
      const lookups = Object.fromEntries(
        (await otel.points('databrain.guest_token.shared_cache.lookups')).map((p) => [p.attributes['databrain.cache.result'], p.value]),
      )
      assert.deepEqual(lookups, { hit: sum('sharedHits'), miss: sum('sharedMisses'), error: sum('sharedErrors') })
      const [waits] = await otel.points('databrain.guest_token.shared_cache.lock_waits')
      assert.equal(waits.value, sum('lockWaits'))
      const [fallbacks] = await otel.points('databrain.guest_token.shared_cache.fallback_mints')
      assert.equal(fallbacks.value, sum('fallbackMints'))
      for (const [name, unit] of [
        ['databrain.guest_token.shared_cache.lookups', '{lookup}'],
        ['databrain.guest_token.shared_cache.lock_waits', '{wait}'],
        ['databrain.guest_token.shared_cache.fallback_mints', '{mint}'],
      ]) {
        const descriptor = await otel.descriptor(name)
        assert.equal(descriptor.unit, unit)
        assert.ok(descriptor.description.length > 0)
      }
      await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken, a.token, 'u-shared', redis.url, MINIMAL.dataAppName])
    } finally {
      await redis.stop()
    }
  })

  test('without @opentelemetry/api the package loads, works and records nothing', () => {
    const script = `
      const Module = require('node:module')
      const resolve = Module._resolveFilename
      Module._resolveFilename = function (request, ...rest) {
        if (request.startsWith('@opentelemetry/')) {
          const err = new Error('hidden: ' + request); err.code = 'MODULE_NOT_FOUND'; throw err
        }
        return resolve.call(this, request, ...rest)
      }
      const { Databrain } = require(${JSON.stringify(require.resolve('../index.js'))})
      const db = new Databrain({ baseUrl: ${JSON.stringify(ctx.mock.url)}, apiKey: ${JSON.stringify(ctx.mock.apiKey)} })
      db.createGuestToken(${JSON.stringify(MINIMAL)}).then((t) => {
        const loaded = Object.keys(require.cache).filter((f) => f.includes('@opentelemetry'))
        if (loaded.length) throw new Error('loaded ' + loaded)
        console.log(t.length > 0 ? 'ok' : 'empty')
      })
    `
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    assert.equal(out.trim(), 'ok')
    assert.equal(ctx.mock.requests().at(-1).headers.traceparent, undefined)
  })

  test('loading the package loads no OpenTelemetry module', () => {
    const script = `require(${JSON.stringify(require.resolve('../index.js'))}); console.log(Object.keys(require.cache).filter((f) => f.includes('@opentelemetry')).length)`
    assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), '0')
  })
})
