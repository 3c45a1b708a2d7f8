// databrain/next: guestTokenRoute called with Web Requests, as the App Router does (the real
// `next build` app is tests/install/nextjs.sh). The reply rule itself is the core's.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { GuestTokenCache } from 'databrain'
import { guestTokenRoute } from 'databrain/next'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const ctx = useMock()

const request = (user) =>
  new Request('http://localhost/api/guest-token', { method: 'POST', headers: user ? { 'x-user-id': user } : {} })
const resolve = async (req) => {
  const id = req.headers.get('x-user-id')
  return id ? { clientId: id, dataAppName: 'sales-dashboard', expiryTime: 600_000 } : null
}

test('POST answers a Response: 200 + no-store with the token; a cache reuses it', async () => {
  const POST = guestTokenRoute({ cache: new GuestTokenCache(ctx.mock.client()), resolve })
  const res = await POST(request('user-456'))
  assert.ok(res instanceof Response)
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  const body = await res.json()
  assert.deepEqual(Object.keys(body), ['token', 'expiresAt', 'refreshAt'])
  assert.equal(ctx.mock.guestTokens().at(-1).token, body.token)
  assert.equal((await (await POST(request('user-456'))).json()).token, body.token)
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
})

test('no session → 401; Databrain error → 502 with the code; resolve throwing rejects', async (t) => {
  const logged = t.mock.method(console, 'error', () => {})
  const POST = guestTokenRoute({ client: ctx.mock.client({ maxRetries: 0 }), resolve })
  assert.equal((await POST(request())).status, 401)
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 401, code: 'EXPIRED_TOKEN' })
  const res = await POST(request('u'))
  assert.equal(res.status, 502)
  assert.deepEqual(await res.json(), { error: { code: 'EXPIRED_TOKEN' } })
  assert.equal(logged.mock.callCount(), 1)
  const boom = new Error('no session store')
  const failing = guestTokenRoute({ client: ctx.mock.client(), resolve: () => { throw boom } })
  await assert.rejects(failing(request('u')), (err) => err === boom)
})

test('CJS and ESM give the same function', () => {
  assert.equal(require('databrain/next').guestTokenRoute, guestTokenRoute)
})
