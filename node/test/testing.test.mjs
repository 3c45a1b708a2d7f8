// The `databrain/testing` entry point itself: what users' own tests rely on.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { Databrain, AuthenticationError, NotFoundError } from 'databrain'
import { MockServer } from 'databrain/testing'
import { GUEST_PATH, MINIMAL } from '../test-support/helpers.mjs'

test('start(): default seed, credentials, a working client', async () => {
  const mock = await MockServer.start()
  try {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(mock.apiKey, '11111111-1111-4111-8111-111111111111')
    assert.equal(mock.serviceToken, '33333333-3333-4333-8333-333333333333')
    assert.deepEqual(mock.clientOptions, { baseUrl: mock.url, apiKey: mock.apiKey, serviceToken: mock.serviceToken })
    const client = new Databrain(mock.clientOptions)
    assert.ok(await client.createGuestToken(MINIMAL))
    // The second seeded data app has its own key.
    const portal = mock.client({ apiKey: '22222222-2222-4222-8222-222222222222' })
    assert.ok(await portal.createGuestToken({ clientId: 'u', dataAppName: 'Customer Portal Analytics' }))
    assert.equal(mock.requestCount(GUEST_PATH), 2)
    assert.equal(mock.guestTokenCount(), 2)
    assert.match(inspect(mock), /MockServer \{ url: 'http:\/\/127\.0\.0\.1:\d+', closed: false \}/)
  } finally {
    mock.close()
  }
})

test('startSync() with a custom seed', async () => {
  const mock = MockServer.startSync({
    seed: { serviceTokens: ['svc'], dataApps: [{ name: 'My App', apiKeys: ['my-key'] }] },
  })
  try {
    assert.equal(mock.apiKey, 'my-key')
    assert.ok(await mock.client().createGuestToken({ clientId: 'u', dataAppName: 'My App' }))
    await assert.rejects(mock.client().createGuestToken(MINIMAL), NotFoundError) // not in this seed
  } finally {
    mock.close()
  }
})

test('faults: queued in order, counted, cleared', async () => {
  const mock = await MockServer.start()
  try {
    mock.injectFault({ path: GUEST_PATH, times: 2, kind: 'status', status: 503 })
    mock.injectFault({ kind: 'delay', ms: 10 })
    assert.equal(mock.pendingFaults().length, 2)
    assert.equal(mock.pendingFaults()[0].times, 2)
    mock.clearFaults()
    assert.deepEqual(mock.pendingFaults(), [])
    assert.throws(() => mock.injectFault({ kind: 'explode' }), /invalid fault/)
    assert.throws(() => mock.injectFault({ kind: 'delay', ms: Number.NaN }), /NaN/)
  } finally {
    mock.close()
  }
})

test('requests are recorded and cleared; reset() returns to the seed', async () => {
  const mock = await MockServer.start()
  try {
    const key = await mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'k' })
    assert.equal(mock.requests().length, 1)
    mock.clearRequests()
    assert.equal(mock.requests().length, 0)
    assert.ok(await mock.client({ apiKey: key }).createGuestToken(MINIMAL))
    mock.reset()
    assert.equal(mock.requests().length, 0)
    await assert.rejects(mock.client({ apiKey: key }).createGuestToken(MINIMAL), AuthenticationError)
  } finally {
    mock.close()
  }
})

test('close(): idempotent, frees the port, later use throws', async () => {
  const mock = await MockServer.start()
  const url = mock.url
  mock.close()
  mock.close()
  assert.equal(mock.closed, true)
  assert.throws(() => mock.requests(), /closed/)
  await assert.rejects(new Databrain({ baseUrl: url, apiKey: 'k', maxRetries: 0 }).createGuestToken(MINIMAL), /connection/i)
})

test('a fixed port, and a clear error when it is taken', async () => {
  const first = await MockServer.start()
  const port = Number(new URL(first.url).port)
  try {
    assert.throws(() => MockServer.startSync({ port }), /cannot start the mock/)
  } finally {
    first.close()
  }
  const again = MockServer.startSync({ port })
  assert.equal(again.url, `http://127.0.0.1:${port}`)
  again.close()
})

test('Symbol.dispose closes the server', { skip: typeof Symbol.dispose !== 'symbol' }, () => {
  const mock = MockServer.startSync()
  mock[Symbol.dispose]()
  assert.equal(mock.closed, true)
})

test('the constructor is not public', () => {
  assert.throws(() => new MockServer(), TypeError)
})
