// databrain/fastify: guestTokenPlugin registered in a real Fastify app, against the mock —
// through `inject` and through a real listen on a loopback port. The status/body/log of each
// outcome is the core's rule; these tests check that the plugin routes every outcome to it.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { GuestTokenCache } from 'databrain'
import { guestTokenPlugin } from 'databrain/fastify'
import * as esmFastify from 'databrain/fastify'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const ctx = useMock()
const HOUR = 3_600_000
const URL_PATH = '/api/guest-token'
const REQUEST_ID = /request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

/** Records log lines like a logger would, to assert on them. */
function recordingLogger() {
  const lines = []
  return { lines, warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) }
}

// The session stand-in: a hook sets request.user from `x-user-id`; `x-extra-field` lets a test
// make resolve's output invalid. The body is never read.
function forUser(request) {
  if (!request.user) return null
  const fields = { clientId: request.user.id, dataAppName: 'sales-dashboard', expiryTime: HOUR }
  const extra = request.headers['x-extra-field']
  if (extra) fields[extra] = 'x'
  return fields
}

/** A Fastify app with the plugin; `post(user, body, headers)` answers `{status, headers, json}`. */
async function serve(transport, pluginOptions) {
  const app = Fastify({ logger: false })
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => {
    const id = request.headers['x-user-id']
    if (id) request.user = { id }
  })
  await app.register(guestTokenPlugin, { resolve: forUser, ...pluginOptions })
  const headersFor = (user, extra) => ({ 'content-type': 'application/json', ...(user ? { 'x-user-id': user } : {}), ...extra })
  if (transport === 'inject') {
    await app.ready()
    return {
      post: async (user, body = {}, extra = {}, method = 'POST') => {
        const payload = method === 'GET' ? undefined : JSON.stringify(body)
        const res = await app.inject({ method, url: URL_PATH, headers: headersFor(user, extra), payload })
        return { status: res.statusCode, headers: res.headers, text: res.body }
      },
      close: () => app.close(),
    }
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    post: async (user, body = {}, extra = {}, method = 'POST') => {
      const init = { method, headers: headersFor(user, extra), body: method === 'GET' ? undefined : JSON.stringify(body) }
      const res = await fetch(`${address}${URL_PATH}`, init)
      return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() }
    },
    close: () => app.close(),
  }
}

for (const transport of ['inject', 'listen']) {
  describe(`guestTokenPlugin (${transport})`, () => {
    test('200 {token, expiresAt, refreshAt} with no-store, for the session user; the body cannot choose the tenant', async () => {
      const logger = recordingLogger()
      const app = await serve(transport, { client: ctx.mock.client(), logger })
      try {
        const res = await app.post('user-456', { clientId: 'someone-else', client_id: 'someone-else' })
        assert.equal(res.status, 200, res.text)
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.match(res.headers['content-type'], /^application\/json/)
        const body = JSON.parse(res.text)
        assert.deepEqual(Object.keys(body), ['token', 'expiresAt', 'refreshAt'])
        assert.equal(ctx.mock.guestTokens().at(-1).token, body.token)
        assert.equal(ctx.mock.requests().at(-1).body.clientId, 'user-456')
        assert.ok(Date.parse(body.refreshAt) < Date.parse(body.expiresAt))
        assert.deepEqual(logger.lines, [])
      } finally {
        await app.close()
      }
    })

    test('no session → 401, nothing sent to Databrain', async () => {
      const app = await serve(transport, { client: ctx.mock.client() })
      try {
        const res = await app.post(undefined)
        assert.equal(res.status, 401)
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.deepEqual(JSON.parse(res.text), { error: { code: 'NO_SESSION' } })
      } finally {
        await app.close()
      }
      assert.equal(ctx.mock.requests().length, 0)
    })

    test('Databrain rate limit → 503 with Retry-After, logged as a warning', async () => {
      ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '7' })
      const logger = recordingLogger()
      const app = await serve(transport, { client: ctx.mock.client({ maxRetries: 0 }), logger })
      try {
        const res = await app.post('user-1')
        assert.equal(res.status, 503)
        assert.equal(res.headers['retry-after'], '7')
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.deepEqual(JSON.parse(res.text), { error: { code: 'RATE_LIMIT_EXCEEDED' } })
        assert.equal(logger.lines.length, 1)
        assert.equal(logger.lines[0][0], 'warn')
        assert.match(logger.lines[0][1], REQUEST_ID)
      } finally {
        await app.close()
      }
    })

    test('another Databrain error → 502 with its code only; logged with the request id, no credential', async () => {
      ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 500, message: 'db exploded at host-7' })
      const logger = recordingLogger()
      const app = await serve(transport, { cache: new GuestTokenCache(ctx.mock.client({ maxRetries: 0 })), logger })
      try {
        const res = await app.post('user-1')
        assert.equal(res.status, 502)
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.deepEqual(JSON.parse(res.text), { error: { code: 'INTERNAL_SERVER_ERROR' } })
        assert.equal(logger.lines.length, 1)
        const [level, line] = logger.lines[0]
        assert.equal(level, 'error')
        assert.match(line, REQUEST_ID)
        assert.ok(!line.includes('db exploded') && !line.includes(ctx.mock.apiKey), line)
      } finally {
        await app.close()
      }
    })

    test('an invalid resolve output → 500, field path logged, not in the body, nothing sent', async () => {
      const logger = recordingLogger()
      const app = await serve(transport, { client: ctx.mock.client(), logger })
      try {
        const res = await app.post('user-1', {}, { 'x-extra-field': 'tenant' })
        assert.equal(res.status, 500)
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.deepEqual(JSON.parse(res.text), { error: { code: 'MINT_ENDPOINT_ERROR' } })
        assert.deepEqual(logger.lines.map(([level]) => level), ['error'])
        assert.match(logger.lines[0][1], /tenant: /)
      } finally {
        await app.close()
      }
      assert.equal(ctx.mock.requests().length, 0)
    })

    test('with a cache, a second call does not mint; only POST is routed', async () => {
      const app = await serve(transport, { cache: new GuestTokenCache(ctx.mock.client()) })
      try {
        const first = JSON.parse((await app.post('user-1')).text)
        const second = JSON.parse((await app.post('user-1')).text)
        assert.equal(second.token, first.token)
        assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
        assert.equal((await app.post('user-1', undefined, {}, 'GET')).status, 404)
      } finally {
        await app.close()
      }
    })
  })
}

