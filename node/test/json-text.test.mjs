// The two ways the addon reads a request (node/lib/json-text.js): JSON text for plain data,
// a walk over the JS value for everything else. The same request must reach the mock as the
// same bytes and fail with the same problems either way; a class instance with the same own
// properties is walked (it is not plain), which is how these tests take the walk.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ValidationError } from 'databrain'
import { GUEST_PATH, MINIMAL, useMock } from '../test-support/helpers.mjs'
import jsonTextModule from '../lib/json-text.js'

const { jsonText } = jsonTextModule
const ctx = useMock()
const MAXIMAL = JSON.parse(readFileSync(new URL('../../tests/vectors/maximal_guest_token.json', import.meta.url), 'utf8')).input

class Walked {}
/** The same data, recursively, in objects that are not plain (so the addon walks them). */
const walked = (v) => {
  if (Array.isArray(v)) return v.map(walked)
  if (v === null || typeof v !== 'object') return v
  const out = new Walked()
  for (const [k, x] of Object.entries(v)) out[k] = walked(x)
  return out
}

const sentBody = async (request) => {
  ctx.mock.clearRequests()
  await ctx.mock.client().createGuestToken(request)
  const sent = ctx.mock.requests().filter((r) => r.path === GUEST_PATH)
  assert.equal(sent.length, 1)
  return sent[0].rawBody
}

const problems = async (request) => {
  try {
    await ctx.mock.client().createGuestToken(request)
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err))
    return { message: err.message, errors: err.errors }
  }
  assert.fail('expected a ValidationError')
}

test('plain data is offered as text; anything JSON.stringify would change is not', () => {
  assert.equal(jsonText(MINIMAL), JSON.stringify(MINIMAL))
  assert.equal(typeof jsonText(MAXIMAL), 'string')
  for (const odd of [NaN, Infinity, 2 ** 60, 10n, new Date(0), new Map(), () => 1, Symbol('s'), new Walked()]) {
    assert.equal(jsonText({ ...MINIMAL, params: { x: odd } }), undefined, String(odd?.toString?.() ?? typeof odd))
  }
  const cyclic = { ...MINIMAL }
  cyclic.params = { self: cyclic }
  assert.equal(jsonText(cyclic), undefined)
  const throwing = { ...MINIMAL, get params() { throw new Error('no') } }
  assert.equal(jsonText(throwing), undefined)
  assert.equal(jsonText('{"clientId":"a"}'), undefined, 'a string is not a request, whatever it says')
})

test('the same request sends the same bytes by either route', async () => {
  const requests = [
    MINIMAL,
    MAXIMAL,
    { ...MINIMAL, expiryTime: 3_600_000, datasourceName: undefined },
    { ...MINIMAL, params: { userIdentifier: 'ünï\u2028cödé 🎉', rlsSettings: [{ values: { ratio: 0.1, big: 2 ** 53 - 1, neg: -7, zero: -0 } }] } },
    { ...MINIMAL, extraBody: { future: { nested: [1, 'two', null, true] } } },
  ]
  for (const request of requests) {
    assert.notEqual(jsonText(request), undefined)
    assert.equal(await sentBody(request), await sentBody(walked(request)), JSON.stringify(request))
  }
})

test('the same invalid request fails with the same problems by either route', async () => {
  const invalid = [
    {},
    { clientId: '', dataAppName: 'x' },
    { ...MINIMAL, expiryTime: -5 },
    { ...MINIMAL, unknownField: 1, client_id: 'snake too' },
    { ...MINIMAL, params: { appFilters: [{ metricId: 3, values: 'no' }] } },
    { ...MINIMAL, permissions: { isEnableArchiveMetrics: 'yes' } },
  ]
  for (const request of invalid) {
    assert.notEqual(jsonText(request), undefined)
    assert.deepEqual(await problems(request), await problems(walked(request)), JSON.stringify(request))
  }
})

test('a lone surrogate is walked and reported as the walk reports it', async () => {
  const request = { ...MINIMAL, clientId: 'a\ud800b' }
  assert.equal(typeof jsonText(request), 'string')
  let walkedOutcome
  try {
    walkedOutcome = { ok: await sentBody(walked(request)) }
  } catch (err) {
    walkedOutcome = { error: err.message }
  }
  let textOutcome
  try {
    textOutcome = { ok: await sentBody(request) }
  } catch (err) {
    textOutcome = { error: err.message }
  }
  assert.deepEqual(textOutcome, walkedOutcome)
})
