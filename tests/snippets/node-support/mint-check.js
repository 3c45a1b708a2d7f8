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

/**
 * The Fastify block's plugin: 401 signed out, a token for the user an `onRequest` hook signs
 * in from `x-test-user` (the stand-in for @fastify/passport; added before the plugin loads).
 * @param {any} app
 */
async function checkFastifyMint(app, path = '/api/guest-token') {
  app.addHook('onRequest', async (/** @type {any} */ request) => {
    const user = request.headers['x-test-user']
    if (user) request.user = { tenantId: String(user) }
  })
  try {
    const signedOut = await app.inject({ method: 'POST', url: path })
    if (signedOut.statusCode !== 401) throw new Error(`signed out: expected 401, got ${signedOut.statusCode} ${signedOut.body}`)
    const answer = await app.inject({ method: 'POST', url: path, headers: { 'x-test-user': 'tenant-1' } })
    assertToken(answer.statusCode, answer.json())
  } finally {
    await app.close()
  }
}

/**
 * The fetch-style block: Hono's `app.request` signed out → 401; the handler with a context
 * whose `get('user')` is a signed-in user → a token.
 * @param {any} app @param {any} handler
 */
async function checkFetchMint(app, handler, path = '/api/guest-token') {
  const signedOut = await app.request(path, { method: 'POST' })
  if (signedOut.status !== 401) throw new Error(`signed out: expected 401, got ${signedOut.status} ${await signedOut.text()}`)
  const signedIn = { get: (/** @type {string} */ key) => (key === 'user' ? { tenantId: 'tenant-1' } : undefined) }
  const answer = await handler(new Request('http://localhost' + path, { method: 'POST' }), signedIn)
  assertToken(answer.status, await answer.json())
}

/**
 * The node:http block's server: 401 on the mint path (nobody signed in), 404 elsewhere.
 * @param {import('node:http').Server} server
 */
async function checkHttpMint(server, path = '/api/guest-token') {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const origin = `http://127.0.0.1:${address.port}`
  try {
    const signedOut = await fetch(origin + path, { method: 'POST' })
    if (signedOut.status !== 401) throw new Error(`signed out: expected 401, got ${signedOut.status}`)
    const elsewhere = await fetch(origin + '/other', { method: 'POST' })
    if (elsewhere.status !== 404) throw new Error(`another path: expected 404, got ${elsewhere.status}`)
  } finally {
    server.close()
  }
}

/** @param {number} status @param {any} body */
function assertToken(status, body) {
  if (status !== 200 || typeof body.token !== 'string' || !body.expiresAt) {
    throw new Error(`signed in: expected 200 with a token, got ${status} ${JSON.stringify(body)}`)
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

module.exports = { serve, checkMintEndpoint, checkFastifyMint, checkFetchMint, checkHttpMint, testSignIn, fail, storeSecret, deploy }
