// Run by test/reliability.test.mjs in a child process: one scenario per run (argv[2]). The
// mock runs in the parent (DATABRAIN_BASE_URL / DATABRAIN_API_KEY / DATABRAIN_SERVICE_TOKEN),
// so a crash, a hang or this process's memory is this scenario's alone.
import { readdirSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import * as databrain from 'databrain'
import { API_FIELDS, GUEST_FIELDS, HostileError, OPTIONS, THROWN_PRIMITIVES, hostile, hostileRequest, rng } from './reliability-hostile.mjs'

const { Databrain, DatabrainError } = databrain
const MINIMAL = { clientId: 'user-1', dataAppName: 'sales-dashboard' }
const API_REQUEST = { dataAppName: 'sales-dashboard', name: 'reliability key' }
const options = () => ({
  baseUrl: process.env.DATABRAIN_BASE_URL,
  apiKey: process.env.DATABRAIN_API_KEY,
  serviceToken: process.env.DATABRAIN_SERVICE_TOKEN,
})
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a hostile call ended in; anything starting with UNEXPECTED fails the parent's test. */
function classify(error) {
  if (error instanceof DatabrainError) return error.name
  if (error instanceof TypeError) return 'TypeError'
  // The caller's own getter or Proxy trap threw: the exception is passed through untouched,
  // as JSON.stringify does.
  if (error instanceof HostileError) return 'propagated HostileError'
  if (THROWN_PRIMITIVES.includes(error)) return 'propagated primitive'
  if (error !== null && typeof error === 'object' && Object.getPrototypeOf(error) === null) return 'propagated bare object'
  return `UNEXPECTED ${error?.constructor?.name ?? typeof error}: ${String(error?.message ?? '').slice(0, 200)}`
}

async function settle(fn, limitMs) {
  let promise
  try {
    promise = fn()
  } catch (error) {
    return { sync: true, error }
  }
  if (typeof promise?.then !== 'function') return { sync: true, value: promise }
  let timer
  const hang = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hang: true }), limitMs)
  })
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), hang])
  } finally {
    clearTimeout(timer)
  }
}

async function hostileBatch() {
  const seed = Number(process.env.RELIABILITY_SEED)
  const iterations = Number(process.env.RELIABILITY_ITERATIONS)
  const r = rng(seed)
  const counts = {}
  const unexpected = []
  const count = (what, outcome) => {
    const key = `${what}: ${outcome}`
    counts[key] = (counts[key] ?? 0) + 1
    if (outcome.startsWith('UNEXPECTED') && unexpected.length < 20) unexpected.push(key)
  }
  // A rejection nobody awaited (the SDK dropping a promise) is a failure; so is anything
  // uncaught. Both are reported loudly, never swallowed.
  const fatal = (what) => (reason) => {
    console.error(`${what}:`, reason)
    process.exit(70)
  }
  process.on('unhandledRejection', fatal('unhandledRejection'))
  process.on('uncaughtException', fatal('uncaughtException'))

  const client = new Databrain({ ...options(), maxRetries: 0, timeoutMs: 5000 })
  for (let i = 0; i < iterations; i++) {
    const target = r.int(6)
    let what, call
    if (target === 0 || target === 1) {
      const request = hostileRequest(r, MINIMAL, GUEST_FIELDS)
      what = 'createGuestToken'
      call = () => client.createGuestToken(request)
    } else if (target === 2) {
      const request = hostileRequest(r, API_REQUEST, API_FIELDS)
      what = 'createApiToken'
      call = () => client.createApiToken(request)
    } else if (target === 3) {
      const request = hostileRequest(r, MINIMAL, GUEST_FIELDS)
      what = 'module createGuestToken'
      call = () => databrain.createGuestToken(request)
    } else {
      // The constructor: the whole options value, or one option, hostile. It must throw
      // synchronously or build a client; it never gets to send anything here.
      let opts
      if (r.chance(0.3)) {
        opts = hostile(r)
      } else {
        const name = r.pick(OPTIONS)
        let value = hostile(r)
        // KNOWN BUG, kept out of the batch so the rest stays guarded (see the test.todo
        // 'a timeoutMs too large for a Duration ...'): a finite millisecond count above ~1.8e22
        // panics in Duration::from_secs_f64 inside the constructor and aborts the process.
        if (name.endsWith('Ms') && typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > 1e21) value = 1e21
        opts = { ...options(), [name]: value }
      }
      what = 'new Databrain'
      const outcome = await settle(() => {
        new Databrain(opts)
        return 'constructed'
      }, 5000)
      count(what, 'error' in outcome ? classify(outcome.error) : 'constructed')
      continue
    }
    const t0 = performance.now()
    const outcome = await settle(call, 8000)
    const took = performance.now() - t0
    // The conversion runs on this thread: a value that takes seconds blocks the event loop.
    if (took > 5000) count(what, `UNEXPECTED ${Math.round(took)} ms (iteration ${i})`)
    if (outcome.sync) count(what, `UNEXPECTED synchronous ${'error' in outcome ? 'throw' : 'return'} instead of a Promise`)
    else if (outcome.hang) count(what, 'UNEXPECTED still pending after 8 s')
    else if ('error' in outcome) count(what, classify(outcome.error))
    else count(what, typeof outcome.value === 'string' && outcome.value.length > 0 ? 'ok' : `UNEXPECTED non-token result ${typeof outcome.value} ${String(outcome.value).slice(0, 100)}`)
    if (i % 100 === 99) {
      // Nothing left behind (a pending exception, a poisoned lock): a plain call still works.
      const check = await settle(() => client.createGuestToken(MINIMAL), 8000)
      if (!('value' in check)) count('health check', `UNEXPECTED ${check.error?.message ?? 'hang'}`)
    }
  }
  await sleep(50) // let a stray rejection surface
  const token = await client.createGuestToken(MINIMAL)
  console.log(JSON.stringify({ seed, iterations, counts, unexpected, healthy: typeof token === 'string' }))
}

