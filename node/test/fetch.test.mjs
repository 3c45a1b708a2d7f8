// databrain/fetch: the fetch-style handler (a Web Request in, a Response out) inside a real
// Hono app, driven through `app.request`, against the mock. The status/body/log of each outcome
// is the core's rule; these tests check the handler routes every outcome to it, and that the
// framework's context reaches `resolve`.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import { Hono } from 'hono'
import { GuestTokenCache } from 'databrain'
import { guestTokenHandler } from 'databrain/fetch'
import * as esmFetch from 'databrain/fetch'
import { guestTokenRoute } from 'databrain/next'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const ctx = useMock()
const HOUR = 3_600_000
const REQUEST_ID = /request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

function recordingLogger() {
  const lines = []
  return { lines, warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) }
}

// The session stand-in: middleware puts the user in Hono's context from `x-user-id`; resolve
// reads it from there (the handler's second argument). `x-extra-field` makes the output invalid.
function resolve(request, c) {
  const user = c.get('user')
  if (!user) return null
  const fields = { clientId: user.id, dataAppName: 'sales-dashboard', expiryTime: HOUR }
  const extra = request.headers.get('x-extra-field')
  if (extra) fields[extra] = 'x'
  return fields
}

function honoApp(options) {
  const app = new Hono()
  app.use(async (c, next) => {
    const id = c.req.header('x-user-id')
    if (id) c.set('user', { id })
    await next()
  })
  const handler = guestTokenHandler({ resolve, ...options })
  app.post('/api/guest-token', (c) => handler(c.req.raw, c))
  return {
    app,
    post: (user, body = {}, extra = {}) =>
      app.request('/api/guest-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? { 'x-user-id': user } : {}), ...extra },
        body: JSON.stringify(body),
      }),
  }
}

describe('guestTokenHandler in Hono', () => {
  test('200 {token, expiresAt, refreshAt} with no-store, for the session user; the body cannot choose the tenant', async () => {
    const logger = recordingLogger()
    const { post } = honoApp({ client: ctx.mock.client(), logger })
    const res = await post('user-456', { clientId: 'someone-else', client_id: 'someone-else' })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.match(res.headers.get('content-type'), /^application\/json/)
    const body = await res.json()
    assert.deepEqual(Object.keys(body), ['token', 'expiresAt', 'refreshAt'])
    assert.equal(ctx.mock.guestTokens().at(-1).token, body.token)
    assert.equal(ctx.mock.requests().at(-1).body.clientId, 'user-456')
    assert.deepEqual(logger.lines, [])
  })

  test('no session → 401, nothing sent', async () => {
    const res = await honoApp({ client: ctx.mock.client() }).post(undefined)
    assert.equal(res.status, 401)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await res.json(), { error: { code: 'NO_SESSION' } })
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('Databrain rate limit → 503 with Retry-After, logged as a warning', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '7' })
    const logger = recordingLogger()
    const res = await honoApp({ client: ctx.mock.client({ maxRetries: 0 }), logger }).post('user-1')
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('retry-after'), '7')
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await res.json(), { error: { code: 'RATE_LIMIT_EXCEEDED' } })
    assert.deepEqual(logger.lines.map(([level]) => level), ['warn'])
    assert.match(logger.lines[0][1], REQUEST_ID)
  })

  test('another Databrain error → 502 with its code only; no credential logged', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 500, message: 'db exploded at host-7' })
    const logger = recordingLogger()
    const res = await honoApp({ cache: new GuestTokenCache(ctx.mock.client({ maxRetries: 0 })), logger }).post('user-1')
    assert.equal(res.status, 502)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await res.json(), { error: { code: 'INTERNAL_SERVER_ERROR' } })
    assert.deepEqual(logger.lines.map(([level]) => level), ['error'])
    const line = logger.lines[0][1]
    assert.match(line, REQUEST_ID)
    assert.ok(!line.includes('db exploded') && !line.includes(ctx.mock.apiKey), line)
  })

  test('an invalid resolve output → 500, field path logged, not in the body, nothing sent', async () => {
    const logger = recordingLogger()
    const res = await honoApp({ client: ctx.mock.client(), logger }).post('user-1', {}, { 'x-extra-field': 'tenant' })
    assert.equal(res.status, 500)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await res.json(), { error: { code: 'MINT_ENDPOINT_ERROR' } })
    assert.deepEqual(logger.lines.map(([level]) => level), ['error'])
    assert.match(logger.lines[0][1], /tenant: /)
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('with a cache, a second call does not mint', async () => {
    const { post } = honoApp({ cache: new GuestTokenCache(ctx.mock.client()) })
    const first = await (await post('user-1')).json()
    const second = await (await post('user-1')).json()
    assert.equal(second.token, first.token)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  })

  test('an error thrown by resolve goes to Hono\'s error handling', async () => {
    const boom = new Error('session store down')
    const app = new Hono()
    const seen = []
    app.onError((err, c) => {
      seen.push(err)
      return c.json({ error: 'app error' }, 500)
    })
    const handler = guestTokenHandler({ client: ctx.mock.client(), resolve: () => { throw boom } })
    app.post('/api/guest-token', (c) => handler(c.req.raw, c))
    assert.equal((await app.request('/api/guest-token', { method: 'POST' })).status, 500)
    assert.deepEqual(seen, [boom])
  })
})

test('Bun.serve-style: the handler is a fetch function of (request, server)', async () => {
  const server = { id: 'server' }
  let seen
  const fetchHandler = guestTokenHandler({
    client: ctx.mock.client(),
    resolve: (request, context) => {
      seen = context
      return { clientId: 'u', dataAppName: 'sales-dashboard' }
    },
  })
  const res = await fetchHandler(new Request('http://localhost/api/guest-token', { method: 'POST' }), server)
  assert.equal(res.status, 200)
  assert.equal(seen, server)
})

test('options are checked when the handler is made, under its own name', () => {
  const client = ctx.mock.client()
  assert.throws(() => guestTokenHandler({ client }), { name: 'TypeError', message: /^guestTokenHandler: resolve/ })
  assert.throws(() => guestTokenRoute({ client }), { name: 'TypeError', message: /^guestTokenRoute: resolve/ })
  assert.throws(() => guestTokenHandler({ resolve }), /exactly one/)
})

test('CJS and ESM give the same function', () => {
  assert.equal(esmFetch.guestTokenHandler, require('databrain/fetch').guestTokenHandler)
  assert.equal(esmFetch.default.guestTokenHandler, guestTokenHandler)
})
