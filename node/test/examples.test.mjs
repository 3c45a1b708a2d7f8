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

  test('POST /api/guest-token: {token, expiresAt, refreshAt}, no-store, tenant from the session', async () => {
    const res = await post({ 'x-user-id': 'user-456', 'x-user-country': 'France' }, { clientId: 'someone-else' })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const json = await res.json()
    assert.deepEqual(Object.keys(json), ['token', 'expiresAt', 'refreshAt'])
    assert.equal(ctx.mock.guestTokens().at(-1).token, json.token)
    const body = lastBody(ctx.mock, GUEST_PATH)
    assert.equal(body.clientId, 'user-456')
    assert.deepEqual(body.params.dashboardAppFilters[0].values, { country: 'France' })
    // The example's cache: the same user again, no second mint.
    assert.equal((await (await post({ 'x-user-id': 'user-456', 'x-user-country': 'France' })).json()).token, json.token)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  })

  test('no session → 401 with no-store, nothing sent to Databrain', async () => {
    const res = await post({})
    assert.equal(res.status, 401)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('Databrain failing → 502 with the error code only', async (t) => {
    t.mock.method(console, 'error', () => {}) // the handler logs the failure; keep the output clean
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 500 })
    const res = await post({ 'x-user-id': 'u' })
    assert.equal(res.status, 502)
    assert.deepEqual(await res.json(), { error: { code: 'INTERNAL_SERVER_ERROR' } })
  })

  test('the demo page and the two browser modules it imports are served', async () => {
    const page = await (await fetch(`${base}/`)).text()
    assert.match(page, /<dbn-dashboard id="dashboard">/)
    assert.match(page, /attachGuestToken\(element/)
    const helper = await fetch(`${base}/modules/databrain-browser.mjs`)
    assert.match(helper.headers.get('content-type'), /javascript/)
    assert.match(await helper.text(), /export function attachGuestToken/)
    const plugin = await fetch(`${base}/modules/databrain-plugin.mjs`)
    assert.equal(plugin.status, 200)
    assert.match(await plugin.text(), /customElements\.define\("dbn-dashboard"/)
  })
})

describe('Next.js route handler example', () => {
  let POST
  let tmp

  before(async () => {
    // The route's module-level client: configure it the way a deployment would, through the
    // environment (read when the module is loaded).
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

  test('POST returns {token, expiresAt, refreshAt} with no-store', async () => {
    const res = await POST(request({ 'x-user-id': 'user-456' }))
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const { token, expiresAt, refreshAt } = await res.json()
    assert.equal(ctx.mock.guestTokens().at(-1).token, token)
    assert.ok(Date.parse(refreshAt) < Date.parse(expiresAt))
    assert.equal(lastBody(ctx.mock, GUEST_PATH).clientId, 'user-456')
  })

  test('unauthenticated → 401', async () => {
    const res = await POST(request({}))
    assert.equal(res.status, 401)
    assert.equal(res.headers.get('cache-control'), 'no-store')
  })

  test('Databrain failing → 502 with the code only', async (t) => {
    t.mock.method(console, 'error', () => {})
    ctx.mock.injectFault({ path: GUEST_PATH, times: 3, kind: 'status', status: 401, code: 'EXPIRED_TOKEN' })
    const res = await POST(request({ 'x-user-id': 'user-502' }))
    assert.equal(res.status, 502)
    assert.deepEqual(await res.json(), { error: { code: 'EXPIRED_TOKEN' } })
  })

  test('the route opts out of the Edge runtime and of caching', async () => {
    const mod = await import(pathToFileURL(join(tmp, 'route.mjs')).href)
    assert.equal(mod.runtime, 'nodejs')
    assert.equal(mod.dynamic, 'force-dynamic')
  })
})
