// The per-client in-flight limit (maxInFlight) under 10,000 concurrent calls, each test against
// a mock of its own (sockets kept alive by other tests' clients must not count): zero errors,
// no more requests on the wire than the limit, sockets within 1.25 x the limit + 4 (README's
// guarantee), bounded memory. No timing assertions.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APITimeoutError, ConfigurationError, Databrain } from 'databrain'
import { MockServer } from 'databrain/testing'
import { GUEST_PATH, MINIMAL } from '../test-support/helpers.mjs'

const CALLS = 10_000

/** `GET /__mock/connections`: sockets that carried API calls ({open, peak, total}), requests being served ({requests, peakRequests}). */
async function connections(mock) {
  const answer = await fetch(`${mock.url}/__mock/connections`)
  return answer.json()
}

// Most sockets a client may have open at once (README's guarantee): reqwest's pool keeps at most
// `limit` idle, and a connect it started for a request that then took an idle socket still completes.
const socketBound = (limit) => Math.floor((limit * 5) / 4) + 4

for (const limit of [32, undefined]) {
  test(`10,000 concurrent calls with maxInFlight ${limit ?? 'default (256)'} stay within it`, async () => {
    const mock = await MockServer.start()
    try {
      const client = mock.client(limit === undefined ? {} : { maxInFlight: limit })
      const rssBefore = process.memoryUsage().rss
      const tokens = await Promise.all(
        Array.from({ length: CALLS }, (_, i) => client.createGuestToken({ ...MINIMAL, clientId: `user-${i}` })),
      )
      const grownMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20
      const stats = await connections(mock)
      const bound = limit ?? 256
      console.log(`${CALLS} calls, maxInFlight ${bound}: sockets ${JSON.stringify(stats)}, RSS +${grownMiB.toFixed(1)} MiB`)
      assert.equal(new Set(tokens).size, CALLS)
      assert.equal(mock.requestCount(GUEST_PATH), CALLS, 'one request per call, no retries')
      assert.ok(stats.peakRequests <= bound, `${stats.peakRequests} requests in flight at once, limit ${bound}`)
      assert.ok(stats.peak >= 1 && stats.peak <= socketBound(bound), `${stats.peak} sockets open at once, limit ${bound}`)
      assert.ok(grownMiB < 512, `RSS grew ${grownMiB.toFixed(1)} MiB`)
    } finally {
      mock.close()
    }
  })
}

test('a call that waits out its timeout in the queue rejects with APITimeoutError, 0 attempts', async () => {
  const mock = await MockServer.start()
  try {
    // Every request is held 2 s, far past the 200 ms timeout; one slot for five calls.
    mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 2000, times: 5 })
    const client = mock.client({ maxInFlight: 1, maxRetries: 0, timeoutMs: 200 })
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => client.createGuestToken({ ...MINIMAL, clientId: `u${i}` })),
    )
    const errors = results.map((r) => r.reason)
    assert.ok(errors.every((e) => e instanceof APITimeoutError), String(errors))
    const queued = errors.filter((e) => /waiting for a connection slot/.test(e.message))
    assert.ok(queued.length >= 3, `${queued.length} of 5 timed out in the queue`)
    for (const e of queued) {
      assert.equal(e.attempts, 0)
      assert.ok(e.requestId)
    }
  } finally {
    mock.close()
  }
})

test('maxInFlight is checked by the core', () => {
  assert.throws(() => new Databrain({ baseUrl: 'http://127.0.0.1:1', maxInFlight: 0 }), (e) => {
    assert.ok(e instanceof ConfigurationError)
    assert.match(e.message, /maxInFlight: must be at least 1/)
    return true
  })
})
