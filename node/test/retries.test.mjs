// Retries and timeouts, counted on the mock: what is retried, how often, and what never is.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { APIConnectionError, APITimeoutError, RateLimitError, ServerError } from 'databrain'
import { API_PATH, GUEST_PATH, MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const API_REQUEST = { dataAppName: 'sales-dashboard', name: 'k' }

describe('retries', () => {
  test('429 then 200: the call succeeds on the second attempt', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 1, kind: 'status', status: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfter: '0' })
    assert.ok(await ctx.mock.client().createGuestToken(MINIMAL))
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 2)
  })

  test('429 storm longer than maxRetries: 1 + maxRetries attempts, then RateLimitError', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 10, kind: 'status', status: 429, retryAfter: '0' })
    await rejectsWith(ctx.mock.client({ maxRetries: 3 }).createGuestToken(MINIMAL), RateLimitError)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 4)
  })

  test('Retry-After is waited out', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '0.3' })
    const started = performance.now()
    await ctx.mock.client().createGuestToken(MINIMAL)
    assert.ok(performance.now() - started >= 280)
  })

  test('429 on createApiToken is retried (Databrain did not act)', async () => {
    ctx.mock.injectFault({ path: API_PATH, kind: 'status', status: 429, retryAfter: '0' })
    assert.ok(await ctx.mock.client().createApiToken(API_REQUEST))
    assert.equal(ctx.mock.requestCount(API_PATH), 2)
  })

  test('500 on createApiToken is not retried: a second key could be minted', async () => {
    ctx.mock.injectFault({ path: API_PATH, times: 3, kind: 'status', status: 500 })
    await rejectsWith(ctx.mock.client().createApiToken(API_REQUEST), ServerError, { status: 500 })
    assert.equal(ctx.mock.requestCount(API_PATH), 1)
  })

  test('dropped connection on createApiToken is not retried', async () => {
    ctx.mock.injectFault({ path: API_PATH, kind: 'drop' })
    await rejectsWith(ctx.mock.client().createApiToken(API_REQUEST), APIConnectionError)
    assert.equal(ctx.mock.requestCount(API_PATH), 1)
  })

  test('500 and dropped connections on createGuestToken are retried', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 503 })
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'drop' })
    assert.ok(await ctx.mock.client({ maxRetries: 2 }).createGuestToken(MINIMAL))
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 3)
  })

  test('maxRetries: 0 means exactly one attempt', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 503 })
    await rejectsWith(ctx.mock.client({ maxRetries: 0 }).createGuestToken(MINIMAL), ServerError)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  })
})

describe('timeouts', () => {
  test('a slow first attempt times out and the retry succeeds', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 3000 })
    const started = performance.now()
    assert.ok(await ctx.mock.client({ timeoutMs: 200, maxRetries: 1 }).createGuestToken(MINIMAL))
    assert.ok(performance.now() - started < 2000)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 2)
  })

  test('timeoutMs bounds each attempt: 1 + maxRetries timeouts end within their sum plus backoff', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, times: 3, kind: 'delay', ms: 3000 })
    const started = performance.now()
    await rejectsWith(ctx.mock.client({ timeoutMs: 150, maxRetries: 2 }).createGuestToken(MINIMAL), APITimeoutError)
    const elapsed = performance.now() - started
    // 3 × 150 ms plus at most 0.5 s + 1 s of jittered backoff.
    assert.ok(elapsed >= 440 && elapsed < 2500, `took ${elapsed} ms`)
    assert.equal(ctx.mock.requestCount(GUEST_PATH), 3)
  })

  test('a delay under the timeout is just a slow success', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 100 })
    assert.ok(await ctx.mock.client({ timeoutMs: 2000, maxRetries: 0 }).createGuestToken(MINIMAL))
  })
})
