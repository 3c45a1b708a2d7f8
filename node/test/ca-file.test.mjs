// caFile: a PEM bundle trusted beside the system's roots. A loopback HTTPS server whose
// certificate a test CA signed forwards to the mock: refused without the CA, accepted with it.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { APIConnectionError, ConfigurationError, Databrain } from 'databrain'
import { MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const fixture = (name) => fileURLToPath(new URL(`../../crates/databrain/tests/fixtures/${name}`, import.meta.url))

test('a private CA is refused without caFile and trusted with it', async (t) => {
  const upstream = new URL(ctx.mock.url)
  const server = tls.createServer({ cert: readFileSync(fixture('test-ca-leaf-cert.pem')), key: readFileSync(fixture('test-ca-leaf-key.pem')) }, (socket) => {
    const plain = net.connect(Number(upstream.port), upstream.hostname)
    socket.pipe(plain).pipe(socket)
    socket.on('error', () => plain.destroy())
    plain.on('error', () => socket.destroy())
  })
  server.on('tlsClientError', () => {})
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  const baseUrl = `https://localhost:${server.address().port}`
  const options = { baseUrl, apiKey: ctx.mock.apiKey, maxRetries: 0, useEnv: false }

  const e = await rejectsWith(new Databrain(options).createGuestToken(MINIMAL), APIConnectionError)
  assert.match(e.message, /certificate/i)
  assert.ok(await new Databrain({ ...options, caFile: fixture('test-ca.pem') }).createGuestToken(MINIMAL))
  assert.throws(() => new Databrain({ caFile: '/nonexistent/ca.pem' }), (err) => err instanceof ConfigurationError && /caFile \/nonexistent\/ca\.pem: cannot read it/.test(err.message))
})
