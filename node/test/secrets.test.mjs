// Credentials never show up in inspect output, JSON, error messages or the mock's records.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { Databrain, ConfigurationError } from 'databrain'
import { MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const API_KEY = 'sk-live-0123456789abcdef-SECRET'
const SERVICE_TOKEN = 'svc-0123456789abcdef-SECRET'

function assertClean(text, what) {
  assert.ok(!text.includes('SECRET'), `${what} leaks a credential: ${text}`)
}

test('inspect, JSON.stringify and own keys of a client show no credential', () => {
  const client = new Databrain({ apiKey: API_KEY, serviceToken: SERVICE_TOKEN, baseUrl: ctx.mock.url })
  assertClean(inspect(client, { showHidden: true, depth: Infinity, getters: true }), 'inspect')
  assertClean(`${client}`, 'String()')
  assertClean(JSON.stringify(client), 'JSON.stringify')
  assertClean(JSON.stringify({ nested: [client] }), 'nested JSON.stringify')
  assertClean(inspect(Reflect.ownKeys(client)), 'own keys')
  assert.deepEqual(JSON.parse(JSON.stringify(client)), { baseUrl: ctx.mock.url, hasApiKey: true, hasServiceToken: true })
  assert.match(inspect(client), /apiKey: '<set>'/)
})

test('authentication errors do not echo the credential that was refused', async () => {
  const client = new Databrain({ apiKey: API_KEY, serviceToken: SERVICE_TOKEN, baseUrl: ctx.mock.url })
  const err = await rejectsWith(client.createGuestToken(MINIMAL), Error)
  assertClean(inspect(err, { showHidden: true, depth: Infinity }), 'guest-token error')
  assertClean(err.stack, 'stack')
  const err2 = await rejectsWith(client.createApiToken({ dataAppName: 'sales-dashboard', name: 'k' }), Error)
  assertClean(inspect(err2, { showHidden: true, depth: Infinity }), 'api-token error')
})

test('configuration errors about a credential do not echo it', () => {
  for (const apiKey of ['SECRET\r\nX-Injected: 1', 'SECRET\u0000', 'SECRÉT-SECRET']) {
    const err = assert.throws(() => new Databrain({ apiKey }), ConfigurationError) ?? null
    void err
    try {
      new Databrain({ apiKey })
    } catch (e) {
      assertClean(inspect(e, { showHidden: true }), 'configuration error')
    }
  }
  try {
    new Databrain({ baseUrl: 'https://user:SECRET@example.com' })
    assert.fail('accepted credentials in the URL')
  } catch (e) {
    assert.ok(e instanceof ConfigurationError)
    assertClean(e.message, 'base URL error')
  }
})

test('the Authorization header is sent but recorded redacted', async () => {
  const client = new Databrain({ apiKey: ctx.mock.apiKey, baseUrl: ctx.mock.url })
  await client.createGuestToken(MINIMAL)
  const [req] = ctx.mock.requests()
  assert.equal(req.headers.authorization, 'Bearer <redacted>')
  assert.ok(!JSON.stringify(req).includes(ctx.mock.apiKey))
})
