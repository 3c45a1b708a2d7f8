// Every error class: what each failure becomes, with code, status, requestId and the hierarchy.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createRequire } from 'node:module'
import {
  APIConnectionError,
  APIError,
  APIResponseValidationError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  Databrain,
  DatabrainError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
} from 'databrain'
import { MockServer } from 'databrain/testing'
import { API_PATH, GUEST_PATH, MINIMAL, rejectsWith, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('class hierarchy', () => {
  test('instanceof chains and names', () => {
    const chains = [
      [ValidationError, DatabrainError],
      [ConfigurationError, DatabrainError],
      [AuthenticationError, APIError],
      [PermissionDeniedError, APIError],
      [NotFoundError, APIError],
      [BadRequestError, APIError],
      [RateLimitError, APIError],
      [ServerError, APIError],
      [APIResponseValidationError, APIError],
      [APIError, DatabrainError],
      [APITimeoutError, APIConnectionError],
      [APIConnectionError, DatabrainError],
      [DatabrainError, Error],
    ]
    for (const [cls, parent] of chains) {
      const e = new cls('m')
      assert.ok(e instanceof parent, `${cls.name} extends ${parent.name}`)
      assert.equal(e.name, cls.name)
      assert.ok(String(e.stack).startsWith(`${cls.name}: m`))
    }
    assert.ok(!(new APIConnectionError('m') instanceof APIError))
  })

  test('constructible by users (e.g. to fake failures in their own tests)', () => {
    const e = new RateLimitError('slow down', { retryAfter: 2, requestId: 'r' })
    assert.deepEqual([e.code, e.status, e.retryAfter, e.requestId], ['RATE_LIMIT_EXCEEDED', 429, 2, 'r'])
    assert.deepEqual(new ValidationError('bad', { errors: [{ path: 'a', message: 'b' }] }).errors, [{ path: 'a', message: 'b' }])
  })
})

describe('validation: rejected before anything is sent', () => {
  test('every problem, each with its path', async () => {
    const err = await rejectsWith(
      ctx.mock.client().createGuestToken({ clientId: '', dataAppName: 'bad!', expiryTime: -5, permissions: { isShowSidebar: true } }),
      ValidationError,
      { code: 'VALIDATION_ERROR', status: null, requestId: null },
    )
    const paths = err.errors.map((e) => e.path).sort()
    assert.deepEqual(paths, ['clientId', 'dataAppName', 'expiryTime', 'permissions.isShowSidebar'])
    assert.match(err.errors.find((e) => e.path === 'permissions.isShowSidebar').message, /isShowSideBar/)
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('wrong JS types pass through to the core unchanged', async () => {
    const err = await rejectsWith(
      ctx.mock.client().createGuestToken({ clientId: 5, dataAppName: 'sales-dashboard', permissions: 'all', params: [] }),
      ValidationError,
    )
    const byPath = Object.fromEntries(err.errors.map((e) => [e.path, e.message]))
    assert.equal(byPath.clientId, 'expected a string, got a number')
    assert.equal(byPath.permissions, 'expected an object, got a string')
    assert.equal(byPath.params, 'expected an object, got a list')
  })

  test('values JSON cannot carry are reported, never sent as null', async () => {
    const err = await rejectsWith(
      ctx.mock.client().createGuestToken({
        ...MINIMAL,
        expiryTime: Number.NaN,
        params: {
          appFilters: [{ metricId: 'm', values: { when: new Date(), fn: () => 1, big: 2n ** 70n, inf: -Infinity } }],
        },
      }),
      ValidationError,
    )
    const byPath = Object.fromEntries(err.errors.map((e) => [e.path, e.message]))
    assert.deepEqual(Object.keys(byPath).sort(), [
      'expiryTime',
      'params.appFilters[0].values.big',
      'params.appFilters[0].values.fn',
      'params.appFilters[0].values.inf',
      'params.appFilters[0].values.when',
    ])
    assert.match(byPath.expiryTime, /NaN/)
    assert.match(byPath['params.appFilters[0].values.when'], /Date/)
    assert.equal(ctx.mock.requests().length, 0)
  })

  test('a BigInt that fits is a number', async () => {
    await ctx.mock.client().createGuestToken({ ...MINIMAL, expiryTime: 3_600_000n })
    assert.equal(ctx.mock.requests()[0].body.expiryTime, 3600000)
  })

  test('not an object at all', async () => {
    for (const input of [undefined, null, 'user-1', 42, ['a']]) {
      const err = await rejectsWith(ctx.mock.client().createGuestToken(input), ValidationError)
      assert.equal(err.errors[0].path, '$')
    }
  })

  test('cycles are refused, not followed forever', async () => {
    const params = { appFilters: [] }
    params.appFilters.push({ metricId: 'm', values: { self: params } })
    await rejectsWith(ctx.mock.client().createGuestToken({ ...MINIMAL, params }), ValidationError)
  })

  test('api token request', async () => {
    const err = await rejectsWith(ctx.mock.client().createApiToken({ dataAppName: 'a.b', legacyEndpoint: 'yes' }), ValidationError)
    assert.deepEqual(err.errors.map((e) => e.path).sort(), ['dataAppName', 'legacyEndpoint', 'name'])
  })
})

describe('configuration', () => {
  test('options of the wrong type, unknown options', () => {
    assert.throws(() => new Databrain({ apiKey: 5 }), ConfigurationError)
    assert.throws(() => new Databrain({ timeoutMs: 'soon' }), ConfigurationError)
    assert.throws(() => new Databrain({ timeoutMs: -1 }), ConfigurationError)
    assert.throws(() => new Databrain({ maxRetries: 1.5 }), ConfigurationError)
    assert.throws(() => new Databrain({ apikey: 'k' }), /unknown option/)
    assert.throws(() => new Databrain('k'), ConfigurationError)
  })

  test('rules the core enforces: empty key, header injection, plain http, zero timeout', () => {
    const err = assert.throws(() => new Databrain({ apiKey: '' }), ConfigurationError)
    assert.throws(() => new Databrain({ apiKey: 'abc\r\nX-Evil: 1' }), (e) => e instanceof ConfigurationError && !e.message.includes('Evil'))
    assert.throws(() => new Databrain({ apiKey: 'k', baseUrl: 'http://databrain.example.com' }), ConfigurationError)
    assert.ok(new Databrain({ apiKey: 'k', baseUrl: 'http://databrain.example.com', allowInsecureHttp: true }))
    assert.throws(() => new Databrain({ apiKey: 'k', timeoutMs: 0 }), ConfigurationError)
    assert.throws(() => new Databrain({ baseUrl: 'not a url' }), (e) => e.code === 'CONFIGURATION_ERROR' && e.status === null)
    void err
  })

  test('a call whose credential is missing', async () => {
    const noKey = new Databrain({ baseUrl: ctx.mock.url, serviceToken: ctx.mock.serviceToken, apiKey: undefined })
    // DATABRAIN_API_KEY is not set in the test environment.
    assert.equal(process.env.DATABRAIN_API_KEY, undefined)
    await rejectsWith(noKey.createGuestToken(MINIMAL), ConfigurationError)
    assert.equal(ctx.mock.requests().length, 0)
  })
})

describe('API errors', () => {
  test('wrong API key → AuthenticationError 401 with a request id', async () => {
    const err = await rejectsWith(ctx.mock.client({ apiKey: 'not-a-real-key' }).createGuestToken(MINIMAL), AuthenticationError, {
      code: 'AUTHENTICATION_ERROR',
      status: 401,
    })
    assert.match(err.requestId, UUID)
    assert.match(err.message, /HTTP 401/)
  })

  test('wrong service token on the API-token endpoint → AuthenticationError, status 400', async () => {
    await rejectsWith(
      ctx.mock.client({ serviceToken: 'wrong' }).createApiToken({ dataAppName: 'sales-dashboard', name: 'k' }),
      AuthenticationError,
      { code: 'AUTHENTICATION_ERROR', status: 400 },
    )
  })

  test('unknown data app → NotFoundError', async () => {
    await rejectsWith(ctx.mock.client().createGuestToken({ clientId: 'u', dataAppName: 'no such app' }), NotFoundError, { status: 404 })
    await rejectsWith(ctx.mock.client().createApiToken({ dataAppName: 'no such app', name: 'k' }), NotFoundError, {
      code: 'DATA_APP_NOT_FOUND',
      status: 400,
    })
  })

  const faults = [
    [{ kind: 'status', status: 403, code: 'INVALID_PERMISSIONS' }, PermissionDeniedError, 'INVALID_PERMISSIONS', 403],
    [{ kind: 'status', status: 400, code: 'CLIENT_ID_ERROR' }, BadRequestError, 'CLIENT_ID_ERROR', 400],
    [{ kind: 'status', status: 500 }, ServerError, 'INTERNAL_SERVER_ERROR', 500],
    [{ kind: 'html', status: 502 }, ServerError, 'API_ERROR', 502],
    [{ kind: 'status', status: 418, code: 'TEAPOT' }, BadRequestError, 'TEAPOT', 418],
    [{ kind: 'status', status: 302, code: 'MOVED' }, APIError, 'MOVED', 302],
    [{ kind: 'malformedJson', status: 200 }, APIResponseValidationError, 'DECODE_ERROR', 200],
    [{ kind: 'missingToken' }, APIResponseValidationError, 'DECODE_ERROR', 200],
    [{ kind: 'oversized', bytes: 2 * 1024 * 1024 }, APIResponseValidationError, 'DECODE_ERROR', 200],
    [{ kind: 'drop' }, APIConnectionError, 'CONNECTION_ERROR', null],
  ]
  for (const [fault, cls, code, status] of faults) {
    test(`${JSON.stringify(fault)} → ${cls.name} ${code}`, async () => {
      ctx.mock.injectFault({ path: GUEST_PATH, ...fault })
      const err = await rejectsWith(ctx.mock.client({ maxRetries: 0 }).createGuestToken(MINIMAL), cls, { code, status })
      assert.equal(Object.getPrototypeOf(err), cls.prototype, 'exactly this class, not a subclass')
    })
  }

  test('429 → RateLimitError with retryAfter in seconds', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429, retryAfter: '7' })
    const err = await rejectsWith(ctx.mock.client({ maxRetries: 0 }).createGuestToken(MINIMAL), RateLimitError, {
      code: 'RATE_LIMIT_EXCEEDED',
      status: 429,
      retryAfter: 7,
    })
    assert.match(err.requestId, UUID)
  })

  test('429 without Retry-After → retryAfter null', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'status', status: 429 })
    await rejectsWith(ctx.mock.client({ maxRetries: 0 }).createGuestToken(MINIMAL), RateLimitError, { retryAfter: null })
  })

  test('hang longer than the timeout → APITimeoutError', async () => {
    ctx.mock.injectFault({ path: GUEST_PATH, kind: 'delay', ms: 2000 })
    const started = performance.now()
    await rejectsWith(ctx.mock.client({ maxRetries: 0, timeoutMs: 200 }).createGuestToken(MINIMAL), APITimeoutError, {
      code: 'TIMEOUT',
      status: null,
    })
    const elapsed = performance.now() - started
    assert.ok(elapsed >= 150 && elapsed < 1500, `took ${elapsed} ms`)
  })

  test('nothing listening → APIConnectionError', async () => {
    const gone = await MockServer.start()
    const url = gone.url
    gone.close()
    const client = new Databrain({ baseUrl: url, apiKey: 'k', maxRetries: 0 })
    const err = await rejectsWith(client.createGuestToken(MINIMAL), APIConnectionError, { code: 'CONNECTION_ERROR', status: null })
    assert.ok(!(err instanceof APITimeoutError))
  })

  test('API-token endpoint errors carry the same fields', async () => {
    ctx.mock.injectFault({ path: API_PATH, kind: 'status', status: 500 })
    await rejectsWith(
      ctx.mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'k' }),
      ServerError,
      { status: 500, code: 'INTERNAL_SERVER_ERROR' },
    )
  })
})

