// Shared by the test files: paths, a per-file mock server, and error assertions.
import assert from 'node:assert/strict'
import { after, before, beforeEach } from 'node:test'
import { createRequire } from 'node:module'
import { MockServer } from 'databrain/testing'

// The core's endpoint table and the mock's seed, as the addon exports them: never re-typed.
const constants = createRequire(import.meta.url)('../lib/native.js').loadNative().constants()
export const GUEST_PATH = constants.guestTokenPath
export const API_PATH = constants.apiTokensPath
export const LEGACY_API_PATH = constants.legacyApiTokensPath
export const MINIMAL = Object.freeze({ clientId: 'user-1', dataAppName: constants.mock.dataApp })

/**
 * One mock for the whole test file, reset before each test. Returns a live handle:
 * `ctx.mock` is set once `before` has run.
 */
export function useMock() {
  const ctx = { mock: null }
  before(async () => {
    ctx.mock = await MockServer.start()
  })
  beforeEach(() => ctx.mock.reset())
  after(() => ctx.mock.close())
  return ctx
}

/** Awaits `promise`, asserts it rejects with an instance of `cls` whose fields match `fields`. */
export async function rejectsWith(promise, cls, fields = {}) {
  let error
  try {
    await promise
  } catch (err) {
    error = err
  }
  assert.ok(error, `expected a ${cls.name}, but the call succeeded`)
  assert.ok(error instanceof cls, `expected a ${cls.name}, got ${error?.name}: ${error?.message}`)
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(error[key], value, `${cls.name}.${key}`)
  }
  return error
}

/** The body of the last recorded request on `path`. */
export function lastBody(mock, path) {
  const hits = mock.requests().filter((r) => r.path === path)
  assert.ok(hits.length > 0, `no request on ${path}`)
  return hits.at(-1).body
}