function rssMb() {
  return process.memoryUsage().rss / 2 ** 20
}
function openFds() {
  return readdirSync('/proc/self/fd').length
}

async function load() {
  // 10,000 concurrent connections overflow the mock's listen backlog now and then; a stalled
  // connection then costs one short timeout and a retry (guest tokens are retried), not 30 s.
  const make = () => new Databrain({ ...options(), timeoutMs: 5000, maxRetries: 3 })
  let client = make()
  const batch = async (tag) => {
    const started = performance.now()
    const calls = Array.from({ length: 10_000 }, (_, i) => client.createGuestToken({ clientId: `${tag}-${i}`, dataAppName: 'sales-dashboard' }))
    const tokens = await Promise.all(calls)
    return { unique: new Set(tokens).size, ms: performance.now() - started }
  }
  // There is no close(): a client's pool goes when the client is collected. Drop it, collect,
  // and wait for its sockets to close before measuring.
  const settleMemory = async (fds0) => {
    client = make()
    const deadline = Date.now() + 10_000
    do {
      global.gc()
      await sleep(100)
    } while (openFds() > fds0 + 16 && Date.now() < deadline)
    global.gc()
    return { rss: rssMb(), fds: openFds() }
  }
  const fds0 = openFds()
  const warm = await batch('warm')
  const baseline = await settleMemory(fds0)
  const first = await batch('load-1')
  const second = await batch('load-2')
  const after = await settleMemory(fds0)
  console.log(JSON.stringify({ warm, first, second, baseline, after, fds0 }))
}

async function exitWithManyInFlight() {
  // The parent made the mock hang. 500 calls in flight on several clients, idle clients too.
  const clients = Array.from({ length: 5 }, () => new Databrain(options()))
  Array.from({ length: 20 }, () => new Databrain(options())) // idle, never used
  for (let i = 0; i < 500; i++) {
    clients[i % 5].createGuestToken({ ...MINIMAL, clientId: `u${i}` }).then(
      () => console.log('unexpected answer'),
      (e) => console.log(`unexpected error ${e.name}`),
    )
  }
  await sleep(300)
  console.log('exiting')
  process.exit(0)
}

async function exitWhileAnswersArrive() {
  // The parent's mock answers after ~250 ms: exit lands in the middle of 300 completions.
  const client = new Databrain(options())
  let answered = 0
  for (let i = 0; i < 300; i++) client.createGuestToken({ ...MINIMAL, clientId: `u${i}` }).then(() => answered++, () => {})
  await sleep(250)
  console.log(`exiting after ${answered} answers`)
  process.exit(0)
}

async function workerTerminatedInFlight() {
  const code = `
    const { Databrain } = require('databrain')
    const { workerData, parentPort } = require('node:worker_threads')
    const client = new Databrain(workerData)
    for (let i = 0; i < 50; i++) client.createGuestToken({ clientId: 'w' + i, dataAppName: 'sales-dashboard' }).then(() => {}, () => {})
    parentPort.postMessage('started')
  `
  for (let i = 0; i < 6; i++) {
    const worker = new Worker(code, { eval: true, workerData: options() })
    await new Promise((resolve) => worker.once('message', resolve))
    await sleep(150 + i * 40) // some before, some while the answers (mock delay ~300 ms) arrive
    await worker.terminate()
  }
  await sleep(500) // the abandoned calls' answers arrive for terminated environments
  const token = await new Databrain(options()).createGuestToken(MINIMAL)
  console.log(`main still works ${token.length}`)
}

async function uncaughtWithCredentials() {
  // DATABRAIN_API_KEY / DATABRAIN_SERVICE_TOKEN are the parent's distinctive wrong values:
  // Node prints the unhandled rejection (message, stack, own properties) to stderr.
  const client = new Databrain(options())
  void client.createApiToken(API_REQUEST)
  await client.createGuestToken(MINIMAL)
}

const scenarios = {
  hostile: hostileBatch,
  load,
  'exit-many-in-flight': exitWithManyInFlight,
  'exit-while-answers-arrive': exitWhileAnswersArrive,
  'worker-terminated-in-flight': workerTerminatedInFlight,
  'uncaught-with-credentials': uncaughtWithCredentials,
}
const scenario = scenarios[process.argv[2]]
if (!scenario) throw new Error(`unknown scenario ${process.argv[2]}`)
await scenario()
