// mintGuestToken and GuestTokenCache against the mock: times, JSON, inspect, single flight,
// background refresh, errors, stats, invalidate, options checked by the core.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { AuthenticationError, ConfigurationError, Databrain, GuestToken, GuestTokenCache, ValidationError } from 'databrain'
import { GUEST_PATH, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const TEN_MIN = 600_000
// The shared tier's counters of a cache without one.
const NO_SHARED = Object.freeze({ sharedHits: 0, sharedMisses: 0, sharedErrors: 0, lockWaits: 0, fallbackMints: 0 })
const REQUEST = Object.freeze({ clientId: 'user-1', dataAppName: 'sales-dashboard', expiryTime: TEN_MIN })

test('mintGuestToken resolves to a GuestToken with Dates and ISO JSON', async () => {
  const before = Date.now()
  const t = await ctx.mock.client().mintGuestToken(REQUEST)
  const after = Date.now()
  assert.ok(t instanceof GuestToken)
  assert.equal(typeof t.token, 'string')
  assert.ok(t.issuedAt instanceof Date)
  assert.ok(before - 1 <= t.issuedAt.getTime() && t.issuedAt.getTime() <= after)
  assert.equal(t.expiresAt.getTime() - t.issuedAt.getTime(), TEN_MIN)
  assert.equal(t.refreshAt.getTime() - t.issuedAt.getTime(), 0.8 * TEN_MIN)
  assert.equal(ctx.mock.guestTokens()[0].token, t.token)
  const json = JSON.parse(JSON.stringify(t))
  assert.deepEqual(Object.keys(json), ['token', 'expiresAt', 'refreshAt'])
  assert.equal(json.expiresAt, t.expiresAt.toISOString())
  assert.equal(json.refreshAt, t.refreshAt.toISOString())
  const forever = await ctx.mock.client().mintGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' })
  assert.equal(forever.expiresAt, null)
  assert.deepEqual(forever.toJSON(), { token: forever.token, expiresAt: null, refreshAt: null })
})

test('inspect shows only the start of the token', async () => {
  const t = await ctx.mock.client().mintGuestToken(REQUEST)
  const shown = inspect(t)
  assert.ok(!shown.includes(t.token), shown)
  assert.ok(shown.includes(`${t.token.slice(0, 4)}…`), shown)
})

test('1,000 concurrent gets of one request send one request', async () => {
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 200 })
  const cache = new GuestTokenCache(ctx.mock.client())
  const tokens = await Promise.all(Array.from({ length: 1000 }, () => cache.get(REQUEST)))
  assert.equal(new Set(tokens.map((t) => t.token)).size, 1)
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  const stats = cache.stats()
  assert.equal(stats.misses, 1)
  assert.equal(stats.coalesced + stats.hits, 999)
  assert.equal(stats.entries, 1)
  assert.ok(!inspect(cache).includes(tokens[0].token))
})

test('hits, key order, invalidate, clear and stats', async () => {
  const cache = new GuestTokenCache(ctx.mock.client())
  const a = await cache.get(REQUEST)
  assert.equal((await cache.get({ ...REQUEST })).token, a.token)
  const b = await cache.get({ ...REQUEST, extraBody: { theme: { y: 1, x: 2 } } })
  assert.equal((await cache.get({ extraBody: { theme: { x: 2, y: 1 } }, ...REQUEST })).token, b.token)
  assert.notEqual(b.token, a.token)
  await cache.get({ ...REQUEST, clientId: 'user-2' })
  assert.deepEqual(cache.stats(), { hits: 2, misses: 3, coalesced: 0, refreshes: 0, refreshFailures: 0, entries: 3, ...NO_SHARED })
  assert.equal(cache.invalidate({ clientId: 'user-1' }), 2)
  assert.notEqual((await cache.get(REQUEST)).token, a.token)
  assert.throws(() => cache.invalidate('user-1'), TypeError)
  cache.clear()
  assert.deepEqual(cache.stats(), { hits: 0, misses: 0, coalesced: 0, refreshes: 0, refreshFailures: 0, entries: 0, ...NO_SHARED })
})

test('an error reaches every waiter and is not cached', async () => {
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 200 })
  const bad = new Databrain({ baseUrl: ctx.mock.url, apiKey: 'not-a-key', maxRetries: 0 })
  const cache = new GuestTokenCache(bad)
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => cache.get(REQUEST)))
  for (const r of results) {
    assert.equal(r.status, 'rejected')
    assert.ok(r.reason instanceof AuthenticationError, r.reason)
  }
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  assert.equal(cache.stats().entries, 0)
})

test('a bad request throws a ValidationError and sends nothing', async () => {
  const cache = new GuestTokenCache(ctx.mock.client())
  await rejectsWith(cache.get({ clientId: '', dataAppName: 'sales-dashboard' }), ValidationError)
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 0)
})

test('a token due for refresh is served at once and replaced in the background', async () => {
  const cache = new GuestTokenCache(ctx.mock.client(), { refreshMargin: 0.5 })
  const request = { ...REQUEST, expiryTime: 1000 }
  const first = await cache.get(request)
  assert.equal(first.refreshAt.getTime() - first.issuedAt.getTime(), 500)
  await sleep(600)
  assert.equal((await cache.get(request)).token, first.token)
  const deadline = Date.now() + 5000
  while ((await cache.get(request)).token === first.token) {
    assert.ok(Date.now() < deadline, 'no background refresh')
    await sleep(10)
  }
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 2)
  assert.equal(cache.stats().refreshes, 1)
})

test('tokens without expiry are cached only with a max age', async () => {
  const request = { clientId: 'u', dataAppName: 'sales-dashboard' }
  const plain = new GuestTokenCache(ctx.mock.client())
  assert.notEqual((await plain.get(request)).token, (await plain.get(request)).token)
  const kept = new GuestTokenCache(ctx.mock.client(), { maxAgeWithoutExpiryMs: 60_000 })
  assert.equal((await kept.get(request)).token, (await kept.get(request)).token)
})

test('options are checked by the core', () => {
  const client = ctx.mock.client()
  assert.throws(() => new GuestTokenCache(client, { maxEntrys: 5 }), (err) => {
    assert.ok(err instanceof ConfigurationError)
    assert.match(err.message, /maxEntrys: unknown cache option, did you mean `maxEntries`/)
    return true
  })
  assert.throws(() => new GuestTokenCache(client, { refreshMargin: 1 }), ConfigurationError)
  assert.throws(() => new GuestTokenCache({}), TypeError)
})
