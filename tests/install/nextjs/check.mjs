// Drives the built Next.js app as a browser or another service would: starts `next start`
// on loopback with DATABRAIN_* pointing at the package's bundled mock (in this process),
// POSTs to the example route handler, and checks the token it answers with came from the
// mock over real HTTP. Also checks Next's output trace lists the platform package's addon,
// which is what Vercel (and `output: 'standalone'`) deploy.
// Run from the app directory after `next build`: node check.mjs
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { MockServer } from 'databrain/testing'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

async function waitForServer(url, child, deadline) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`)
    try {
      return await fetch(url, { method: 'HEAD' })
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer on ${url} within 60 s`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

function checkTrace() {
  const trace = '.next/server/app/api/guest-token/route.js.nft.json'
  const { files } = JSON.parse(readFileSync(trace, 'utf8'))
  const dir = path.dirname(trace)
  const addon = path.join('node_modules', 'databrain-linux-x64-gnu', 'databrain.linux-x64-gnu.node')
  const traced = files.map((f) => path.normalize(path.join(dir, f)))
  assert.ok(traced.includes(addon), `${trace} does not list ${addon}`)
}

const mock = await MockServer.start()
const port = await freePort()
const log = []
const next = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
  env: { ...process.env, DATABRAIN_API_KEY: mock.apiKey, DATABRAIN_BASE_URL: mock.url, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
})
next.stdout.on('data', (d) => log.push(d))
next.stderr.on('data', (d) => log.push(d))
try {
  const url = `http://127.0.0.1:${port}/api/guest-token`
  await waitForServer(url, next, Date.now() + 60_000)

  // The session stand-in of the example reads the user (and the filter value) from headers;
  // a clientId in the body is ignored.
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': 'user-456', 'x-user-country': 'Canada' },
    body: JSON.stringify({ clientId: 'someone-else' }),
  })
  assert.equal(res.status, 200, await res.clone().text())
  assert.equal(res.headers.get('cache-control'), 'no-store')
  const body = await res.json()
  assert.deepEqual(Object.keys(body), ['token', 'expiresAt', 'refreshAt'])
  assert.match(body.token, UUID)
  assert.ok(Date.parse(body.refreshAt) < Date.parse(body.expiresAt), JSON.stringify(body))

  // The token is the one the mock issued, for the signed-in user, with the route's filters.
  const issued = mock.guestTokens()
  assert.deepEqual(issued.map((t) => [t.token, t.clientId]), [[body.token, 'user-456']])
  assert.equal(issued[0].body.params.dashboardAppFilters[0].values.country, 'Canada')

  // The route's GuestTokenCache: the same user again gets the same token, no new mint.
  const again = await fetch(url, { method: 'POST', headers: { 'x-user-id': 'user-456', 'x-user-country': 'Canada' } })
  assert.equal((await again.json()).token, body.token)
  assert.equal(mock.guestTokenCount(), 1)

  const anonymous = await fetch(url, { method: 'POST', body: '{}' })
  assert.equal(anonymous.status, 401)
  assert.equal(anonymous.headers.get('cache-control'), 'no-store')
  assert.equal(mock.guestTokenCount(), 1)

  checkTrace()
  console.log(`check.mjs: next start answered POST /api/guest-token with a mock-issued token (no-store, cached, 401 without a session); trace lists the addon`)
} catch (err) {
  console.error(Buffer.concat(log).toString())
  throw err
} finally {
  next.kill('SIGTERM')
  mock.close()
}
