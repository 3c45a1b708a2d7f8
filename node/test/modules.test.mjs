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

function nodeMs(args, runs) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    execFileSync(process.execPath, args, { cwd: PACKAGE_DIR, stdio: 'ignore' })
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(runs / 2)]
}

test('require("databrain") does not load the addon', () => {
  const out = execFileSync(
    process.execPath,
    ['-e', "require('databrain'); const loaded = Object.keys(require.cache); console.log(loaded.some((f) => f === require('path').resolve('native.js') || f.endsWith('.node')))"],
    { cwd: PACKAGE_DIR, encoding: 'utf8' },
  )
  assert.equal(out.trim(), 'false')
})

test('require("databrain") costs at most 10 ms (median of 7 fresh processes)', () => {
  // Timed inside each process, so the machine's process-startup jitter does not count.
  const script = "const t = process.hrtime.bigint(); require('databrain'); console.log(Number(process.hrtime.bigint() - t) / 1e6)"
  const times = []
  for (let i = 0; i < 7; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' })))
  }
  times.sort((a, b) => a - b)
  const median = times[3]
  // For the log: the same against `node -e 0` from outside (noisy on a busy machine).
  const overhead = nodeMs(['-e', "require('databrain')"], 5) - nodeMs(['-e', '0'], 5)
  console.log(`require('databrain'): ${median.toFixed(1)} ms in-process; ~${overhead.toFixed(1)} ms over \`node -e 0\``)
  assert.ok(median <= 10, `require takes ${median.toFixed(1)} ms`)
})

test('no entry point loads a web framework; databrain/browser is for browsers only', () => {
  const script = [
    "require('databrain'); require('databrain/express'); require('databrain/next')",
    "const loaded = Object.keys(require.cache)",
    "console.log(JSON.stringify(loaded.filter((f) => /node_modules[\\\\/](express|next|react)[\\\\/]/.test(f))))",
  ].join(';')
  const out = execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' })
  assert.deepEqual(JSON.parse(out), [])
  // The exports map has no `require` for the ESM browser module, only its file.
  assert.match(require.resolve('databrain/browser'), /browser[\\/]index\.mjs$/)
})
