#!/usr/bin/env node
'use strict'
// `npx databrain-mock [--port N] [--seed FILE]`: the bundled mock Databrain API on 127.0.0.1
// until Ctrl-C or SIGTERM, for trying the SDK or an app without a checkout of the repository.
// The first line of stdout is the base URL (start it on port 0 and read where it listens); the
// next three are the DATABRAIN_* variables a client needs. A signal stops it with exit code 0.

const { readFileSync } = require('node:fs')
const { parseArgs } = require('node:util')
const { MockServer } = require('../testing')

const USAGE = `usage: databrain-mock [--port N] [--seed FILE]
  --port N     port on 127.0.0.1 (default 0: a free one)
  --seed FILE  JSON seed: {"serviceTokens": [...], "dataApps": [{"name": ..., "apiKeys": [...]}], ...}
               (default: data apps sales-dashboard and Customer Portal Analytics)`

function fail(message) {
  process.stderr.write(`databrain-mock: ${message}\n${USAGE}\n`)
  process.exit(2)
}

function options() {
  let values
  try {
    ;({ values } = parseArgs({
      options: { port: { type: 'string', short: 'p' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }))
  } catch (err) {
    fail(err.message)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const start = {}
  if (values.port !== undefined) {
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: not a port number: ${values.port}`)
    start.port = port
  }
  if (values.seed !== undefined) {
    try {
      start.seed = JSON.parse(readFileSync(values.seed, 'utf8'))
    } catch (err) {
      fail(`--seed ${values.seed}: ${err.message}`)
    }
  }
  return start
}

let mock
try {
  mock = MockServer.startSync(options())
} catch (err) {
  fail(err.message)
}
// The mock runs on a native thread and never keeps Node's event loop alive by itself; this
// timer does, until a signal.
const keepAlive = setInterval(() => {}, 1 << 30)
function stop() {
  clearInterval(keepAlive)
  mock.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
process.stdout.write(
  `${mock.url}\nDATABRAIN_BASE_URL=${mock.url}\nDATABRAIN_API_KEY=${mock.apiKey}\nDATABRAIN_SERVICE_TOKEN=${mock.serviceToken}\n`,
)
process.stderr.write('databrain-mock: test credentials above; Ctrl-C stops it\n')
