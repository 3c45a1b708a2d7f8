// One process of the fleet in test/shared-cache.test.mjs: a GuestTokenCache on the shared
// tier; for each round, waits for the round's start time and makes `concurrency` concurrent
// gets of that round's request. Prints {"tokens": [[...], ...], "stats": {...}}.
// Arguments: mock URL, API key, Redis URL, rounds, concurrency, start time (epoch ms), period (ms).
import { setTimeout as sleep } from 'node:timers/promises'
import { Databrain, GuestTokenCache } from 'databrain'

const [baseUrl, apiKey, sharedCacheUrl, rounds, concurrency, start, period] = process.argv.slice(2)
// 1,000 concurrent gets in 20 processes on a 2-core CI machine can starve a process past the
// default 50 ms op timeout (counted as a Redis failure: it mints locally); this test is about
// the lock, the op timeout's bound is tested in Rust.
const cache = new GuestTokenCache(new Databrain({ baseUrl, apiKey, timeoutMs: 10_000 }), {
  sharedCacheUrl,
  sharedCacheOpTimeoutMs: 1000,
})
const tokens = []
for (let r = 0; r < Number(rounds); r++) {
  await sleep(Math.max(0, Number(start) + r * Number(period) - Date.now()))
  const request = { clientId: `fleet-${r}`, dataAppName: 'sales-dashboard', expiryTime: 600_000 }
  const got = await Promise.all(Array.from({ length: Number(concurrency) }, () => cache.get(request)))
  tokens.push(got.map((t) => t.token))
}
process.stdout.write(JSON.stringify({ tokens, stats: cache.stats() }))
