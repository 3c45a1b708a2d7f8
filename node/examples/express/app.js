'use strict'
// Express: POST /api/guest-token → {token}, for the Databrain embed component in the browser.
//
//   DATABRAIN_API_KEY=... node examples/express/app.js
//   curl -X POST localhost:3000/api/guest-token -H 'x-user-id: user-456'
//
// One Databrain client per process (it holds the connection pool); every call is async and
// never blocks the event loop.
const express = require('express')
const { Databrain, DatabrainError, ValidationError } = require('databrain')

/**
 * @param {{client?: Databrain, dataAppName?: string}} [options]
 */
function createApp({ client = new Databrain(), dataAppName = process.env.DATABRAIN_DATA_APP ?? 'sales-dashboard' } = {}) {
  const app = express()
  app.use(express.json())

  // Stand-in for your authentication middleware: the client id must come from your session,
  // never from the request body, or any visitor could read another customer's rows.
  app.use((req, res, next) => {
    const id = req.get('x-user-id')
    if (!id) return res.status(401).json({ error: 'not signed in' })
    req.user = { id }
    next()
  })

  app.post('/api/guest-token', async (req, res) => {
    try {
      const token = await client.createGuestToken({
        clientId: req.user.id,
        dataAppName,
        params: { dashboardAppFilters: [{ dashboardId: 'sales', values: { country: req.body?.country ?? 'USA' } }] },
        permissions: { isShowSideBar: false, isEnableDownloadMetrics: true },
        expiryTime: 60 * 60 * 1000, // one hour
      })
      res.json({ token })
    } catch (err) {
      if (err instanceof ValidationError) {
        // The user-supplied part of the request broke a rule: say which.
        return res.status(400).json({ error: err.message, errors: err.errors })
      }
      if (err instanceof DatabrainError) {
        // Databrain (or the network) failed: log the details, don't leak them.
        console.error(err)
        return res.status(502).json({ error: 'could not create a guest token', code: err.code })
      }
      throw err // Express 5 hands rejected promises to its error handler
    }
  })
  return app
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000)
  createApp().listen(port, () => console.log(`listening on http://localhost:${port}`))
}

module.exports = { createApp }
