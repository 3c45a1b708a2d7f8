// Every field on the wire: what the client sends is exactly what Databrain documents.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Databrain } from 'databrain'
import { API_PATH, GUEST_PATH, LEGACY_API_PATH, MINIMAL, lastBody, useMock } from '../test-support/helpers.mjs'

const ctx = useMock()

const EVERY_FIELD = {
  clientId: 'Team 1',
  dataAppName: 'sales-dashboard',
  params: {
    appFilters: [
      {
        metricId: 'metric-1',
        values: {
          'Customer App filter': 'USA',
          'customer id': ['a', 'b'],
          is_active: true,
          amount: 500,
          ratio: 0.25,
          region: { sql: 'SELECT name FROM regions', columnName: 'name' },
        },
      },
    ],
    dashboardAppFilters: [
      {
        dashboardId: 'dash-1',
        values: {
          timePeriod: { startDate: '2024-01-01', endDate: '2024-03-23' },
          revenue: { min: 1000, max: 5000 },
          country: ['USA', 'CANADA'],
        },
        isShowOnUrl: false,
      },
      { dashboardId: 'dash-2', values: { city: 'Paris' } },
    ],
    hideDashboardFilters: ['country'],
    userIdentifier: 'user-456',
    rlsSettings: [{ metricId: 'metric-1', values: { tenant: 'acme' } }, { values: { region: ['eu'] } }],
    allowedEmbeds: ['embed-1'],
    timezone: 'America/New_York',
  },
  permissions: {
    isEnableArchiveMetrics: false,
    isEnableManageMetrics: true,
    isEnableCreateDashboardView: false,
    isEnableMetricUpdation: true,
    isEnableCustomizeLayout: false,
    isEnableUnderlyingData: true,
    isEnableDownloadMetrics: false,
    isShowSideBar: true,
    isShowDashboardName: false,
    isDisableMetricCreation: true,
  },
  expiryTime: 3_600_000,
  datasourceName: undefined,
}

describe('guest token request', () => {
  test('every documented field arrives exactly as given', async () => {
    const token = await ctx.mock.client().createGuestToken(EVERY_FIELD)
    assert.match(token, /^[0-9a-f-]{36}$/)
    const { datasourceName, ...expected } = EVERY_FIELD
    assert.deepEqual(lastBody(ctx.mock, GUEST_PATH), expected)
  })

  test('filter and column names are user data: never renamed or case-converted', async () => {
    const values = { 'customer id': 'x', Customer_Name: 'y', 'Ventes Été': 'z', snake_case: 'w' }
    await ctx.mock.client().createGuestToken({ ...MINIMAL, params: { appFilters: [{ metricId: 'm', values }] } })
    assert.deepEqual(lastBody(ctx.mock, GUEST_PATH).params.appFilters[0].values, values)
  })

  test('undefined and null optional fields are absent, not null', async () => {
    await ctx.mock.client().createGuestToken({
      ...MINIMAL,
      params: undefined,
      permissions: null,
      expiryTime: undefined,
      datasourceName: null,
      extraBody: undefined,
    })
    assert.deepEqual(lastBody(ctx.mock, GUEST_PATH), MINIMAL)
  })

  test('snake_case top-level keys are accepted and sent in camelCase', async () => {
    await ctx.mock.client().createGuestToken({ client_id: 'u', data_app_name: 'sales-dashboard', expiry_time: 60_000 })
    assert.deepEqual(lastBody(ctx.mock, GUEST_PATH), { clientId: 'u', dataAppName: 'sales-dashboard', expiryTime: 60000 })
  })

  test('whole numbers stay integers on the wire', async () => {
    await ctx.mock.client().createGuestToken({ ...MINIMAL, expiryTime: 3.6e6 })
    const raw = ctx.mock.requests().at(-1).rawBody
    assert.match(raw, /"expiryTime":3600000[,}]/)
  })

  test('extraBody is deep-merged after validation', async () => {
    await ctx.mock.client().createGuestToken({
      ...MINIMAL,
      params: { userIdentifier: 'user-1' },
      extraBody: { theme: { mode: 'dark' }, embedId: 'e-1', params: { timezone: 'UTC' } },
    })
    assert.deepEqual(lastBody(ctx.mock, GUEST_PATH), {
      ...MINIMAL,
      params: { userIdentifier: 'user-1', timezone: 'UTC' },
      theme: { mode: 'dark' },
      embedId: 'e-1',
    })
  })

  test('headers: JSON, bearer credential, node user agent', async () => {
    await ctx.mock.client().createGuestToken(MINIMAL)
    const [req] = ctx.mock.requests()
    assert.equal(req.method, 'POST')
    assert.equal(req.path, GUEST_PATH)
    assert.equal(req.headers['content-type'], 'application/json')
    assert.equal(req.headers.authorization, 'Bearer <redacted>')
    assert.equal(req.auth, 'apiKey:sales-dashboard')
    assert.match(req.headers['user-agent'], new RegExp(`^databrain-sdk/\\S+ \\(node ${process.versions.node}\\)$`))
  })

  test('the issued token is the one the mock recorded', async () => {
    const token = await ctx.mock.client().createGuestToken(MINIMAL)
    assert.equal(ctx.mock.guestTokenCount(), 1)
    assert.equal(ctx.mock.guestTokens()[0].token, token)
  })
})

describe('api token request', () => {
  test('body and path, authorised by the service token', async () => {
    const key = await ctx.mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'Production API Key' })
    assert.match(key, /^[0-9a-f-]{36}$/)
    const [req] = ctx.mock.requests()
    assert.equal(req.path, API_PATH)
    assert.equal(req.auth, 'serviceToken')
    assert.deepEqual(req.body, { dataAppName: 'sales-dashboard', name: 'Production API Key' })
  })

  test('the new key works for guest tokens', async () => {
    const key = await ctx.mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'k' })
    const client = new Databrain({ baseUrl: ctx.mock.url, apiKey: key })
    assert.ok(await client.createGuestToken(MINIMAL))
  })

  test('legacyEndpoint uses the camelCase path with the same body', async () => {
    await ctx.mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'Legacy', legacyEndpoint: true })
    assert.equal(ctx.mock.requestCount(LEGACY_API_PATH), 1)
    assert.equal(ctx.mock.requestCount(API_PATH), 0)
    assert.deepEqual(lastBody(ctx.mock, LEGACY_API_PATH), { dataAppName: 'sales-dashboard', name: 'Legacy' })
  })

  test('extraBody is merged', async () => {
    await ctx.mock.client().createApiToken({ dataAppName: 'sales-dashboard', name: 'k', extraBody: { description: 'staging' } })
    assert.deepEqual(lastBody(ctx.mock, API_PATH), { dataAppName: 'sales-dashboard', name: 'k', description: 'staging' })
  })
})
