// What the JS layer costs per call, on the success path and on the failure path (where the
// addon builds the typed error on the JS thread with lib/errors.js's factory).
//   node bench/wrapper-overhead.mjs        (after npm run build)
// Not part of the test suite: numbers depend on the machine.
import { Databrain } from 'databrain'
import { callerStack, fromRecord } from '../lib/errors.js'

const N = 200_000

async function time(label, fn) {
  for (let i = 0; i < 2000; i++) await fn() // warm up the JIT
  const started = process.hrtime.bigint()
  for (let i = 0; i < N; i++) await fn()
  const ns = Number(process.hrtime.bigint() - started) / N
  console.log(`${label.padEnd(62)} ${(ns / 1000).toFixed(3)} µs/call`)
}

// 1. Success path: the wrapper around a promise that resolves at once (no network), so only
//    the wrapper's own cost shows.
const resolved = () => Promise.resolve('token')
const asyncAwait = async () => {
  try {
    return await resolved()
  } catch (err) {
    throw callerStack(err)
  }
}
const thenCatch = () => resolved().then(undefined, (err) => Promise.reject(callerStack(err)))
await time('success: bare promise', resolved)
await time('success: async/await wrapper (what lib/client.js does)', asyncAwait)
await time('success: .then(undefined, map) wrapper', thenCatch)

// 2. Failure path, end to end through the addon: a validation error the core refuses, built
//    as ValidationError by the factory on the JS thread and thrown.
const client = new Databrain({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' })
const swallow = (p) => p.then(() => {}, () => {})
await time('failure: native validation error → ValidationError (real)', () => swallow(client.createGuestToken({ clientId: 1 })))

// 3. The failure path's JS parts: the factory the addon calls, and the stack taken again in
//    the async wrapper.
const record = { class: 'ValidationError', kind: 'validation', code: 'VALIDATION_ERROR', message: 'invalid request: clientId: expected a string, got a number', text: 'invalid request: clientId: expected a string, got a number', status: null, requestId: null, retryAfter: null, errors: [{ path: 'clientId', message: 'expected a string, got a number' }], attempts: 0, causes: [] }
await time('failure parts: fromRecord(record) (the factory the addon calls)', async () => fromRecord(record))
const built = fromRecord(record)
await time('failure parts: callerStack(err) (the async wrappers)', async () => callerStack(built))

// 4. For scale: one real guest token over loopback from the bundled mock, sequentially.
const { MockServer } = await import('databrain/testing')
const mock = await MockServer.start()
const real = mock.client()
const REAL_N = 5000
for (let i = 0; i < 200; i++) await real.createGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' })
const started = process.hrtime.bigint()
for (let i = 0; i < REAL_N; i++) await real.createGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' })
const perCall = Number(process.hrtime.bigint() - started) / REAL_N
console.log(`${'success: real call over loopback to the mock'.padEnd(62)} ${(perCall / 1000).toFixed(1)} µs/call`)
mock.close()
