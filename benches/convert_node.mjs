// Conversion cost of a maximal vs a minimal request in the Node binding: createGuestToken on a
// client without an API key (the core parses and validates synchronously, then rejects before
// any I/O). Best of 5 loops.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const require = createRequire(process.cwd() + '/')
const { Databrain } = require('databrain')
delete process.env.DATABRAIN_API_KEY
const maximal = JSON.parse(readFileSync(process.argv[2], 'utf8')).input
const minimal = { clientId: 'user-1', dataAppName: 'sales-dashboard' }
const c = new Databrain({ baseUrl: 'http://127.0.0.1:9', maxRetries: 0 })
const out = {}
for (const [label, req] of [['minimal', minimal], ['maximal', maximal]]) {
  let best = Infinity
  for (let r = 0; r < 5; r++) {
    const n = 20000
    const t = process.hrtime.bigint()
    const pending = []
    for (let i = 0; i < n; i++) pending.push(c.createGuestToken(req).catch(() => {}))
    const dt = Number(process.hrtime.bigint() - t) / 1000 / n
    await Promise.all(pending)
    best = Math.min(best, dt)
  }
  out[label] = best
}
out.extra = out.maximal - out.minimal
console.log(JSON.stringify(out))
