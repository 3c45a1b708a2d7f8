// The shared contract vectors (tests/vectors/*.json, format in tests/vectors/README.md), run
// against the real mock. Generic: every JSON file there is picked up; a case with `endpoint`
// is an answers/faults case, a case with `input` a request-building case whose endpoint comes
// from the file name (guest_token*.json / api_token*.json).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import * as databrain from 'databrain'
import { createRequire } from 'node:module'
import { API_PATH, GUEST_PATH, LEGACY_API_PATH, useMock } from '../test-support/helpers.mjs'

const require = createRequire(import.meta.url)
const { loadNative } = require('../lib/native.js')

const VECTORS_DIR = fileURLToPath(new URL('../../tests/vectors/', import.meta.url))
const ctx = useMock()

const ENDPOINTS = {
  guestToken: { method: 'createGuestToken', path: () => GUEST_PATH, request: { clientId: 'user-1', dataAppName: 'sales-dashboard' } },
  apiToken: {
    method: 'createApiToken',
    path: (request) => (request?.legacyEndpoint === true ? LEGACY_API_PATH : API_PATH),
    request: { dataAppName: 'sales-dashboard', name: 'vector key' },
  },
}

function load(file) {
  return JSON.parse(readFileSync(join(VECTORS_DIR, file), 'utf8'))
}

// Error kind -> class name, from the vector every suite walks (tests/vectors/error_kinds.json).
const ERROR_KINDS = load('error_kinds.json').kinds
const CLASS_BY_KIND = Object.fromEntries(ERROR_KINDS.map((row) => [row.kind, databrain[row.class]]))

/** The vectors' `{"$native": ...}` markers as the JS values they stand for. */
function nativeValues(value, parent) {
  if (Array.isArray(value)) {
    const items = []
    for (const item of value) items.push(nativeValues(item, items))
    return items
  }
  if (value !== null && typeof value === 'object') {
    if ('$native' in value) {
      const natives = { NaN, Infinity, bigint: 2n ** 70n, date: new Date('2024-01-01'), parent }
      assert.ok(value.$native in natives, `unknown $native marker ${value.$native}`)
      return natives[value.$native]
    }
    const out = {}
    for (const [key, item] of Object.entries(value)) out[key] = nativeValues(item, out)
    return out
  }
  return value
}

function endpointFromFileName(file) {
  if (/^guest[_-]?token/i.test(file)) return 'guestToken'
  if (/^api[_-]?token/i.test(file)) return 'apiToken'
  return null
}

async function settle(promise) {
  try {
    return { value: await promise }
  } catch (error) {
    return { error }
  }
}

async function requestCase(c, endpointName) {
  const endpoint = ENDPOINTS[endpointName]
  const { mock } = ctx
  const client = mock.client({ apiKey: c.apiKey ?? mock.apiKey, maxRetries: 0 })
  const { value, error } = await settle(client[endpoint.method](nativeValues(c.input)))
  if ('body' in c) {
    assert.equal(error, undefined, `expected success, got ${error?.name}: ${error?.message}`)
    assert.equal(typeof value, 'string')
    const path = c.path ?? endpoint.path(c.input)
    const hits = mock.requests().filter((r) => r.path === path)
    assert.equal(hits.length, 1, `requests on ${path}`)
    assert.deepEqual(hits[0].body, c.body)
  } else if ('errors' in c) {
    assert.ok(error instanceof databrain.ValidationError, `expected ValidationError, got ${error?.name ?? 'success'}: ${error?.message}`)
    // The same problems as Rust and Python, in the same order, in the same words.
    assert.deepEqual(error.errors.map((e) => e.path), c.errors.map((e) => e.path), JSON.stringify(error.errors))
    c.errors.forEach((want, i) => {
      const got = error.errors[i].message
      if (want.message !== undefined) assert.equal(got, want.message, want.path)
      if (want.contains !== undefined) assert.ok(got.includes(want.contains), `${want.path}: ${JSON.stringify(got)}`)
    })
    assert.equal(mock.requests().length, 0, 'a request was sent despite the validation error')
  } else {
    assert.fail('request case has neither `body` nor `errors`')
  }
}

