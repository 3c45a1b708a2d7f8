// Log records, over real HTTP with a retry injected on the mock: they reach a `logger` object
// and, with DATABRAIN_LOG, stderr of a child process; nothing by default; never a secret.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { after, describe, test } from 'node:test'
import { ConfigurationError, setLogger } from 'databrain'
import { API_PATH, GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const CHILD = fileURLToPath(new URL('../test-support/logging-child.mjs', import.meta.url))
// attempt records: method, path, status, duration, request id, attempt number
const ATTEMPT = /^DEBUG databrain: POST (\S+) -> (\d{3}|no answer) in \d+\.\d ms \(request ([0-9a-f-]{36}), attempt (\d+)\)$/

after(() => setLogger(null))

/** Waits (bounded) until `pred()` holds: records come through a queue drained by the event loop. */
async function until(pred, ms = 3000) {
  const end = performance.now() + ms
  while (!pred() && performance.now() < end) await new Promise((r) => setTimeout(r, 5))
  return pred()
}

/** Runs the child; resolves {code, stdout, stderr}, or fails if it outlives `limitMs`. */
function runChild(env, args = [], limitMs = 10_000) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env }
    for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k]
    const child = spawn(process.execPath, [CHILD, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const killer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`still running after ${limitMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, limitMs)
    child.on('exit', (code) => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr })
    })
  })
}

const childEnv = (extra) => ({
  DATABRAIN_BASE_URL: ctx.mock.url,
  DATABRAIN_API_KEY: ctx.mock.apiKey,
  DATABRAIN_SERVICE_TOKEN: ctx.mock.serviceToken,
  DATABRAIN_LOG: undefined,
  ...extra,
})

describe('log records', () => {
  test('a logger object gets one record per attempt and per retry, and never a secret', async () => {
    const records = []
    const logger = {}
    for (const level of ['debug', 'info', 'warn', 'error']) logger[level] = (line) => records.push({ level, line })
    const client = ctx.mock.client({ logger })
    ctx.mock.injectFault({ path: GUEST_PATH, times: 1, kind: 'status', status: 503 })
    ctx.mock.injectFault({ path: API_PATH, times: 1, kind: 'status', status: 429, retryAfter: '0' })
    const token = await client.createGuestToken(MINIMAL)
    const apiToken = await client.createApiToken({ dataAppName: MINIMAL.dataAppName, name: 'logged' })
    assert.ok(await until(() => records.filter((r) => ATTEMPT.test(r.line)).length >= 4), JSON.stringify(records))

    const attempts = records.filter((r) => ATTEMPT.test(r.line)).map((r) => [r.level, ...r.line.match(ATTEMPT).slice(1)])
    const guest = attempts.filter((a) => a[1] === GUEST_PATH)
    assert.deepEqual(guest.map(([level, , status, , n]) => [level, status, n]), [['debug', '503', '1'], ['debug', '200', '2']])
    assert.equal(guest[0][3], guest[1][3], 'both attempts carry the call\'s request id')
    const api = attempts.filter((a) => a[1] === API_PATH)
    assert.deepEqual(api.map(([, , status, , n]) => [status, n]), [['429', '1'], ['200', '2']])

    const retries = records.filter((r) => / retry 1 in /.test(r.line))
    assert.equal(retries.length, 2, JSON.stringify(records))
    assert.ok(retries.every((r) => r.level === 'info'))
    assert.match(retries.find((r) => r.line.includes(GUEST_PATH)).line, /^INFO  databrain: POST \S+ retry 1 in [\d.]+m?s after: .*503.*\(request [0-9a-f-]{36}\)$/)

    const text = records.map((r) => r.line).join('\n')
    for (const secret of [ctx.mock.apiKey, ctx.mock.serviceToken, token, apiToken]) {
      assert.ok(secret.length >= 8)
      assert.ok(!text.includes(secret), `a record holds a secret: ${text}`)
    }
  })

  test('setLogger(null): no more records', async () => {
    const records = []
    setLogger({ debug: (line) => records.push(line) })
    await ctx.mock.client().createGuestToken(MINIMAL)
    assert.ok(await until(() => records.length >= 1))
    setLogger(null)
    records.length = 0
    await ctx.mock.client().createGuestToken(MINIMAL)
    await new Promise((r) => setTimeout(r, 50))
    assert.deepEqual(records, [])
  })

  test('a logger without any level method is refused', () => {
    assert.throws(() => setLogger({ write() {} }), ConfigurationError)
    assert.throws(() => ctx.mock.client({ logger: 'console' }), ConfigurationError)
  })

  test('DATABRAIN_LOG=debug writes the records to stderr, one line each', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 1, kind: 'status', status: 503 })
    const { code, stdout, stderr } = await runChild(childEnv({ DATABRAIN_LOG: 'debug' }), ['env', MINIMAL.dataAppName])
    assert.equal(code, 0, stderr)
    assert.equal(stdout, '')
    const lines = stderr.trimEnd().split('\n')
    const attempts = lines.filter((l) => ATTEMPT.test(l)).map((l) => l.match(ATTEMPT).slice(1))
    assert.deepEqual(attempts.map(([path, status, , n]) => [path, status, n]), [[GUEST_PATH, '503', '1'], [GUEST_PATH, '200', '2']], stderr)
    assert.ok(lines.some((l) => /^INFO  databrain: POST \S+ retry 1 in /.test(l)), stderr)
    assert.ok(!stderr.includes(ctx.mock.apiKey) && !stderr.includes(ctx.mock.serviceToken))
  })

  test('DATABRAIN_LOG=info leaves out the debug records', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 1, kind: 'status', status: 503 })
    const { code, stderr } = await runChild(childEnv({ DATABRAIN_LOG: 'info' }), ['env', MINIMAL.dataAppName])
    assert.equal(code, 0, stderr)
    assert.match(stderr, /^INFO  databrain: POST \S+ retry 1 in .*\n$/)
  })

  test('off by default: no records, nothing on stderr', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 1, kind: 'status', status: 503 })
    const before = ctx.mock.requestCount(GUEST_PATH)
    const { code, stdout, stderr } = await runChild(childEnv({}), ['env', MINIMAL.dataAppName])
    assert.equal(code, 0, stderr)
    assert.equal(ctx.mock.requestCount(GUEST_PATH) - before, 2, 'the retry happened')
    assert.equal(stderr, '')
    assert.equal(stdout, '')
  })

  test('logger: console in a child: records on stdout, and the process still exits at once', async () => {
    const { code, stdout, stderr } = await runChild(childEnv({}), ['console', MINIMAL.dataAppName])
    assert.equal(code, 0, stderr)
    assert.ok(stdout.trimEnd().split('\n').some((l) => ATTEMPT.test(l)), stdout)
  })

  test('a DATABRAIN_LOG that is not a level is a ConfigurationError naming the choices', async () => {
    const { code, stderr } = await runChild(childEnv({ DATABRAIN_LOG: 'verbose' }), ['env', MINIMAL.dataAppName])
    assert.notEqual(code, 0)
    assert.match(stderr, /ConfigurationError.*DATABRAIN_LOG="verbose": expected one of: off, error, warn, info, debug, trace/s)
  })
})
