// The same package through `import` (index.mjs / testing.mjs): one guest token.
// Run from the npm project under test: node smoke.mjs
import assert from 'node:assert/strict'
import { Databrain, DatabrainError } from 'databrain'
import { MockServer } from 'databrain/testing'

const mock = await MockServer.start()
try {
  const client = new Databrain(mock.clientOptions)
  const token = await client.createGuestToken({ clientId: 'install-esm', dataAppName: 'sales-dashboard' })
  assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.deepEqual(mock.guestTokens().map((t) => t.clientId), ['install-esm'])
  // ESM and CJS must share one set of classes (index.mjs re-exports index.js).
  const cjs = (await import('node:module')).createRequire(import.meta.url)('databrain')
  assert.equal(cjs.DatabrainError, DatabrainError)
} finally {
  mock.close()
}
console.log('smoke.mjs: import + guest token ok')
