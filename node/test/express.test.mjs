// databrain/express: guestTokenHandler inside a real Express app on a loopback port, against
// the mock. The status/body/log of each outcome is the core's rule; these tests check that the
// handler routes every outcome to it and writes the answer and the log line.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import express from 'express'
import { GuestTokenCache } from 'databrain'
import { guestTokenHandler } from 'databrain/express'
import * as esmExpress from 'databrain/express'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const ctx = useMock()
const HOUR = 3_600_000

/** Records log lines like a logger would, to assert on them. */
function recordingLogger() {
  const lines = []
  return { lines, warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) }
}

/** An Express app whose session stand-in reads `x-user-id`; `handlerOptions` build the handler. */
async function serve(handlerOptions) {
  const app = express()
  app.use((req, res, next) => {
    const id = req.get('x-user-id')
    if (id) req.user = { id }
    next()
  })
  app.post('/api/guest-token', guestTokenHandler(handlerOptions))
  const thrown = []
  app.use((err, req, res, next) => {
    thrown.push(err)
    res.status(500).json({ error: 'app error' })
  })
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const url = `http://127.0.0.1:${server.address().port}/api/guest-token`
  return {
    thrown,
    post: (user, body = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? { 'x-user-id': user } : {}) },
        body: JSON.stringify(body),
      }),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

const forUser = (req) => req.user && { clientId: req.user.id, dataAppName: 'sales-dashboard', expiryTime: HOUR }

async function liveness(token) {
  return (await fetch(`${ctx.mock.url}/__mock/guest-tokens/${token}`)).json()
}

