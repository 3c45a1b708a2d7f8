// provisionTenant and rotateApiKey over real HTTP against the mock: a fresh run, a re-run
// after a failure injected at each step, grace periods on the mock's clock, keys kept out of
// inspect/JSON/errors, credentials.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { AuthenticationError, ConfigurationError, Databrain, ServerError, ValidationError } from 'databrain'
import { useMock, rejectsWith } from '../test-support/helpers.mjs'

const ctx = useMock()
const svc = () => new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.serviceToken })
const EMBED = {
  dashboardId: 'dash-sales-overview',
  embedType: 'dashboard',
  workspaceName: 'Sales',
  name: 'Acme sales',
  accessSettings: { datamartName: 'Sales Mart' },
}
const SPEC = { dataAppName: 'acme', keyName: 'acme production', embed: EMBED }
const posts = () => ctx.mock.requests().filter((r) => r.method === 'POST')

async function census(client) {
  const apps = (await client.dataApps.list().all()).filter((a) => a.name === 'acme')
  const keys = (await client.apiTokens.list({ dataAppName: 'acme' }).all()).filter((k) => k.name === 'acme production')
  const tenant = new Databrain({ baseUrl: ctx.mock.url, apiKey: keys.at(-1).key })
  return [apps.length, keys.length, (await tenant.embeds.list().all()).length]
}

test('a fresh tenant, then a re-run that reuses everything', async () => {
  const client = svc()
  const made = await client.provisionTenant(SPEC)
  assert.deepEqual([made.dataApp.outcome, made.apiKey.outcome, made.embed.outcome], ['created', 'created', 'created'])
  assert.equal(made.embed.kind, 'embed')
  assert.ok(made.apiKey.key)
  assert.ok(!inspect(made, { depth: 5 }).includes(made.apiKey.key))
  assert.ok(!JSON.stringify(made).includes(made.apiKey.key))
  const tenant = new Databrain({ baseUrl: ctx.mock.url, apiKey: made.apiKey.key })
  assert.deepEqual((await tenant.embeds.list().all()).map((e) => e.embedId), [made.embed.id])

  ctx.mock.clearRequests()
  const again = await client.provisionTenant(SPEC)
  assert.deepEqual(posts(), [])
  assert.deepEqual([again.dataApp.outcome, again.apiKey.outcome, again.embed.outcome], ['reused', 'reused', 'reused'])
  assert.equal(again.apiKey.key, made.apiKey.key)
})

for (const [step, path, field] of [
  ['data_app', '/api/v2/data-app', 'dataApp'],
  ['api_key', '/api/v2/data-app/api-tokens', 'apiKey'],
  ['embed', '/api/v2/data-app/embeds', 'embed'],
]) {
  test(`a re-run after a lost answer at step ${step} duplicates nothing`, async () => {
    const client = svc()
    ctx.mock.injectFault({ kind: 'status', status: 500, path, method: 'POST', afterHandling: true })
    const err = await rejectsWith(client.provisionTenant(SPEC), ServerError, { status: 500 })
    assert.match(err.message, new RegExp(`step ${step} failed`))
    assert.equal(ctx.mock.requests().filter((r) => r.path === path && r.method === 'POST').length, 1, 'never re-sent')
    const again = await client.provisionTenant(SPEC)
    assert.equal(again[field].outcome, 'reused')
    assert.deepEqual(await census(client), [1, 1, 1])
    assert.ok(!err.message.includes(again.apiKey.key))
  })
}

test('an invalid spec names its fields and sends nothing', async () => {
  const client = svc()
  const err = await rejectsWith(
    client.provisionTenant({ dataAppName: 'semi;colon', embed: { ...EMBED, embedType: 'metric', accessSettings: {} } }),
    ValidationError,
  )
  assert.deepEqual(err.errors.map((e) => e.path), ['dataAppName', 'embed.accessSettings.datamartName', 'embed.metricId'])
  await rejectsWith(client.provisionTenant({ dataAppName: 'acme' }), ValidationError)
  assert.equal(ctx.mock.requests().length, 0)
})

test('wrong credentials are configuration errors naming the one needed', async () => {
  const onlyKey = new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey })
  const e1 = await rejectsWith(onlyKey.provisionTenant(SPEC), ConfigurationError)
  assert.match(e1.message, /service token/)
  const swapped = new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.apiKey })
  const e2 = await rejectsWith(swapped.provisionTenant(SPEC), ConfigurationError)
  assert.match(e2.message, /needs the organisation's service token/)
  assert.ok(!e2.message.includes(ctx.mock.apiKey))
  const svcAsKey = new Databrain({ baseUrl: ctx.mock.url, apiKey: 'not-a-live-key' })
  const e3 = await rejectsWith(svcAsKey.rotateApiKey({ grace: 60 }), ConfigurationError)
  assert.match(e3.message, /needs a data-app API key/)
  await rejectsWith(onlyKey.rotateApiKey({ grace: 60, credential: 'password' }), ConfigurationError)
})

test('rotation: the old key works until the mock clock passes the grace period', async () => {
  const client = svc()
  const made = await client.provisionTenant(SPEC)
  await ctx.mock.clock({ freeze: true })
  const old = new Databrain({ baseUrl: ctx.mock.url, apiKey: made.apiKey.key })
  const rotated = await old.rotateApiKey({ grace: 60 })
  assert.equal(rotated.graceSeconds, 60)
  assert.notEqual(rotated.key, made.apiKey.key)
  assert.ok(!inspect(rotated).includes(rotated.key) && !JSON.stringify(rotated).includes(rotated.key))
  assert.deepEqual(ctx.mock.requests().at(-1).body, { expireAt: 60 })
  const fresh = new Databrain({ baseUrl: ctx.mock.url, apiKey: rotated.key })
  await ctx.mock.clock({ advanceSeconds: 59 })
  await old.embeds.list().all()
  await fresh.embeds.list().all()
  await ctx.mock.clock({ advanceSeconds: 2 })
  await rejectsWith(old.embeds.list().all(), AuthenticationError)
  await fresh.embeds.list().all()
  await rejectsWith(fresh.rotateApiKey({ grace: -1 }), ValidationError)
  await rejectsWith(client.rotateApiKey({ grace: 0, legacy: true }), ValidationError)
})
