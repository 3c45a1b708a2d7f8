// The four mint endpoints in their real frameworks, each request inside a SERVER span opened
// by the real OpenTelemetry SDK's tracer the way an HTTP instrumentation opens it: Express
// (middleware), Fastify (an onRequest hook), Next.js (the App Router route handler called with
// a Request inside the span) and the fetch-style handler (a Hono middleware). In each, the
// guest-token call span is a child of the server span, and the trace id on the wire is the
// server span's.
import assert from 'node:assert/strict'
import { beforeEach, describe, test } from 'node:test'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { GuestTokenCache } from 'databrain'
import { guestTokenHandler as expressHandler } from 'databrain/express'
import { guestTokenPlugin } from 'databrain/fastify'
import { guestTokenHandler as fetchHandler } from 'databrain/fetch'
import { guestTokenRoute } from 'databrain/next'
import { MINIMAL, useMock } from '../test-support/helpers.mjs'
import { assertNoSecret, clientSpans, internal, parentId, serverSpans, useOtel, wireTraceId } from '../test-support/otel.mjs'

const ctx = useMock()
const o = useOtel()
let otel
beforeEach(() => {
  otel = o.otel
})

const PATH = '/api/guest-token'
const USERS = ['tenant-user-1', 'tenant-user-2']
// The session stand-in: the end user comes in the `x-user` header.
const mintFor = (user) => (user ? { ...MINIMAL, clientId: user, expiryTime: 3_600_000 } : null)
// A SERVER span made active around `fn`, as an HTTP server instrumentation does.
const inServerSpan = (name, fn) => otel.tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, fn)

/** Posts as `user` to `url` over real HTTP: `{status, body}`. */
async function postOverHttp(url, user) {
  const res = await fetch(url, { method: 'POST', headers: { 'x-user': user } })
  return { status: res.status, body: await res.json() }
}

// Each framework mounts the endpoint with `options` (client or cache) and answers
// `{post(user) -> {status, body}, close()}`.
const FRAMEWORKS = {
  async express(options) {
    const app = express()
    app.use((req, res, next) =>
      inServerSpan(`${req.method} ${req.path}`, (span) => {
        res.on('finish', () => span.end())
        next()
      }),
    )
    app.post(PATH, expressHandler({ ...options, resolve: (req) => mintFor(req.get('x-user')) }))
    const server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    return {
      post: (user) => postOverHttp(`http://127.0.0.1:${server.address().port}${PATH}`, user),
      close: () => new Promise((resolve) => server.close(resolve)),
    }
  },

  async fastify(options) {
    const app = Fastify({ logger: false })
    app.decorateRequest('serverSpan', null)
    app.addHook('onRequest', (request, reply, done) =>
      inServerSpan(`${request.method} ${request.url}`, (span) => {
        request.serverSpan = span
        done()
      }),
    )
    app.addHook('onResponse', async (request) => request.serverSpan?.end())
    await app.register(guestTokenPlugin, { ...options, path: PATH, resolve: (request) => mintFor(request.headers['x-user']) })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    return { post: (user) => postOverHttp(`${address}${PATH}`, user), close: () => app.close() }
  },

  async next(options) {
    // The App Router calls the exported POST with the Web Request, inside its server span.
    const POST = guestTokenRoute({ ...options, resolve: (req) => mintFor(req.headers.get('x-user')) })
    return {
      post: (user) =>
        inServerSpan(`POST ${PATH}`, async (span) => {
          try {
            const res = await POST(new Request(`http://localhost${PATH}`, { method: 'POST', headers: { 'x-user': user } }))
            return { status: res.status, body: await res.json() }
          } finally {
            span.end()
          }
        }),
      close: async () => {},
    }
  },

  async fetch(options) {
    const app = new Hono()
    app.use(async (c, next) =>
      inServerSpan(`${c.req.method} ${c.req.path}`, async (span) => {
        try {
          await next()
        } finally {
          span.end()
        }
      }),
    )
    const handler = fetchHandler({ ...options, resolve: (req) => mintFor(req.headers.get('x-user')) })
    app.post(PATH, (c) => handler(c.req.raw, c))
    return {
      post: async (user) => {
        const res = await app.request(PATH, { method: 'POST', headers: { 'x-user': user } })
        return { status: res.status, body: await res.json() }
      },
      close: async () => {},
    }
  },
}

/** Each call span under its request's server span; the wire's trace ids are the servers'. */
function assertCallsUnderServerSpans(count) {
  const spans = otel.spans()
  const servers = serverSpans(spans)
  const calls = internal(spans)
  assert.equal(servers.length, count)
  assert.equal(calls.length, count)
  const serverById = new Map(servers.map((s) => [s.spanContext().spanId, s]))
  for (const call of calls) {
    assert.equal(call.name, 'databrain.guest_token.create')
    assert.equal(call.status.code, SpanStatusCode.UNSET)
    const server = serverById.get(parentId(call))
    assert.ok(server, 'the call span is a child of a server span')
    assert.equal(call.spanContext().traceId, server.spanContext().traceId)
    const attempts = clientSpans(spans).filter((a) => parentId(a) === call.spanContext().spanId)
    assert.equal(attempts.length, 1, 'its attempt under it')
  }
  const wire = ctx.mock.requests().map(wireTraceId)
  assert.equal(wire.length, count)
  assert.deepEqual(new Set(wire), new Set(servers.map((s) => s.spanContext().traceId)))
  return calls
}

for (const [framework, mount] of Object.entries(FRAMEWORKS)) {
  describe(`${framework} mint endpoint`, () => {
    for (const kind of ['client', 'cache']) {
      test(`with a ${kind}: the call span is a child of the server span, its trace on the wire`, async () => {
        const db = ctx.mock.client({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider })
        const app = await mount(kind === 'cache' ? { cache: new GuestTokenCache(db) } : { client: db })
        const tokens = []
        try {
          for (const user of USERS) {
            const { status, body } = await app.post(user)
            assert.equal(status, 200)
            tokens.push(body.token)
          }
        } finally {
          await app.close()
        }
        // Servers end their span once the answer is written: let that happen.
        await new Promise((resolve) => setTimeout(resolve, 20))
        const calls = assertCallsUnderServerSpans(USERS.length)
        if (kind === 'cache') {
          assert.deepEqual(calls.map((c) => c.attributes['databrain.guest_token.cache_hit']), [false, false])
        }
        await assertNoSecret(otel, [ctx.mock.apiKey, ctx.mock.serviceToken, ...tokens, ...USERS, MINIMAL.dataAppName])
      })
    }
  })
}