describe('guestTokenHandler', () => {
  test('200 {token, expiresAt, refreshAt} with no-store, for the session user (sync resolve)', async () => {
    const logger = recordingLogger()
    const app = await serve({ client: ctx.mock.client(), resolve: forUser, logger })
    try {
      const before = Date.now()
      // A clientId in the body is ignored: the tenant is the session's.
      const res = await app.post('user-456', { clientId: 'someone-else' })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('cache-control'), 'no-store')
      assert.match(res.headers.get('content-type'), /^application\/json/)
      const body = await res.json()
      assert.deepEqual(Object.keys(body), ['token', 'expiresAt', 'refreshAt'])
      assert.equal((await liveness(body.token)).live, true)
      assert.equal(ctx.mock.requests().at(-1).body.clientId, 'user-456')
      const expires = Date.parse(body.expiresAt)
      assert.ok(expires >= before + HOUR && expires <= Date.now() + HOUR, body.expiresAt)
      assert.ok(Date.parse(body.refreshAt) < expires)
      assert.deepEqual(logger.lines, [])
    } finally {
      await app.close()
    }
  })

  test('async resolve works the same', async () => {
    const app = await serve({ client: ctx.mock.client(), resolve: async (req) => forUser(req) })
    try {
      const res = await app.post('user-9')
      assert.equal(res.status, 200)
      assert.equal(ctx.mock.guestTokens().at(-1).token, (await res.json()).token)
    } finally {
      await app.close()
    }
  })

  test('no session (resolve → null or undefined) → 401, nothing sent to Databrain', async () => {
    for (const resolve of [forUser, async () => null, () => undefined]) {
      const app = await serve({ client: ctx.mock.client(), resolve })
      try {
        const res = await app.post(resolve === forUser ? undefined : 'user-1')
        assert.equal(res.status, 401)
        assert.equal(res.headers.get('cache-control'), 'no-store')
        assert.equal((await res.json()).token, undefined)
      } finally {
        await app.close()
      }
    }
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('Databrain rate limit → 503 with Retry-After, logged as a warning', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '7' })
    const logger = recordingLogger()
    const app = await serve({ client: ctx.mock.client({ maxRetries: 0 }), resolve: forUser, logger })
    try {
      const res = await app.post('user-1')
      assert.equal(res.status, 503)
      assert.equal(res.headers.get('retry-after'), '7')
      assert.equal(res.headers.get('cache-control'), 'no-store')
      assert.deepEqual(await res.json(), { error: { code: 'RATE_LIMIT_EXCEEDED' } })
      assert.equal(logger.lines.length, 1)
      assert.equal(logger.lines[0][0], 'warn')
    } finally {
      await app.close()
    }
  })

  test('another Databrain error → 502 with its code only; logged with the request id, no credential', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 500, message: 'db exploded at host-7' })
    const logger = recordingLogger()
    const app = await serve({ client: ctx.mock.client({ maxRetries: 0 }), resolve: forUser, logger })
    try {
      const res = await app.post('user-1')
      assert.equal(res.status, 502)
      assert.deepEqual(await res.json(), { error: { code: 'INTERNAL_SERVER_ERROR' } })
      assert.equal(logger.lines.length, 1)
      const [level, line] = logger.lines[0]
      assert.equal(level, 'error')
      // The id Databrain answered with (the mock sends its own), for support to trace.
      assert.match(line, /request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)
      assert.ok(!line.includes('db exploded'), line) // Databrain's message stays out of logs too
      assert.ok(!line.includes(ctx.mock.apiKey), line)
    } finally {
      await app.close()
    }
  })

  test('an invalid resolve output → 500, field path logged, not in the body, nothing sent', async (t) => {
    const error = t.mock.method(console, 'error', () => {}) // the default logger
    const app = await serve({
      client: ctx.mock.client(),
      resolve: (req) => ({ clientId: req.user.id, dataAppName: 'sales-dashboard', expiryTime: -5 }),
    })
    try {
      const res = await app.post('user-1')
      assert.equal(res.status, 500)
      const text = await res.text()
      assert.ok(!text.includes('expiryTime'), text)
      assert.equal(error.mock.callCount(), 1)
      assert.match(error.mock.calls[0].arguments[0], /expiryTime/)
      assert.equal(ctx.mock.requests().length, 0)
    } finally {
      await app.close()
    }
  })

  test('with a cache, a second call does not mint', async () => {
    const cache = new GuestTokenCache(ctx.mock.client())
    const app = await serve({ cache, resolve: forUser })
    try {
      const first = await (await app.post('user-1')).json()
      const second = await (await app.post('user-1')).json()
      assert.equal(second.token, first.token)
      assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
      assert.equal(cache.stats().hits, 1)
      const other = await (await app.post('user-2')).json()
      assert.notEqual(other.token, first.token)
      assert.equal(ctx.mock.requestCount(GUEST_PATH), 2)
    } finally {
      await app.close()
    }
  })

  test('an error thrown by resolve goes to Express error handling', async () => {
    const boom = new Error('session store down')
    const app = await serve({ client: ctx.mock.client(), resolve: () => { throw boom } })
    try {
      const res = await app.post('user-1')
      assert.equal(res.status, 500)
      assert.deepEqual(app.thrown, [boom])
    } finally {
      await app.close()
    }
  })

  test('on Node\'s own http server, mounted on its path (no Express)', async () => {
    const mint = guestTokenHandler({
      client: ctx.mock.client(),
      resolve: (req) => (req.headers['x-user-id'] ? { clientId: req.headers['x-user-id'], dataAppName: 'sales-dashboard' } : null),
    })
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/api/guest-token') return mint(req, res)
      res.writeHead(404).end()
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${server.address().port}/api/guest-token`
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'x-user-id': 'user-7' }, body: '{"clientId":"other"}' })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('cache-control'), 'no-store')
      assert.equal((await res.json()).token, ctx.mock.guestTokens().at(-1).token)
      assert.equal(ctx.mock.requests().at(-1).body.clientId, 'user-7')
      assert.equal((await fetch(url, { method: 'POST' })).status, 401)
      assert.equal((await fetch(url)).status, 404)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  test('options are checked when the handler is made', () => {
    const client = ctx.mock.client()
    assert.throws(() => guestTokenHandler({ client }), { name: 'TypeError', message: /resolve/ })
    assert.throws(() => guestTokenHandler({ resolve: forUser }), { name: 'TypeError', message: /exactly one/ })
    assert.throws(() => guestTokenHandler({ client, cache: new GuestTokenCache(client), resolve: forUser }), /exactly one/)
    assert.throws(() => guestTokenHandler({ client: {}, resolve: forUser }), /Databrain client/)
    assert.throws(() => guestTokenHandler({ client, resolve: forUser, logger: {} }), /logger/)
  })

  test('CJS and ESM give the same function', () => {
    assert.equal(esmExpress.guestTokenHandler, require('databrain/express').guestTokenHandler)
    assert.equal(esmExpress.default.guestTokenHandler, guestTokenHandler)
  })
})
