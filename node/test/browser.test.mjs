// databrain/browser in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; nothing downloads a browser), on the page the Express example serves, with
// the real @databrainhq/plugin loaded. The plugin's own data requests go to Databrain's cloud:
// the page's requests to anything but the example server are answered locally (and recorded,
// to see which token the plugin sends), so no network is needed.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import express from 'express'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const { createApp } = require('../examples/express/app.js')
const CHROMIUM = '/usr/bin/chromium'
const MINT = '/api/guest-token'

test('databrain/browser is at most 2 KB gzipped, with no imports', () => {
  const source = readFileSync(require.resolve('databrain/browser'))
  const size = gzipSync(source, { level: 9 }).length
  assert.ok(size <= 2048, `${size} bytes gzipped`)
  assert.doesNotMatch(source.toString(), /^\s*import\s/m)
})

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does)`

describe('attachGuestToken in headless Chromium', { skip }, () => {
  const ctx = useMock()
  let browser

  before(async () => {
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'], timeout: 30_000 })
  })
  after(() => browser?.close())

  /**
   * The example app (a cache over a mock client) on a loopback port, behind a counter of mint
   * requests, and a page on it signed in as `user`. Returns the handles; `close()` in finally.
   */
  async function open({ expiryTime, user = 'user-456' }) {
    const mints = []
    const failures = { next: 0 } // the next N mint requests get a 503 before the handler
    const outer = express()
    outer.use((req, res, next) => {
      if (req.method === 'POST' && req.path === MINT) {
        res.on('finish', () => mints.push(res.statusCode))
        if (failures.next > 0) {
          failures.next--
          return res.status(503).set('retry-after', '1').json({ error: { code: 'TEST_OUTAGE' } })
        }
      }
      next()
    })
    outer.use(createApp({ client: ctx.mock.client({ maxRetries: 0 }), expiryTime }))
    const server = await new Promise((resolve) => {
      const s = outer.listen(0, '127.0.0.1', () => resolve(s))
    })
    const base = `http://127.0.0.1:${server.address().port}`
    const context = await browser.newContext()
    const page = await context.newPage()
    const pluginTokens = []
    const pageErrors = []
    const warnings = []
    const urls = []
    page.on('pageerror', (err) => pageErrors.push(err))
    page.on('request', (request) => urls.push(request.url()))
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
    await page.route('**/*', (route) => {
      const request = route.request()
      if (request.url().startsWith(`${base}/`)) return route.continue()
      const token = request.headers()['x-plugin-token']
      if (token) pluginTokens.push(token)
      return route.fulfill({
        status: 200,
        headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'content-type': 'application/json' },
        body: JSON.stringify({ error: { message: 'offline test: Databrain is not reached' } }),
      })
    })
    await page.goto(`${base}/?user=${user}`, { timeout: 30_000 })
    const close = async () => {
      await context.close()
      await new Promise((resolve) => server.close(resolve))
    }
    return { page, mints, failures, pluginTokens, pageErrors, warnings, urls, close }
  }

  const tokenOf = (page) => page.evaluate(() => document.getElementById('dashboard')?.getAttribute('token') ?? null)
  const waitForToken = (page, other = null, timeout = 20_000) =>
    page
      .waitForFunction((old) => {
        const token = document.getElementById('dashboard').getAttribute('token')
        return token && token !== old ? token : false
      }, other, { timeout, polling: 25 })
      .then((handle) => handle.jsonValue())

  async function liveness(token) {
    const res = await fetch(`${ctx.mock.url}/__mock/guest-tokens/${token}`)
    assert.equal(res.status, 200)
    return res.json()
  }

  async function until(check, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  test('the element gets a live token, and the plugin uses it', async () => {
    const app = await open({ expiryTime: 3_600_000 })
    try {
      const token = await waitForToken(app.page)
      assert.deepEqual(app.mints, [200])
      assert.equal((await liveness(token)).live, true)
      assert.equal(ctx.mock.guestTokens().at(-1).token, token)
      // The tenant came from the session (the demo's cookie), not from the page.
      assert.equal(ctx.mock.requests().at(-1).body.clientId, 'user-456')
      // The plugin read it through its `token` property/attribute and sent it to Databrain.
      assert.equal(await app.page.evaluate(() => document.getElementById('dashboard').token), token)
      await until(() => app.pluginTokens.length > 0, 20_000, 'the plugin to request its dashboard')
      assert.deepEqual([...new Set(app.pluginTokens)], [token])
      assert.deepEqual(app.pageErrors, [])
      // It travelled in a response body and a header, never in a URL.
      assert.ok(app.urls.length > 0)
      assert.deepEqual(app.urls.filter((url) => url.includes(token)), [])
    } finally {
      await app.close()
    }
  })

  test('a short-lived token is replaced before it expires', async (t) => {
    // refreshAt is at 8 s (the cache's 0.2 margin): 2 s to spare on a loaded machine.
    const app = await open({ expiryTime: 10_000 })
    try {
      const first = await waitForToken(app.page)
      const second = await waitForToken(app.page, first, 15_000)
      // Checked at once on swap: the old token had not died yet.
      const old = await liveness(first)
      assert.equal(old.live, true, `old token already dead at swap time: ${JSON.stringify(old)}`)
      t.diagnostic(`swapped ${old.expiresAtMs - Date.now()} ms before the old token expired`)
      assert.equal((await liveness(second)).live, true)
      assert.equal(await app.page.evaluate(() => document.getElementById('dashboard').token), second)
      assert.ok(app.mints.every((status) => status === 200), `${app.mints}`)
    } finally {
      await app.close()
    }
  })

  test('two 503s (Databrain rate limit), then a 200: the loop recovers', async (t) => {
    t.mock.method(console, 'warn', () => {}) // the example's handler logs each rate limit
    ctx.mock.injectFault({ path: GUEST_PATH, times: 2, kind: 'status', status: 429, retryAfter: '1' })
    const app = await open({ expiryTime: 3_600_000 })
    try {
      const token = await waitForToken(app.page, null, 20_000)
      assert.deepEqual(app.mints, [503, 503, 200])
      assert.equal((await liveness(token)).live, true)
      // The page's onError saw each failure.
      assert.equal(app.warnings.filter((w) => w.includes('503')).length, 2, `${app.warnings}`)
    } finally {
      await app.close()
    }
  })

  test('TOKEN_EXPIRED on the element mints at once', async () => {
    const app = await open({ expiryTime: 3_600_000 })
    try {
      await waitForToken(app.page)
      assert.equal(app.mints.length, 1)
      await app.page.evaluate(() => document.getElementById('dashboard').dispatchEvent(new CustomEvent('TOKEN_EXPIRED')))
      await until(() => app.mints.length === 2, 10_000, 'a mint after TOKEN_EXPIRED')
    } finally {
      await app.close()
    }
  })

  test('failed refreshes keep the current token on the element, and the loop goes on', async () => {
    const app = await open({ expiryTime: 3_600_000 })
    try {
      const token = await waitForToken(app.page)
      app.failures.next = 2
      await app.page.evaluate(() => document.getElementById('dashboard').dispatchEvent(new CustomEvent('TOKEN_EXPIRED')))
      await until(() => app.mints.length === 3, 10_000, 'two failed refreshes')
      assert.equal(await tokenOf(app.page), token)
      await until(() => app.mints.length === 4, 15_000, 'a refresh after the failures')
      assert.deepEqual(app.mints, [200, 503, 503, 200])
      assert.equal(await tokenOf(app.page), token) // the cache's token, still valid
      assert.equal((await liveness(token)).live, true)
    } finally {
      await app.close()
    }
  })

  test('removing the element stops the requests', async () => {
    // Refresh every ~1.6 s: the loop is seen running first, then seen stopped.
    const app = await open({ expiryTime: 2_000 })
    try {
      const first = await waitForToken(app.page)
      await waitForToken(app.page, first, 10_000)
      await app.page.evaluate(() => document.getElementById('dashboard').remove())
      await new Promise((resolve) => setTimeout(resolve, 200)) // a request already in flight lands
      const sent = app.mints.length
      const minted = ctx.mock.requestCount(GUEST_PATH)
      await new Promise((resolve) => setTimeout(resolve, 5_000)) // three refresh periods
      assert.equal(app.mints.length, sent, 'mint requests after the element left the DOM')
      assert.equal(ctx.mock.requestCount(GUEST_PATH), minted)
    } finally {
      await app.close()
    }
  })
})
