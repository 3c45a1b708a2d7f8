'use strict'
// Hidden checks shared by the Node blocks' preludes (preludes/*.js): serves the block's Express
// `app` on a free loopback port and checks what the README promises. Readers never see this.
const { once } = require('node:events')

/** @param {{ listen: Function }} app */
async function serve(app) {
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return { server, origin: `http://127.0.0.1:${address.port}` }
}

/**
 * The mint endpoint: 401 signed out, a token for the user the `x-test-user` header signs in
 * (the prelude's stand-in for Passport).
 * @param {{ listen: Function }} app
 */
async function checkMintEndpoint(app, path = '/api/guest-token') {
  const { server, origin } = await serve(app)
  try {
    const signedOut = await fetch(origin + path, { method: 'POST' })
    if (signedOut.status !== 401) throw new Error(`signed out: expected 401, got ${signedOut.status} ${await signedOut.text()}`)
    const answer = await fetch(origin + path, { method: 'POST', headers: { 'x-test-user': 'tenant-1' } })
    const body = await answer.json()
    if (answer.status !== 200 || typeof body.token !== 'string' || !body.expiresAt) {
      throw new Error(`signed in: expected 200 with a token, got ${answer.status} ${JSON.stringify(body)}`)
    }
  } finally {
    server.close()
  }
}

/** Passport-style middleware for the tests: `x-test-user` → `req.user`. */
function testSignIn(req, res, next) {
  const user = req.headers['x-test-user']
  if (user) req.user = { tenantId: String(user) }
  next()
}

/** @param {unknown} err */
function fail(err) {
  console.error(err)
  process.exit(1)
}

/** The reader's own secret store and deployment, in the onboarding blocks. */
async function storeSecret(/** @type {string} */ key) {
  if (typeof key !== 'string' || !key) throw new Error('expected the new API key')
}
async function deploy(/** @type {string} */ key) {
  if (typeof key !== 'string' || !key) throw new Error('expected the rotated API key')
}

module.exports = { serve, checkMintEndpoint, testSignIn, fail, storeSecret, deploy }
