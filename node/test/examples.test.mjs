// The examples run for real: the Express app on a loopback port, the Next.js route handler
// (TypeScript, transpiled here as Next.js would) called with a Request.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import ts from 'typescript'
import { GUEST_PATH, lastBody, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const ctx = useMock()

describe('Express example', () => {
  const { createApp } = require('../examples/express/app.js')
  let server
  let base

  before(async () => {
    const app = createApp({ client: ctx.mock.client({ maxRetries: 0 }) })
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    base = `http://127.0.0.1:${server.address().port}`
  })
  after(() => new Promise((resolve) => server.close(resolve)))

  const post = (headers, body = {}) =>
    fetch(`${base}/api/guest-token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  test('POST /api/guest-token returns {token} for the signed-in user', async () => {
    const res = await post({ 'x-user-id': 'user-456' }, { country: 'France' })
    assert.equal(res.status, 200)
    const { token } = await res.json()
    assert.equal(ctx.mock.guestTokens().at(-1).token, token)
    const body = lastBody(ctx.mock, GUEST_PATH)
    assert.equal(body.clientId, 'user-456')
    assert.deepEqual(body.params.dashboardAppFilters[0].values, { country: 'France' })
  })

  test('no session → 401, nothing sent to Databrain', async () => {
    const res = await post({})
    assert.equal(res.status, 401)
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('a value that breaks a rule → 400 with the field errors', async () => {
    const res = await post({ 'x-user-id': 'u' }, { country: 12 })
    assert.equal(res.status, 400)
    const json = await res.json()
    assert.equal(json.errors[0].path, 'params.dashboardAppFilters[0].values.country')
  })

  test('Databrain failing → 502 with the error code', async (t) => {
    t.mock.method(console, 'error', () => {}) // the example logs the error; keep the test output clean
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 500 })
    const res = await post({ 'x-user-id': 'u' })
    assert.equal(res.status, 502)
    assert.equal((await res.json()).code, 'INTERNAL_SERVER_ERROR')
  })
})

describe('Next.js route handler example', () => {
  let POST
  let tmp

  before(async () => {
    // The route uses the module-level createGuestToken: configure it the way a deployment
    // would, through the environment (read on the first call).
    process.env.DATABRAIN_BASE_URL = ctx.mock.url
    process.env.DATABRAIN_API_KEY = ctx.mock.apiKey
    const source = readFileSync(join(PACKAGE_DIR, 'examples/nextjs/app/api/guest-token/route.ts'), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    // Inside the package directory, so `import 'databrain'` resolves as in a user's app.
    tmp = mkdtempSync(join(PACKAGE_DIR, '.tmp-route-'))
    const file = join(tmp, 'route.mjs')
    writeFileSync(file, outputText)
    ;({ POST } = await import(pathToFileURL(file).href))
  })
  after(() => rmSync(tmp, { recursive: true, force: true }))

  const request = (headers, body = {}) =>
    new Request('http://localhost/api/guest-token', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  test('POST returns {token}', async () => {
    const res = await POST(request({ 'x-user-id': 'user-456' }))
    assert.equal(res.status, 200)
    const { token } = await res.json()
    assert.equal(ctx.mock.guestTokens().at(-1).token, token)
    assert.equal(lastBody(ctx.mock, GUEST_PATH).clientId, 'user-456')
  })

  test('unauthenticated → 401', async () => {
    assert.equal((await POST(request({}))).status, 401)
  })

  test('validation error → 400 with paths', async () => {
    const res = await POST(request({ 'x-user-id': 'u' }, { country: ['USA', 3] }))
    assert.equal(res.status, 400)
    assert.equal((await res.json()).errors[0].path, 'params.dashboardAppFilters[0].values.country[1]')
  })

  test('Databrain failing → 502', async (t) => {
    t.mock.method(console, 'error', () => {})
    ctx.mock.injectFault({ path: GUEST_PATH, times: 3, kind: 'status', status: 401, code: 'EXPIRED_TOKEN' })
    const res = await POST(request({ 'x-user-id': 'u' }))
    assert.equal(res.status, 502)
    assert.equal((await res.json()).code, 'EXPIRED_TOKEN')
  })

  test('the route opts out of the Edge runtime and of caching', async () => {
    const mod = await import(pathToFileURL(join(tmp, 'route.mjs')).href)
    assert.equal(mod.runtime, 'nodejs')
    assert.equal(mod.dynamic, 'force-dynamic')
  })
})
