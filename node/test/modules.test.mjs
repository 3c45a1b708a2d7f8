// Packaging: CJS and ESM entry points share one set of classes, the exports map hides the
// generated loader, and `require('databrain')` is cheap because the addon loads lazily.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import * as esm from 'databrain'
import * as esmTesting from 'databrain/testing'

const require = createRequire(import.meta.url)
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

const PUBLIC = [
  'Databrain',
  'createGuestToken',
  'createApiToken',
  'GuestToken',
  'GuestTokenCache',
  'setLogger',
  'DatabrainError',
  'ValidationError',
  'ConfigurationError',
  'APIError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'BadRequestError',
  'RateLimitError',
  'ServerError',
  'APIResponseValidationError',
  'APIConnectionError',
  'APITimeoutError',
]

test('CJS and ESM export the same objects', () => {
  const cjs = require('databrain')
  assert.deepEqual(Object.keys(cjs).sort(), [...PUBLIC].sort())
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), [...PUBLIC].sort())
  for (const name of PUBLIC) assert.equal(esm[name], cjs[name], name)
  assert.equal(esm.default, cjs)
  assert.equal(esmTesting.MockServer, require('databrain/testing').MockServer)
})

test('an error from the CJS build is instanceof the ESM class', async () => {
  const cjs = require('databrain')
  const client = new cjs.Databrain({ apiKey: 'k' })
  await assert.rejects(client.createGuestToken({}), esm.ValidationError)
})

test('the generated native loader is not part of the public surface', () => {
  assert.throws(() => require('databrain/native.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' })
  assert.ok(require('databrain/package.json').name === 'databrain')
})

test('require("databrain") does not load the addon', () => {
  const out = execFileSync(
    process.execPath,
    ['-e', "require('databrain'); const loaded = Object.keys(require.cache); console.log(loaded.some((f) => f === require('path').resolve('native.js') || f.endsWith('.node')))"],
    { cwd: PACKAGE_DIR, encoding: 'utf8' },
  )
  assert.equal(out.trim(), 'false')
})

test('require("databrain") loads only the package\'s own modules (no addon, no framework)', () => {
  // What require costs is measured by ./scripts/bench (the `require('databrain')` row); here we
  // pin what makes it cheap: nothing outside the package's own JS is loaded.
  const script =
    "const before = new Set(Object.keys(require.cache)); require('databrain');" +
    "console.log(JSON.stringify(Object.keys(require.cache).filter((f) => !before.has(f))))"
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' }))
  const outside = loaded.filter((f) => !f.startsWith(PACKAGE_DIR) || f.includes('node_modules') || f.endsWith('.node'))
  assert.deepEqual(outside, [])
  assert.ok(!loaded.some((f) => /express|next|fetch|fastify|browser/.test(f.slice(PACKAGE_DIR.length))), loaded.join('\n'))
})

test('no entry point loads a web framework; databrain/browser is for browsers only', () => {
  const script = [
    "require('databrain'); require('databrain/express'); require('databrain/next')",
    "require('databrain/fetch'); require('databrain/fastify')",
    "const loaded = Object.keys(require.cache)",
    "console.log(JSON.stringify(loaded.filter((f) => /node_modules[\\\\/](express|next|react|fastify|hono)[\\\\/]/.test(f))))",
  ].join(';')
  const out = execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' })
  assert.deepEqual(JSON.parse(out), [])
  // The exports map has no `require` for the ESM browser module, only its file.
  assert.match(require.resolve('databrain/browser'), /browser[\\/]index\.mjs$/)
})
