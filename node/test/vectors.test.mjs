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
import { API_PATH, GUEST_PATH, LEGACY_API_PATH, useMock } from '../test-support/helpers.mjs'

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

// The core's ErrorKind::as_str() → the class this package must throw (checked exactly).
const CLASS_BY_KIND = {
  validation: databrain.ValidationError,
  configuration: databrain.ConfigurationError,
  authentication: databrain.AuthenticationError,
  permission_denied: databrain.PermissionDeniedError,
  not_found: databrain.NotFoundError,
  bad_request: databrain.BadRequestError,
  rate_limit: databrain.RateLimitError,
  server: databrain.ServerError,
  api: databrain.APIError,
  timeout: databrain.APITimeoutError,
  connection: databrain.APIConnectionError,
  decode: databrain.APIResponseValidationError,
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
  const { value, error } = await settle(client[endpoint.method](c.input))
  if ('body' in c) {
    assert.equal(error, undefined, `expected success, got ${error?.name}: ${error?.message}`)
    assert.equal(typeof value, 'string')
    const path = c.path ?? endpoint.path(c.input)
    const hits = mock.requests().filter((r) => r.path === path)
    assert.equal(hits.length, 1, `requests on ${path}`)
    assert.deepEqual(hits[0].body, c.body)
  } else if ('errors' in c) {
    assert.ok(error instanceof databrain.ValidationError, `expected ValidationError, got ${error?.name ?? 'success'}: ${error?.message}`)
    assert.deepEqual(
      [...new Set(error.errors.map((e) => e.path))].sort(),
      [...new Set(c.errors.map((e) => e.path))].sort(),
      JSON.stringify(error.errors),
    )
    for (const want of c.errors) {
      if (want.contains === undefined) continue
      const messages = error.errors.filter((e) => e.path === want.path).map((e) => e.message)
      assert.ok(
        messages.some((m) => m.includes(want.contains)),
        `${want.path}: no message contains ${JSON.stringify(want.contains)}: ${JSON.stringify(messages)}`,
      )
    }
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
  }
  if ('attempts' in expect) assert.equal(mock.requestCount(endpoint.path(request)), expect.attempts, 'attempts')
}

const files = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort()

test('vector files are present', () => {
  assert.ok(files.length > 0, `no vectors in ${VECTORS_DIR}`)
})

for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(VECTORS_DIR, file), 'utf8'))
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
