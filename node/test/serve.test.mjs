// The mint-endpoint reply rule as the addon exports it (mintReplyToken / NoSession / Failure),
// fed with real tokens and real errors from the mock: what Express and Next handlers answer.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRequire } from 'node:module'
import { DatabrainError, RateLimitError, ValidationError } from 'databrain'
import { GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const native = require('../lib/native.js').loadNative()
const { mintEndpoint } = require('../lib/serve.js')
const constants = native.constants()
const ctx = useMock()

async function failure(promise) {
  try {
    await promise
  } catch (err) {
    return err
  }
  assert.fail('the call succeeded')
}

test('a token: 200, its JSON form, no-store', async () => {
  const t = await ctx.mock.client().mintGuestToken({ ...MINIMAL, expiryTime: 600_000 })
  const reply = native.mintReplyToken(t)
  assert.equal(reply.status, 200)
  assert.equal(reply.headers['Cache-Control'], 'no-store')
  assert.equal(reply.headers['Content-Type'], 'application/json')
  assert.deepEqual(JSON.parse(reply.body), t.toJSON())
  assert.equal(reply.log, null)
  const forever = await ctx.mock.client().mintGuestToken(MINIMAL)
  assert.deepEqual(JSON.parse(native.mintReplyToken(forever).body), { token: forever.token, expiresAt: null, refreshAt: null })
})

test('no session: 401', () => {
  const reply = native.mintReplyNoSession()
  assert.equal(reply.status, 401)
  assert.deepEqual(JSON.parse(reply.body), { error: { code: 'NO_SESSION' } })
})

test('a rate limit from the mock: 503 with Retry-After rounded up', async () => {
  ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '7' })
  const err = await failure(ctx.mock.client({ maxRetries: 0 }).mintGuestToken(MINIMAL))
  assert.ok(err instanceof RateLimitError)
  const reply = native.mintReplyFailure(err)
  assert.equal(reply.status, 503)
  assert.equal(reply.headers['Retry-After'], '7')
  assert.deepEqual(JSON.parse(reply.body), { error: { code: 'RATE_LIMIT_EXCEEDED' } })
  assert.equal(reply.log.level, 'warn')
  assert.ok(reply.log.message.includes(err.requestId), reply.log.message)
})

test('another Databrain error: 502 with its code only, logged with the request id', async () => {
  const client = ctx.mock.client({ apiKey: 'wrong-key-never-logged' })
  const err = await failure(client.mintGuestToken(MINIMAL))
  const reply = native.mintReplyFailure(err)
  assert.equal(reply.status, 502)
  assert.deepEqual(JSON.parse(reply.body), { error: { code: err.code } })
  assert.equal(reply.log.level, 'error')
  assert.ok(reply.log.message.includes(err.requestId), reply.log.message)
  assert.ok(!reply.log.message.includes('wrong-key-never-logged') && !reply.body.includes('wrong-key-never-logged'))
})

test('an invalid request: 500, paths in the log only', async () => {
  const err = await failure(ctx.mock.client().mintGuestToken({ dataAppName: 'x', params: { appFilters: [{}] } }))
  assert.ok(err instanceof ValidationError)
  const reply = native.mintReplyFailure(err)
  assert.equal(reply.status, 500)
  assert.deepEqual(JSON.parse(reply.body), { error: { code: 'MINT_ENDPOINT_ERROR' } })
  assert.ok(reply.log.message.includes('clientId'), reply.log.message)
  assert.ok(reply.log.message.includes('params.appFilters[0].metricId'), reply.log.message)
})

test('an error built by hand answers like one from the SDK; other values are refused', () => {
  const reply = native.mintReplyFailure(new RateLimitError('slow down', { retryAfter: 0.2 }))
  assert.equal(reply.headers['Retry-After'], '1')
  assert.throws(() => native.mintReplyFailure(new Error('boom')), /needs a databrain error/)
  assert.throws(() => native.mintReplyFailure(new DatabrainError('base class has no kind')), /needs a databrain error/)
})

test("a data app the key cannot see: 502, the log names the data app and the wrong-key hint is in the error", async () => {
  const request = { clientId: 'u1', dataAppName: constants.mock.portalDataApp }
  const err = await failure(ctx.mock.client().mintGuestToken(request))
  assert.equal(err.code, 'DATA_APP_ID_ERROR')
  assert.match(err.message, /the API key may belong to another data app/)
  const logs = []
  const endpoint = mintEndpoint({ client: ctx.mock.client(), resolve: () => request, logger: { warn: (m) => logs.push(m), error: (m) => logs.push(m) } }, 'test')
  const reply = await endpoint({})
  assert.equal(reply.status, 502)
  assert.equal(logs.length, 1)
  assert.match(logs[0], new RegExp(`data app "${constants.mock.portalDataApp}"`))
  assert.ok(!reply.body.includes(constants.mock.portalDataApp))
})
