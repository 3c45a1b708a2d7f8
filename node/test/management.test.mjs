// The management API over real HTTP against the mock: the shared contract vectors
// (tests/vectors/management.json, as the Rust suite runs them), the namespaces built from the
// core's table, pagination (10/10/5) with `for await`, and credential errors.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { createRequire } from 'node:module'
import { ConfigurationError, Databrain, DatabrainError, ValidationError } from 'databrain'
import { useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const native = require('../lib/native.js').loadNative()

const VECTORS_DIR = fileURLToPath(new URL('../../tests/vectors/', import.meta.url))
const load = (file) => JSON.parse(readFileSync(VECTORS_DIR + file, 'utf8'))
const CLASS_BY_KIND = Object.fromEntries(load('error_kinds.json').kinds.map((k) => [k.kind, k.class]))
const ctx = useMock()

const client = (extra = {}) =>
  new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey, serviceToken: ctx.mock.serviceToken, ...extra })

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

// The vectors hand the loose request to the row by name (Rust: `call_json`).
async function run(c) {
  const serviceToken = c.serviceToken ?? ctx.mock.serviceToken
  const raw = new native.NativeClient({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey, serviceToken }, 'node test')
  try {
    return { value: await raw.call(c.call, c.input ?? undefined, c.options, c.page) }
  } catch (err) {
    return { error: err }
  }
}

// Whether `got` holds `want` (the vectors' `answer`): every key of an object, every item of a
// list of the same length, scalars equal.
function holds(got, want) {
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => holds(got[i], w))
  if (want !== null && typeof want === 'object') {
    return got !== null && typeof got === 'object' && Object.entries(want).every(([k, v]) => k in got && holds(got[k], v))
  }
  return got === want
}

for (const c of load('management.json').cases) {
  test(`vector: ${c.name}`, async () => {
    const { value, error } = await run(c)
    const recorded = ctx.mock.requests()
    if ('errors' in c) {
      assert.ok(error instanceof ValidationError, `${error}`)
      assert.deepEqual(error.errors.map((e) => e.path), c.errors.map((e) => e.path), JSON.stringify(error.errors))
      c.errors.forEach((want, i) => assert.ok(error.errors[i].message.includes(want.contains ?? ''), error.errors[i].message))
      assert.equal(recorded.length, 0, 'nothing is sent')
      return
    }
    if (c.result === 'ok') {
      assert.equal(error, undefined, `${error}`)
      if ('answer' in c) assert.ok(holds(value, c.answer), JSON.stringify(value))
    } else {
      assert.ok(error instanceof DatabrainError, `${error}`)
      assert.equal(error.constructor.name, CLASS_BY_KIND[c.result.kind])
      assert.deepEqual({ code: error.code, status: error.status }, { code: c.result.code, status: c.result.status })
    }
    assert.ok(recorded.length > 0, 'a request was sent')
    const first = recorded[0]
    assert.equal(first.method, c.request.method)
    assert.equal(first.path, c.request.path)
    assert.deepEqual([...new URLSearchParams(first.query ?? '')], c.request.query)
    assert.deepEqual(first.body ?? null, c.request.body)
  })
}

test('the namespaces expose every row of the core, camel-cased', () => {
  const c = client()
  const rows = native.operations()
  assert.equal(rows.length, 33)
  for (const row of rows) {
    const [family, call] = row.name.split('.')
    assert.equal(typeof c[camel(family)][camel(call)], 'function', row.name)
  }
  assert.equal(typeof c.guestTokens.create, 'function')
  assert.equal(typeof c.apiTokens.create, 'function')
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(c))), ['baseUrl', 'hasApiKey', 'hasServiceToken'])
})

async function fill(c, total) {
  const have = (await c.dataApps.list().all()).length
  for (let i = 0; i < total - have; i++) await c.dataApps.create({ name: `App ${String(i).padStart(2, '0')}` })
}

test('pagination over 25 items is 10/10/5, with for await', async () => {
  const c = client()
  await fill(c, 25)
  ctx.mock.clearRequests()
  const list = c.dataApps.list()
  assert.equal(ctx.mock.requests().length, 0, 'nothing is sent before iterating')
  const sizes = []
  for await (const page of list.pages()) sizes.push(page.length)
  assert.deepEqual(sizes, [10, 10, 5])
  assert.deepEqual(
    ctx.mock.requests().map((r) => r.query),
    [1, 2, 3].map((n) => `isPagination=true&pageNumber=${n}`),
  )
  const names = new Set()
  for await (const app of c.dataApps.list()) names.add(app.name)
  assert.equal(names.size, 25)
  ctx.mock.clearRequests()
  assert.equal((await list.page(2)).length, 10)
  assert.deepEqual(ctx.mock.requests().map((r) => r.query), ['isPagination=true&pageNumber=2'])
  assert.equal((await list.all()).length, 25)
})

test('round trip through the namespaces and the aliases', async () => {
  const c = client()
  const made = await c.dataApps.create({ name: 'Tenant App' })
  assert.equal(typeof made, 'object')
  await c.dataApps.rename({ name: 'Tenant App', updateName: 'Tenant Two' })
  assert.deepEqual(ctx.mock.requests().at(-1).body, { name: 'Tenant App', updateName: 'Tenant Two' })
  await c.dataApps.delete({ name: 'Tenant Two' })
  const dataApp = native.constants().mock.dataApp
  const key = await c.apiTokens.create({ dataAppName: dataApp, name: 'ci key' })
  assert.equal(typeof key, 'string')
  const token = await c.guestTokens.create({ clientId: 'user-1', dataAppName: dataApp })
  assert.equal(typeof token, 'string')
  assert.ok(Array.isArray(await c.workspaces.list().all()))
})

test('validation throws before sending', async () => {
  const c = client()
  await assert.rejects(c.dataApps.create({}), (e) => e instanceof ValidationError && e.errors[0].path === 'name')
  assert.throws(() => c.dataApps.list({ nope: 1 }), ValidationError)
  await assert.rejects(c.dataApps.create({ name: 'x' }, { credential: 'password' }), /credential: must be one of/)
  assert.equal(ctx.mock.requests().length, 0)
})

test('a missing credential is named', async () => {
  const keyOnly = new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey })
  await assert.rejects(keyOnly.dataApps.create({ name: 'No Token' }), (e) => {
    assert.ok(e instanceof ConfigurationError, `${e}`)
    assert.match(e.message, /service token/)
    assert.match(e.message, /DATABRAIN_SERVICE_TOKEN/)
    return true
  })
  const tokenOnly = new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.serviceToken })
  await assert.rejects(tokenOnly.dataApps.create({ name: 'No Key' }, { credential: 'apiKey' }), /DATABRAIN_API_KEY/)
  assert.equal(ctx.mock.requests().length, 0)
})
