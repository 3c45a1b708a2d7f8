// Telemetry overhead per call (issue 29), Node: telemetry off, @opentelemetry/api without an
// SDK (the default when the API is installed), and the real SDK with an in-memory span
// exporter and a pull metric reader. Serial createGuestToken calls against the bundled mock
// (loopback): median and p99 per call, process CPU per call, and the cost of the no-SDK check.
//
//   node benches/telemetry_bench.mjs [calls]      (run from the repository root)
//
// Measure with a release addon; a debug one inflates the core's share of the SDK row.
import { createRequire } from 'node:module'

const require = createRequire(new URL('../node/package.json', import.meta.url))
const { Databrain } = require('./index.js')
const { MockServer } = require('./testing.js')
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base')
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics')

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const calls = Number(process.argv[2] ?? 2000)
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
const base = rows['telemetry off']
console.log('mode'.padEnd(28), 'p50 µs'.padStart(8), 'p99 µs'.padStart(8), 'CPU µs'.padStart(8), 'Δp50'.padStart(7), 'ΔCPU'.padStart(7))
for (const [name, r] of Object.entries(rows)) {
  const d = (x) => (x >= 0 ? '+' : '') + x.toFixed(1)
  console.log(name.padEnd(28), r.p50.toFixed(1).padStart(8), r.p99.toFixed(1).padStart(8), r.cpu.toFixed(1).padStart(8), d(r.p50 - base.p50).padStart(7), d(r.cpu - base.cpu).padStart(7))
}
mock.close()
