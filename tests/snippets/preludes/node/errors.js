const express = require('express')
const { serve, testSignIn, fail } = require('./support/mint-check')

const app = express()
app.use(testSignIn, express.json())
// --- snippet ---
;(async () => {
  const { server, origin } = await serve(app)
  try {
    const post = (/** @type {unknown} */ body) => fetch(`${origin}/api/report-token`, {
      method: 'POST', headers: { 'x-test-user': 'tenant-1', 'content-type': 'application/json' }, body: JSON.stringify(body),
    })
    const ok = await post({ dataApp: 'sales-dashboard' })
    if (ok.status !== 200) throw new Error(`expected a token, got ${ok.status} ${await ok.text()}`)
    const invalid = await post({})
    const body = await invalid.json()
    if (invalid.status !== 400 || body.errors[0].path !== 'dataAppName') throw new Error(`expected 400 naming dataAppName, got ${invalid.status} ${JSON.stringify(body)}`)
  } finally {
    server.close()
  }
})().catch(fail)
