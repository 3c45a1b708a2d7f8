// The environment rule and derived clients over real HTTP against the mock: DATABRAIN_* fill
// what the caller did not give (explicit options win, `useEnv: false` reads none), messages
// name Node's spelling, and withApiKey / withServiceToken / tenant.client() keep the admin
// client's base URL. (Each test file runs in its own process, so the env is ours.)
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { AuthenticationError, ConfigurationError, Databrain } from 'databrain'
import { MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const SPEC = {
  dataAppName: 'acme',
  dashboardEmbed: {
    dashboardId: 'dash-acme',
    workspaceName: 'Sales',
    clientId: 'acme',
    templateDashboardId: 'dash-tenant-template',
    accessSettings: { datamartName: 'Sales Mart' },
  },
}

test('variables fill what was not given; explicit options win; useEnv: false reads none', async () => {
  process.env.DATABRAIN_BASE_URL = ctx.mock.url
  process.env.DATABRAIN_API_KEY = ctx.mock.apiKey
  try {
    const client = new Databrain()
    assert.ok(await client.createGuestToken(MINIMAL))
    await rejectsWith(new Databrain({ apiKey: 'not-the-env-key' }).createGuestToken(MINIMAL), AuthenticationError)
    const bare = new Databrain({ baseUrl: ctx.mock.url, useEnv: false })
    assert.equal(bare.hasApiKey, false)
    const e = await rejectsWith(bare.createGuestToken(MINIMAL), ConfigurationError)
    assert.match(e.message, /pass new Databrain\(\{ apiKey \}\) \(this client reads no environment variable, so DATABRAIN_API_KEY is ignored\)/)
  } finally {
    delete process.env.DATABRAIN_BASE_URL
    delete process.env.DATABRAIN_API_KEY
  }
})

test('a missing credential is named in camelCase, never the Python spelling', async () => {
  const client = new Databrain({ baseUrl: ctx.mock.url })
  const e = await rejectsWith(client.createGuestToken(MINIMAL), ConfigurationError)
  assert.equal(e.message, 'configuration error: this call needs a data-app API key: pass new Databrain({ apiKey }) or set DATABRAIN_API_KEY')
  const e2 = await rejectsWith(Promise.resolve().then(() => client.dataApps.list().all()), ConfigurationError)
  assert.match(e2.message, /pass new Databrain\(\{ serviceToken \}\) or set DATABRAIN_SERVICE_TOKEN/)
  assert.doesNotMatch(e.message + e2.message, /api_key|service_token/)
})

test('withApiKey / withServiceToken keep everything but the credential', async () => {
  const admin = new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.serviceToken })
  const tenant = admin.withApiKey(ctx.mock.apiKey)
  assert.ok(tenant instanceof Databrain)
  assert.equal(tenant.baseUrl, admin.baseUrl)
  assert.ok(tenant.hasServiceToken)
  assert.ok(!inspect(tenant).includes(ctx.mock.apiKey))
  assert.ok(await tenant.createGuestToken(MINIMAL))
  assert.ok((await tenant.dataApps.list().all()).length >= 1)
  await rejectsWith(Promise.resolve().then(() => tenant.withServiceToken('another-token').dataApps.list().all()), AuthenticationError)
  assert.throws(() => admin.withApiKey(''), ConfigurationError)
})

test("provisionTenant's result gives the tenant's client on the admin's base URL", async () => {
  const admin = new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.serviceToken })
  const tenant = await admin.provisionTenant(SPEC)
  assert.ok(!Object.keys(tenant).includes('client'))
  const client = tenant.client()
  assert.equal(client.baseUrl, admin.baseUrl)
  const rotated = await client.rotateApiKey({ grace: 60 })
  assert.ok(await rotated.client(admin).createGuestToken({ ...MINIMAL, dataAppName: 'acme' }))
})
