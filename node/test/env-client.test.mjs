// The module-level createGuestToken / createApiToken: one client from DATABRAIN_* env vars,
// created on first use. (Each test file runs in its own process, so the env is ours.)
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigurationError, createApiToken, createGuestToken } from 'databrain'
import { API_PATH, GUEST_PATH, MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()

test('an invalid DATABRAIN_BASE_URL rejects (and is not cached)', async () => {
  process.env.DATABRAIN_BASE_URL = 'ftp://nowhere'
  await rejectsWith(createGuestToken(MINIMAL), ConfigurationError)
})

test('both functions use the environment', async () => {
  process.env.DATABRAIN_BASE_URL = ctx.mock.url
  process.env.DATABRAIN_API_KEY = ctx.mock.apiKey
  process.env.DATABRAIN_SERVICE_TOKEN = ctx.mock.serviceToken
  assert.ok(await createGuestToken(MINIMAL))
  assert.ok(await createApiToken({ dataAppName: 'sales-dashboard', name: 'k' }))
  assert.equal(ctx.mock.requestCount(GUEST_PATH), 1)
  assert.equal(ctx.mock.requestCount(API_PATH), 1)
})

test('the client is created once: later env changes are not picked up', async () => {
  process.env.DATABRAIN_API_KEY = 'changed'
  assert.ok(await createGuestToken(MINIMAL))
})