describe('errors made by the addon', () => {
  const require = createRequire(import.meta.url)

  test('an async rejection is the typed error itself, built on the JS thread', async () => {
    // The raw addon, as lib/native.js hands it out: no JS wrapper between it and the caller.
    const { NativeClient } = require('../lib/native.js').loadNative()
    const raw = new NativeClient({ baseUrl: ctx.mock.url, apiKey: 'wrong' }, 'node test')
    const err = await rejectsWith(raw.createGuestToken(MINIMAL), AuthenticationError, { status: 401, attempts: 1 })
    assert.match(err.requestId, UUID)
    assert.equal(err.code, 'AUTHENTICATION_ERROR')
    assert.ok(!err.message.startsWith('{'), err.message)
    assert.ok(String(err.stack).startsWith(`AuthenticationError: ${err.message}`))
  })

  test('a rejection from the client carries the caller in its stack', async () => {
    async function callerOfTheSdk() {
      return await ctx.mock.client({ apiKey: 'wrong' }).createGuestToken(MINIMAL)
    }
    const err = await rejectsWith(callerOfTheSdk(), AuthenticationError)
    assert.match(err.stack, /at (async )?Databrain\.createGuestToken/)
    assert.match(err.stack, /callerOfTheSdk/)
  })

  test('the transport cause chain stays a chain', async () => {
    const gone = await MockServer.start()
    const url = gone.url
    gone.close()
    const err = await rejectsWith(new Databrain({ baseUrl: url, apiKey: 'k', maxRetries: 0 }).createGuestToken(MINIMAL), APIConnectionError)
    assert.ok(err.cause instanceof Error, 'err.cause')
    let depth = 0
    for (let c = err.cause; c instanceof Error; c = c.cause) depth++
    assert.ok(depth >= 1)
  })

  test('each Worker gets its own factory; without one, a plain Error with the same fields', async () => {
    const { Worker } = await import('node:worker_threads')
    const run = async (code) => {
      const worker = new Worker(code, { eval: true, workerData: { native: require.resolve('../lib/native.js'), addon: require.resolve('../lib/addon.js') } })
      const message = await new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      await worker.terminate()
      return message
    }
    const describeThrown = `
      const { workerData, parentPort } = require('node:worker_threads')
      const describeThrown = (native) => {
        try {
          native.errorExample('rate_limit')
        } catch (err) {
          const { name, code, status, retryAfter, requestId, attempts, message } = err
          return { ctor: err.constructor.name, name, code, status, retryAfter, requestId, attempts, message }
        }
      }
    `
    const typed = await run(`${describeThrown}
      parentPort.postMessage(describeThrown(require(workerData.native).loadNative()))
    `)
    assert.deepEqual(
      { ctor: typed.ctor, code: typed.code, status: typed.status, retryAfter: typed.retryAfter, attempts: typed.attempts },
      { ctor: 'RateLimitError', code: 'RATE_LIMIT_EXCEEDED', status: 429, retryAfter: 1.5, attempts: 3 },
    )
    const plain = await run(`${describeThrown}
      parentPort.postMessage(describeThrown(require(workerData.addon).loadAddon()))
    `)
    assert.deepEqual(
      { ctor: plain.ctor, name: plain.name, code: plain.code, status: plain.status, retryAfter: plain.retryAfter, requestId: plain.requestId },
      { ctor: 'Error', name: 'RateLimitError', code: 'RATE_LIMIT_EXCEEDED', status: 429, retryAfter: 1.5, requestId: typed.requestId },
    )
    assert.equal(plain.message, typed.message)
  })
})
