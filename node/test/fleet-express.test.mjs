// The issue's fleet set-up in Node, run as a user would: two processes of the Express example
// (examples/express/app.js's createApp, unchanged) with DATABRAIN_CACHE_URL pointing at a real
// redis-server, and this test as the round-robin balancer in front of them. Many concurrent
// requests for several signed-in users mint each user's token exactly once at the mock.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'
import { startRedis } from '../test-support/redis-server.mjs'

const APP = fileURLToPath(new URL('../examples/express/app.js', import.meta.url))
const USERS = 12
const REQUESTS = 240
const ctx = useMock()
let redis = null
before(async () => { redis = await startRedis() })
after(async () => { await redis?.stop() })

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** One Express process on a loopback port; resolves once it answers. Stopped by its pid. */
async function expressProcess(env) {
  const port = await freePort()
  const script = `require(${JSON.stringify(APP)}).createApp().listen(${port}, '127.0.0.1')`
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    assert.equal(child.exitCode, null, `the Express process exited: ${stderr}`)
    try {
      await fetch(`${base}/dashboard-id`)
      break
    } catch {
      assert.ok(i < 300, 'the Express process did not start')
      await sleep(50)
    }
  }
  return { base, stop: () => { if (child.exitCode === null) child.kill('SIGTERM') } }
}

test('two Express processes behind a round-robin balancer mint once per user', async (t) => {
  if (!redis) return t.skip('redis-server is not installed')
  const env = { DATABRAIN_BASE_URL: ctx.mock.url, DATABRAIN_API_KEY: ctx.mock.apiKey, DATABRAIN_CACHE_URL: redis.url }
  const fleet = await Promise.all([expressProcess(env), expressProcess(env)])
  try {
    // Every first request of a user waits at the mock, so both processes race for it.
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 200, times: USERS })
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const res = await fetch(`${fleet[i % 2].base}/api/guest-token`, {
          method: 'POST',
          headers: { 'x-user-id': `ex-${i % USERS}` },
        })
        return { user: `ex-${i % USERS}`, status: res.status, token: (await res.json()).token }
      }),
    )
    assert.deepEqual(responses.filter((r) => r.status !== 200), [])
    const minted = new Map()
    for (const g of ctx.mock.guestTokens()) minted.set(g.clientId, [...(minted.get(g.clientId) ?? []), g.token])
    for (let u = 0; u < USERS; u++) assert.equal(minted.get(`ex-${u}`)?.length, 1, `ex-${u}: ${minted.get(`ex-${u}`)?.length} mints`)
    for (const r of responses) assert.equal(r.token, minted.get(r.user)[0])
  } finally {
    for (const p of fleet) p.stop()
  }
})
