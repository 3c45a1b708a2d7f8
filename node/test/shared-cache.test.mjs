// The fleet-wide shared tier from Node against a real redis-server: child processes mint each
// token once between them; the options and camelCase stats pass through the binding.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ConfigurationError, GuestTokenCache } from 'databrain'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'
import { startRedis } from '../test-support/redis-server.mjs'

const run = promisify(execFile)
const CHILD = fileURLToPath(new URL('../test-support/shared-cache-child.mjs', import.meta.url))
const ctx = useMock()
let redis = null
before(async () => { redis = await startRedis() })
after(async () => { await redis?.stop() })

test('child processes of a fleet mint once per request', async (t) => {
  if (!redis) return t.skip('redis-server is not installed')
  const processes = 20
  const concurrency = 50
  const rounds = 10
  const period = 800
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 200, times: rounds })
  const start = Date.now() + 5000 // every child loaded and waiting before round 0
  const args = [CHILD, ctx.mock.url, ctx.mock.apiKey, redis.url, rounds, concurrency, start, period].map(String)
  const reports = await Promise.all(
    Array.from({ length: processes }, () => run(process.execPath, args, { timeout: 120_000 }).then((r) => JSON.parse(r.stdout))),
  )
  for (let r = 0; r < rounds; r++) {
    const minted = ctx.mock.guestTokens().filter((g) => g.clientId === `fleet-${r}`)
    assert.equal(minted.length, 1, `round ${r}: ${minted.length} mints for ${processes} processes`)
    const seen = new Set(reports.flatMap((report) => report.tokens[r]))
    assert.deepEqual([...seen], [minted[0].token])
  }
  const stats = reports.map((report) => report.stats)
  assert.equal(stats.reduce((n, s) => n + s.sharedMisses, 0), rounds)
  assert.equal(stats.reduce((n, s) => n + s.sharedHits, 0), rounds * (processes - 1))
  assert.ok(stats.every((s) => s.sharedErrors === 0 && s.fallbackMints === 0 && 'lockWaits' in s))
})

test('options are checked by the core and a dead Redis fails no get', async (t) => {
  if (!redis) return t.skip('redis-server is not installed')
  const client = ctx.mock.client()
  assert.throws(() => new GuestTokenCache(client, { sharedCacheUrl: 'http://user:hunter2@h' }), (err) => {
    assert.ok(err instanceof ConfigurationError)
    assert.match(err.message, /sharedCacheUrl: scheme `http`/)
    assert.doesNotMatch(err.message, /hunter2/)
    return true
  })
  const one = new GuestTokenCache(client, { sharedCacheUrl: redis.url, sharedCacheOpTimeoutMs: 100 })
  const two = new GuestTokenCache(client, { sharedCacheUrl: redis.url })
  const request = { clientId: 'u-pass', dataAppName: 'sales-dashboard', expiryTime: 600_000 }
  const token = await one.get(request)
  assert.equal((await two.get(request)).token, token.token)
  assert.equal(two.stats().sharedHits, 1)
  const dead = new GuestTokenCache(client, { sharedCacheUrl: 'redis://127.0.0.1:1/' })
  for (let i = 0; i < 5; i++) await dead.get({ ...request, clientId: `u-dead-${i}` })
  assert.equal(dead.stats().sharedErrors, 3)
  assert.equal(dead.stats().fallbackMints, 5)
})
