// `npx databrain-mock`: the package's `bin`, started as a real process. It prints the URL and
// credentials, stays up (the native server alone would not keep Node's event loop alive), serves
// mints, and exits 0 on SIGINT or SIGTERM.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { Databrain, AuthenticationError } from 'databrain'

const packageDir = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
const bin = join(packageDir, manifest.bin['databrain-mock'])

async function start(args = []) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async () => (await lines.next()).value
  const url = await next()
  const printed = {}
  for (let i = 0; i < 3; i++) {
    const [name, value] = (await next()).split('=')
    printed[name] = value
  }
  return { child, url, printed }
}

async function stop(child, signal) {
  const exited = once(child, 'exit')
  child.kill(signal)
  const [code, killedBy] = await exited
  assert.deepEqual({ code, killedBy }, { code: 0, killedBy: null })
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`serves until ${signal}, then exits 0`, async (t) => {
    const { child, url, printed } = await start()
    t.after(() => child.kill('SIGKILL'))
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(printed.DATABRAIN_BASE_URL, url)
    await sleep(300) // still up once the script's own code has run to its end
    assert.equal(child.exitCode, null)
    const client = new Databrain({ baseUrl: url, apiKey: printed.DATABRAIN_API_KEY, serviceToken: printed.DATABRAIN_SERVICE_TOKEN })
    assert.equal((await client.createGuestToken({ clientId: 'u1', dataAppName: 'sales-dashboard' })).length, 36)
    assert.ok(await client.createApiToken({ dataAppName: 'sales-dashboard', name: 'bin' }))
    await stop(child, signal)
  })
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address()
  server.close()
  await once(server, 'close')
  return port
}

test('--port and --seed FILE', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'databrain-mock-'))
  const key = '44444444-4444-4444-8444-444444444444'
  const seed = join(dir, 'seed.json')
  writeFileSync(seed, JSON.stringify({ serviceTokens: ['55555555-5555-4555-8555-555555555555'], dataApps: [{ name: 'acme', apiKeys: [key] }] }))
  const port = await freePort()
  const { child, url, printed } = await start(['--port', String(port), '--seed', seed])
  t.after(() => child.kill('SIGKILL'))
  assert.equal(url, `http://127.0.0.1:${port}`)
  assert.deepEqual([printed.DATABRAIN_API_KEY, printed.DATABRAIN_SERVICE_TOKEN], [key, '55555555-5555-4555-8555-555555555555'])
  assert.ok(await new Databrain({ baseUrl: url, apiKey: key }).createGuestToken({ clientId: 'u1', dataAppName: 'acme' }))
  await assert.rejects(
    new Databrain({ baseUrl: url, apiKey: '11111111-1111-4111-8111-111111111111' }).createGuestToken({ clientId: 'u1', dataAppName: 'acme' }),
    AuthenticationError,
  )
  await stop(child, 'SIGINT')
})

test('a bad seed file or port is a usage error (exit 2)', () => {
  const seed = join(mkdtempSync(join(tmpdir(), 'databrain-mock-')), 'seed.json')
  writeFileSync(seed, '{not json')
  for (const args of [['--seed', seed], ['--port', 'eighty']]) {
    const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(run.status, 2, run.stderr)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, args[0] === '--seed' ? /seed\.json/ : /--port/)
  }
})
