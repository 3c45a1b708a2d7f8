// Many calls at once on one client, and an event loop that keeps running meanwhile.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()

test('10,000 concurrent createGuestToken calls all succeed', async () => {
  const client = ctx.mock.client()
  const started = performance.now()
  const tokens = await Promise.all(Array.from({ length: 10_000 }, (_, i) => client.createGuestToken({ ...MINIMAL, clientId: `user-${i}` })))
  const elapsed = performance.now() - started
  assert.equal(new Set(tokens).size, 10_000)
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 10_000)
  const clientIds = new Set(ctx.mock.requests().map((r) => r.body.clientId))
  assert.equal(clientIds.size, 10_000)
  console.log(`10,000 calls in ${elapsed.toFixed(0)} ms`)
})

test('the event loop is not blocked while a request is in flight', async () => {
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 400 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 20)
  try {
    const pending = ctx.mock.client().createGuestToken(MINIMAL)
    await sleep(300)
    // A blocked loop would tick at most once in 300 ms; a busy machine may skip some ticks.
    assert.ok(ticks >= 3, `only ${ticks} ticks in 300 ms`)
    assert.ok(await pending)
  } finally {
    clearInterval(timer)
  }
})

test('many clients share the one runtime (no thread per client)', async () => {
  const clients = Array.from({ length: 200 }, () => ctx.mock.client())
  const tokens = await Promise.all(clients.map((c) => c.createGuestToken(MINIMAL)))
  assert.equal(new Set(tokens).size, 200)
})
