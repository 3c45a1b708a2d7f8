// OpenTelemetry with the real SDK (in-memory span exporter, a pull metric reader, the
// AsyncLocalStorage context manager) over real HTTP against the mock: the span tree of a
// retried call, the trace context on the wire, metrics, 50 concurrent calls under 50 parents,
// every management call, the cache, the switches, no secret in any exported attribute, and the
// package working without @opentelemetry/api installed.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, beforeEach, describe, test } from 'node:test'
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import express from 'express'
import { GuestTokenCache } from 'databrain'
import { guestTokenHandler } from 'databrain/express'
import { GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const native = require('../lib/native.js').loadNative()
const constants = native.constants()
const OPERATIONS = native.operations()
const ctx = useMock()

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

let otel
function makeOtel() {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const reader = new PullReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  return {
    exporter,
    tracerProvider,
    meterProvider,
    reader,
    tracer: tracerProvider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
    async points(name) {
      const { resourceMetrics } = await reader.collect()
      const out = []
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name === name) out.push(...metric.dataPoints)
        }
      }
      return out
    },
    async allAttributes() {
      const texts = []
      for (const span of exporter.getFinishedSpans()) {
        texts.push(span.name, ...Object.entries(span.attributes).map(([k, v]) => `${k}=${v}`))
        for (const event of span.events) texts.push(...Object.entries(event.attributes ?? {}).map(([k, v]) => `${k}=${v}`))
      }
      const { resourceMetrics } = await reader.collect()
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints) texts.push(...Object.entries(point.attributes).map(([k, v]) => `${k}=${v}`))
        }
      }
      return texts.join('\n')
    },
  }
}

const client = (options = {}) =>
  ctx.mock.client({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, ...options })
const internal = (spans) => spans.filter((s) => s.kind === SpanKind.INTERNAL && s.name.startsWith('databrain.'))
const clientSpans = (spans) => spans.filter((s) => s.kind === SpanKind.CLIENT)
const parentId = (span) => span.parentSpanContext?.spanId
const ns = ([s, n]) => BigInt(s) * 1_000_000_000n + BigInt(n)

async function assertNoSecret(secrets) {
  const all = await otel.allAttributes()
  for (const secret of secrets) assert.ok(secret && !all.includes(secret), `${secret} in exported telemetry`)
}

before(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
})
beforeEach(() => {
  otel = makeOtel()
})
after(() => context.disable())

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
    assert.equal(call.attributes['databrain.operation'], constants.guestTokenOperation)
    assert.equal(call.attributes['server.address'], '127.0.0.1')
    assert.equal(call.attributes['databrain.attempt_count'], 3)
    assert.equal(call.status.code, SpanStatusCode.UNSET)
    assert.equal(new Set(spans.map((s) => s.spanContext().traceId)).size, 1)
    for (const attempt of attempts) {
      assert.equal(parentId(attempt), call.spanContext().spanId)
      assert.equal(attempt.name, `POST ${GUEST_PATH}`)
      assert.ok(ns(call.startTime) <= ns(attempt.startTime) + 1000n, 'starts within the call')
      assert.ok(ns(attempt.startTime) <= ns(attempt.endTime) && ns(attempt.endTime) <= ns(call.endTime) + 1000n)
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

  const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/management.json', import.meta.url), 'utf8')).cases
  for (const row of OPERATIONS) {
    test(`management call ${row.name}: its span, attempts and trace context`, async () => {
      const c = vectors.find((v) => v.call === row.name && v.result === 'ok' && !v.errors)
      assert.ok(c, `a vector for ${row.name}`)
      const { call } = require('../lib/resources.js')
      const db = client()
      // The same path the namespaces take: the client's telemetry around native.call.
      const { telemetryOf, nativeClientOf } = require('../lib/client.js')
      await call(telemetryOf(db), nativeClientOf(db), row.name, c.input, c.options, c.page)
      const spans = otel.spans()
      const [span] = internal(spans)
      assert.equal(span.name, `databrain.${row.name}`)
      const attempts = clientSpans(spans)
      assert.ok(attempts.length >= 1)
      assert.equal(attempts.length, ctx.mock.requests().length)
      for (const attempt of attempts) assert.equal(parentId(attempt), span.spanContext().spanId)
      for (const r of ctx.mock.requests()) assert.equal(r.headers.traceparent.split('-')[1], span.spanContext().traceId)
      await assertNoSecret([ctx.mock.apiKey, ctx.mock.serviceToken])
    })
  }

  test('the namespaces are watched too', async () => {
    await client().dataApps.list().all()
    assert.equal(internal(otel.spans())[0].name, 'databrain.data_apps.list')
  })

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

  for (const kind of ['cache', 'client']) {
    test(`Express mint endpoint (${kind}) runs inside the server span`, async () => {
      const db = client()
      const target = kind === 'cache' ? { cache: new GuestTokenCache(db) } : { client: db }
      const app = express()
      // A server span around each request, as an HTTP instrumentation opens it.
      app.use((req, res, next) =>
        otel.tracer.startActiveSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER }, (span) => {
          res.on('finish', () => span.end())
          next()
        }),
      )
      app.post(
        '/t',
        guestTokenHandler({ ...target, resolve: (req) => ({ ...MINIMAL, clientId: req.get('x-user'), expiryTime: 3_600_000 }) }),
      )
      const server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s))
      })
      try {
        for (const user of ['u1', 'u2']) {
          const r = await fetch(`http://127.0.0.1:${server.address().port}/t`, { method: 'POST', headers: { 'x-user': user } })
          assert.equal(r.status, 200)
        }
      } finally {
        server.close()
      }
      await new Promise((r) => setTimeout(r, 20))
      const spans = otel.spans()
      const servers = spans.filter((s) => s.kind === SpanKind.SERVER)
      const calls = internal(spans)
      assert.equal(servers.length, 2)
      assert.equal(calls.length, 2)
      const serverIds = new Set(servers.map((s) => s.spanContext().spanId))
      for (const call of calls) assert.ok(serverIds.has(parentId(call)), 'the call is a child of a server span')
      const wire = new Set(ctx.mock.requests().map((r) => r.headers.traceparent.split('-')[1]))
      assert.deepEqual(wire, new Set(servers.map((s) => s.spanContext().traceId)))
    })
  }

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
