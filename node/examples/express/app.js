'use strict'
// Express: POST /api/guest-token → {token, expiresAt, refreshAt} for the signed-in user, and a
// demo page (GET /) whose <dbn-dashboard> is kept supplied with tokens by databrain/browser.
//
//   npm install databrain express @databrainhq/plugin
//   DATABRAIN_API_KEY=... DASHBOARD_ID=... node examples/express/app.js
//   open http://localhost:3000/?user=user-456
//
// One Databrain client and one GuestTokenCache per process: the cache hands every tab of a
// user the same token until it is due for a refresh, instead of minting one per page load.
const { join } = require('node:path')
const express = require('express')
const { Databrain, GuestTokenCache } = require('databrain')
const { guestTokenHandler } = require('databrain/express')

/**
 * @param {{client?: Databrain, cache?: GuestTokenCache, dataAppName?: string, dashboardId?: string, expiryTime?: number}} [options]
 */
function createApp({
  client,
  cache = new GuestTokenCache(client ?? new Databrain()),
  dataAppName = process.env.DATABRAIN_DATA_APP ?? 'sales-dashboard',
  dashboardId = process.env.DASHBOARD_ID ?? 'sales',
  expiryTime = 60 * 60 * 1000, // one hour; the browser helper swaps in a new token before then
} = {}) {
  const app = express()

  // Stand-in for your authentication middleware (a session cookie, a JWT, ...). The demo
  // signs in with `/?user=<id>` (a cookie) or an `x-user-id` header.
  app.use((req, res, next) => {
    const fromQuery = req.method === 'GET' && req.path === '/' ? req.query.user : undefined
    if (typeof fromQuery === 'string' && fromQuery) res.cookie('demo-user', fromQuery, { httpOnly: true, sameSite: 'strict' })
    const id = req.get('x-user-id') ?? fromQuery ?? cookie(req, 'demo-user')
    if (id) req.user = { id, country: req.get('x-user-country') ?? 'USA' }
    next()
  })

  app.post(
    '/api/guest-token',
    guestTokenHandler({
      cache,
      // Everything here comes from the session, never from the request body: a visitor could
      // otherwise ask for another customer's rows. No user → null → 401.
      resolve: (req) =>
        req.user && {
          clientId: req.user.id,
          dataAppName,
          params: { dashboardAppFilters: [{ dashboardId, values: { country: req.user.country } }] },
          permissions: { isShowSideBar: false, isEnableDownloadMetrics: true },
          expiryTime,
        },
    }),
  )

  // The demo page and the two browser modules it imports (a real app bundles them instead).
  app.get('/', (req, res) => res.sendFile(join(__dirname, 'public', 'index.html')))
  app.get('/dashboard-id', (req, res) => res.json({ dashboardId }))
  app.get('/modules/databrain-browser.mjs', (req, res) => res.sendFile(require.resolve('databrain/browser')))
  app.get('/modules/databrain-plugin.mjs', (req, res) => {
    let file
    try {
      file = require.resolve('@databrainhq/plugin/web')
    } catch {
      return res.status(404).type('text').send('npm install @databrainhq/plugin')
    }
    // Its package exports map gives `require` the UMD build; the page wants the ES one.
    res.sendFile(join(file, '..', 'webcomponents.es.js'))
  })
  return app
}

/** One cookie's value (Express has no cookie parser built in). */
function cookie(req, name) {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000)
  createApp().listen(port, () => console.log(`listening on http://localhost:${port}/?user=user-456`))
}

module.exports = { createApp }
