// Telemetry overhead per call (issue 29), Node: telemetry off, @opentelemetry/api without an
// SDK (the default when the API is installed), and the real SDK with an in-memory span
// exporter and a pull metric reader. Serial createGuestToken calls against the bundled mock
// (loopback): median and p99 per call, process CPU per call, and the cost of the no-SDK check.
//
//   node benches/telemetry_bench.mjs [--calls N] [--json] [--package DIR]
//
// --package: the databrain package to load (default: ./node of this checkout); ./scripts/bench
// passes its staged release build and reads the JSON lines --json prints (benches/run.py).
// Measure with a release addon; a debug one inflates the core's share of the SDK row.
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: { calls: { type: 'string', default: '2000' }, json: { type: 'boolean', default: false }, package: { type: 'string' } },
})
const packageDir = args.package ? resolve(args.package) : new URL('../node', import.meta.url).pathname
const require = createRequire(resolve(packageDir, 'package.json'))
const { Databrain } = require('./index.js')
const { MockServer } = require('./testing.js')
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base')
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics')

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const calls = Number(args.calls)
const mock = await MockServer.start()
const { mock: seed } = require('./lib/native.js').loadNative().constants()
const request = { clientId: 'bench-user', dataAppName: seed.dataApp }
const exporter = new InMemorySpanExporter()
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const meterProvider = new MeterProvider({ readers: [new PullReader()] })
const common = { baseUrl: mock.url, apiKey: mock.apiKey }
const clients = {
  'telemetry off': new Databrain({ ...common, telemetry: false }),
  'OTel API, no SDK': new Databrain(common),
  'SDK + in-memory exporter': new Databrain({ ...common, tracerProvider, meterProvider }),
}

async function measure(client, n) {
  for (let i = 0; i < Math.min(200, n); i++) await client.createGuestToken(request)
  const walls = []
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await client.createGuestToken(request)
    walls.push(Number(process.hrtime.bigint() - t0) / 1e3)
  }
  const cpu = process.cpuUsage(cpu0)
  walls.sort((a, b) => a - b)
  return { p50: walls[n >> 1], p99: walls[Math.floor(n * 0.99)], cpu: (cpu.user + cpu.system) / n }
}

const results = Object.fromEntries(Object.keys(clients).map((k) => [k, []]))
for (let round = 0; round < 3; round++) {
  for (const [name, client] of Object.entries(clients)) {
    results[name].push(await measure(client, calls))
    exporter.reset()
    mock.reset()
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
const rows = Object.fromEntries(
  Object.entries(results).map(([name, runs]) => [name, { p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), cpu: median(runs.map((r) => r.cpu)) }]),
)
// The check alone (what a call pays with the API installed and no SDK before it goes native).
const live = require('./lib/client.js').telemetryOf(clients['OTel API, no SDK'])
const checks = 200_000
const t0 = process.hrtime.bigint()
for (let i = 0; i < checks; i++) live.live()
const switchNs = Number(process.hrtime.bigint() - t0) / checks

// An extra attempt: 429 with Retry-After: 0 (honoured: no backoff wait), then 200.
const retry = {}
for (const name of ['telemetry off', 'SDK + in-memory exporter']) {
  const client = clients[name]
  const twice = {
    createGuestToken: async (r) => {
      mock.injectFault({ kind: 'status', status: 429, retryAfter: '0', times: 1 })
      return client.createGuestToken(r)
    },
  }
  retry[name] = (await measure(twice, Math.max(200, calls >> 2))).p50
  exporter.reset()
  mock.reset()
}
mock.close()

const modes = { 'telemetry off': 'off', 'OTel API, no SDK': 'api', 'SDK + in-memory exporter': 'sdk' }
const base = rows['telemetry off']
if (args.json) {
  for (const [name, r] of Object.entries(rows)) {
    const line = { bench: 'node-telemetry', client: modes[name], p50_us: r.p50, p99_us: r.p99, cpu_us_per_req: r.cpu }
    if (name in retry) line.retry_p50_us = retry[name]
    if (modes[name] === 'api') line.switch_ns = switchNs
    console.log(JSON.stringify(line))
  }
} else {
  console.log('mode'.padEnd(28), 'p50 µs'.padStart(8), 'p99 µs'.padStart(8), 'CPU µs'.padStart(8), 'Δp50'.padStart(7), 'ΔCPU'.padStart(7))
  const d = (x) => (x >= 0 ? '+' : '') + x.toFixed(1)
  for (const [name, r] of Object.entries(rows)) {
    console.log(name.padEnd(28), r.p50.toFixed(1).padStart(8), r.p99.toFixed(1).padStart(8), r.cpu.toFixed(1).padStart(8), d(r.p50 - base.p50).padStart(7), d(r.cpu - base.cpu).padStart(7))
  }
  console.log(`live() check per call with the API and no SDK: ${switchNs.toFixed(0)} ns`)
  const sdk = rows['SDK + in-memory exporter']
  console.log(`an extra attempt (429 with Retry-After: 0, then 200), p50: ${d(retry['telemetry off'] - base.p50)} µs off, ${d(retry['SDK + in-memory exporter'] - sdk.p50)} µs with the SDK`)
}
