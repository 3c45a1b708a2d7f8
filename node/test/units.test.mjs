// Units that cannot trap, over real HTTP against the mock: an expiryTime under a minute is
// sent but warned about through process.emitWarning, once per distinct value; rotateApiKey
// takes graceMs beside grace. (Each test file runs in its own process.)
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Databrain, GuestTokenCache } from 'databrain'
import { MINIMAL, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const sentExpiry = () => ctx.mock.requests().at(-1).body.expiryTime

test('a short expiryTime is sent and warned about once per value', async () => {
  const client = new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey })
  const warnings = []
  const listener = (w) => warnings.push(w.message)
  process.on('warning', listener)
  try {
    await client.createGuestToken({ ...MINIMAL, expiryTime: 3600 })
    await client.mintGuestToken({ ...MINIMAL, expiryTime: 3600 })
    assert.equal(sentExpiry(), 3600)
    await new GuestTokenCache(client).get({ ...MINIMAL, clientId: 'u2', expiryTime: 2500 })
    await client.createGuestToken({ ...MINIMAL, expiryTime: 60_000 })
    await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on nextTick
  } finally {
    process.off('warning', listener)
  }
  assert.deepEqual(warnings, [
    'expiryTime is in milliseconds: 3600 is 3.6 seconds; did you mean 3_600_000?',
    'expiryTime is in milliseconds: 2500 is 2.5 seconds; did you mean 2_500_000?',
  ])
})

test('rotateApiKey takes graceMs', async () => {
  const client = new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey })
  const rotated = await client.rotateApiKey({ graceMs: 60_000 })
  assert.equal(rotated.graceSeconds, 60)
  const body = ctx.mock.requests().at(-1).body
  assert.equal(body.expireAt, 60, JSON.stringify(body))
})
