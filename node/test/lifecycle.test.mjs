// Process lifecycle: nothing the package does keeps Node alive, and exit never hangs.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { GUEST_PATH, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const CHILD = fileURLToPath(new URL('../test-support/child.mjs', import.meta.url))

/** Runs a scenario; resolves {code, stdout, stderr, ms}, or fails if it outlives `limitMs`. */
function run(scenario, limitMs = 5000) {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      DATABRAIN_BASE_URL: ctx.mock.url,
      DATABRAIN_API_KEY: ctx.mock.apiKey,
      DATABRAIN_SERVICE_TOKEN: ctx.mock.serviceToken,
    }
    const started = performance.now()
    const child = spawn(process.execPath, [CHILD, scenario], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const killer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${scenario}: still running after ${limitMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, limitMs)
    child.on('exit', (code) => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr, ms: performance.now() - started })
    })
  })
}

describe('process exit', { concurrency: true }, () => {
  test('after a call, the process exits on its own', async () => {
    const r = await run('call')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^token [0-9a-f-]{36}$/m)
  })

  test('after 500 concurrent calls, the process exits on its own', async () => {
    const r = await run('many-calls', 15_000)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^tokens 500$/m)
  })

  test('an idle client does not keep the process alive', async () => {
    const r = await run('idle-client')
    assert.equal(r.code, 0, r.stderr)
  })

  test('a forgotten MockServer does not keep the process alive', async () => {
    const r = await run('forgotten-mock')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^token /m)
  })

  test('an unhandled rejection ends the process with code 1', async () => {
    const r = await run('uncaught-rejection')
    assert.equal(r.code, 1)
    assert.match(r.stderr, /AuthenticationError/)
  })
})

describe('calls in flight', () => {
  test('process.exit() with a request in flight exits at once', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 10_000 })
    const r = await run('in-flight-exit')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout.trim(), 'exiting')
    assert.ok(r.ms < 4000, `took ${r.ms} ms`)
  })

  test('a pending call keeps the process alive until it settles, then it exits', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 700 })
    const r = await run('in-flight-natural')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^late token /m)
    assert.ok(r.ms >= 650, `exited after ${r.ms} ms, before the answer`)
  })
})

describe('worker threads', () => {
  test('workers can call too, and terminating one leaves the shared runtime working', async () => {
    const { Worker } = await import('node:worker_threads')
    const code = `
      const { Databrain } = require('databrain')
      const { workerData, parentPort } = require('node:worker_threads')
      new Databrain(workerData).createGuestToken({ clientId: 'w', dataAppName: 'sales-dashboard' })
        .then((t) => parentPort.postMessage('ok ' + t.length), (e) => parentPort.postMessage('error ' + e.message))
    `
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(code, { eval: true, workerData: ctx.mock.clientOptions })
      assert.equal(await new Promise((resolve) => worker.once('message', resolve)), 'ok 36')
      await worker.terminate()
    }
    assert.ok(await ctx.mock.client().createGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' }))
  })

  test('a Worker that made calls exits on its own once they settle', async () => {
    const { Worker } = await import('node:worker_threads')
    const code = `
      const { Databrain } = require('databrain')
      const { workerData, parentPort } = require('node:worker_threads')
      const client = new Databrain(workerData)
      Promise.all(Array.from({ length: 200 }, (_, i) => client.createGuestToken({ clientId: 'w' + i, dataAppName: 'sales-dashboard' })))
        .then((t) => parentPort.postMessage('ok ' + new Set(t).size), (e) => parentPort.postMessage('error ' + e.message))
    `
    for (let i = 0; i < 2; i++) {
      const worker = new Worker(code, { eval: true, workerData: ctx.mock.clientOptions })
      const message = new Promise((resolve) => worker.once('message', resolve))
      // Bounded wait: a worker kept alive by a leftover handle would never emit 'exit'.
      const exited = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the worker did not exit within 10 s')), 10_000)
        worker.once('exit', (code) => {
          clearTimeout(timer)
          resolve(code)
        })
      })
      assert.equal(await message, 'ok 200')
      assert.equal(await exited, 0)
    }
    // The main thread's calls still settle after the workers' environments were torn down.
    assert.ok(await ctx.mock.client().createGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' }))
  })
})