async function responseCase(c) {
  const endpoint = ENDPOINTS[c.endpoint]
  assert.ok(endpoint, `unknown endpoint ${c.endpoint}`)
  const { mock } = ctx
  const request = c.request ?? endpoint.request
  for (const fault of c.faults ?? []) mock.injectFault(fault)
  const client = mock.client({
    apiKey: c.apiKey ?? mock.apiKey,
    serviceToken: c.serviceToken ?? mock.serviceToken,
    maxRetries: c.maxRetries ?? 2,
    timeoutMs: c.timeoutMs ?? 5000,
  })
  const { value, error } = await settle(client[endpoint.method](request))
  const expect = c.expect
  if (expect.ok) {
    assert.equal(error, undefined, `expected success, got ${error?.name}: ${error?.message}`)
    assert.equal(typeof value, 'string')
  } else {
    const cls = CLASS_BY_KIND[expect.kind]
    assert.ok(cls, `unknown kind ${expect.kind}`)
    assert.ok(error, 'expected an error, the call succeeded')
    assert.equal(Object.getPrototypeOf(error), cls.prototype, `expected ${cls.name}, got ${error.name}: ${error.message}`)
    if ('code' in expect) assert.equal(error.code, expect.code)
    if ('status' in expect) assert.equal(error.status, expect.status)
    assert.equal(error.attempts, expect.attempts, 'attempts on the error')
    assert.ok(typeof error.requestId === 'string' && error.requestId.length > 0, 'request id on the error')
  }
  if ('attempts' in expect) assert.equal(mock.requestCount(endpoint.path(request)), expect.attempts, 'attempts')
}

const files = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort()

test('vector files are present', () => {
  for (const file of REQUEST_AND_RESPONSE_FILES) assert.ok(files.includes(file), `${file} missing in ${VECTORS_DIR}`)
})

describe('options.json', () => {
  for (const c of load('options.json').cases) {
    test(c.name, () => {
      const options = nativeValues(c.options)
      if (c.ok) {
        new databrain.Databrain(options)
        return
      }
      assert.throws(
        () => new databrain.Databrain(options),
        (err) => err instanceof databrain.ConfigurationError && err.message === c.text,
      )
    })
  }
})

describe('error_kinds.json', () => {
  for (const row of ERROR_KINDS) {
    test(row.kind, () => {
      const native = loadNative()
      let thrown
      try {
        native.errorExample(row.kind)
      } catch (err) {
        thrown = err
      }
      assert.equal(thrown?.constructor.name, row.class)
      assert.ok(thrown instanceof databrain.DatabrainError)
      assert.equal(thrown.code, row.defaultCode)
      assert.equal(new databrain[row.class]('by hand').code, row.defaultCode, 'the class default code')
    })
  }
})

test('maximal_guest_token.json is sent as given', async () => {
  const { input } = load('maximal_guest_token.json')
  const { mock } = ctx
  await mock.client({ apiKey: mock.apiKey }).createGuestToken(input)
  assert.deepEqual(mock.requests().at(-1).body, input)
})

const REQUEST_AND_RESPONSE_FILES = ['guest_token.json', 'api_token.json', 'responses.json']

for (const file of files) {
  if (!REQUEST_AND_RESPONSE_FILES.includes(file)) continue
  const { cases } = load(file)
  describe(basename(file), () => {
    for (const c of cases) {
      test(c.name, async () => {
        if ('endpoint' in c) return responseCase(c)
        const endpointName = endpointFromFileName(file)
        assert.ok(endpointName, `${file}: cannot tell which endpoint its cases are for (no \`endpoint\`, unknown file name)`)
        return requestCase(c, endpointName)
      })
    }
  })
}