test('the default logger is the Fastify instance\'s; a custom path and a prefix', async () => {
  const lines = []
  const stream = { write: (line) => lines.push(JSON.parse(line)) }
  const app = Fastify({ logger: { level: 'warn', stream } })
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => { request.user = { id: 'u' } })
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '3' })
  await app.register(guestTokenPlugin, { client: ctx.mock.client({ maxRetries: 0 }), resolve: forUser, path: '/token' })
  await app.register(guestTokenPlugin, { client: ctx.mock.client(), resolve: forUser, prefix: '/v2' })
  try {
    const limited = await app.inject({ method: 'POST', url: '/token' })
    assert.equal(limited.statusCode, 503)
    assert.deepEqual(lines.map((l) => l.level), [40])
    assert.match(lines[0].msg, REQUEST_ID)
    const minted = await app.inject({ method: 'POST', url: '/v2/api/guest-token' })
    assert.equal(minted.statusCode, 200, minted.body)
    const token = JSON.parse(minted.body).token
    assert.equal(ctx.mock.guestTokens().at(-1).token, token)
    assert.ok(!JSON.stringify(lines).includes(token))
  } finally {
    await app.close()
  }
})

test('an error thrown by resolve goes to Fastify\'s error handling', async () => {
  const boom = new Error('session store down')
  const app = Fastify()
  const seen = []
  app.setErrorHandler((err, request, reply) => {
    seen.push(err)
    reply.code(500).send({ error: 'app error' })
  })
  await app.register(guestTokenPlugin, { client: ctx.mock.client(), resolve: () => { throw boom } })
  try {
    const res = await app.inject({ method: 'POST', url: URL_PATH })
    assert.equal(res.statusCode, 500)
    assert.deepEqual(seen, [boom])
  } finally {
    await app.close()
  }
  assert.equal(ctx.mock.requests().length, 0)
})

test('bad options fail the registration', async () => {
  const client = ctx.mock.client()
  for (const [options, message] of [
    [{ client }, /resolve/],
    [{ resolve: forUser }, /exactly one/],
    [{ client: {}, resolve: forUser }, /Databrain client/],
    [{ client, resolve: forUser, path: 'no-slash' }, /path/],
  ]) {
    const app = Fastify()
    app.register(guestTokenPlugin, options)
    await assert.rejects(app.ready(), { name: 'TypeError', message })
    await app.close()
  }
})

test('CJS and ESM give the same function', () => {
  assert.equal(esmFastify.guestTokenPlugin, require('databrain/fastify').guestTokenPlugin)
  assert.equal(esmFastify.default.guestTokenPlugin, guestTokenPlugin)
})
