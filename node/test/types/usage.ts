// Compiled with `tsc --noEmit` (npm run typecheck), never run. Resolves 'databrain' through
// the package's own `exports` map (self-reference), exactly as a user's project would.
// Lines marked @ts-expect-error must fail to type-check: they pin down what the types refuse.
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import {
  Databrain,
  createGuestToken,
  createApiToken,
  DatabrainError,
  ValidationError,
  ConfigurationError,
  APIError,
  AuthenticationError,
  RateLimitError,
  APIConnectionError,
  APITimeoutError,
  APIResponseValidationError,
  type GuestTokenRequest,
  type DashboardFilterValue,
  type MetricFilterValue,
  type PermissionKey,
  type DataAppName,
  type Embed,
} from 'databrain'
import { MockServer, type Fault, type RecordedRequest } from 'databrain/testing'

async function everyField(client: Databrain): Promise<string> {
  const token: string = await client.createGuestToken({
    clientId: 'user-456',
    dataAppName: 'sales-dashboard',
    params: {
      appFilters: [
        {
          metricId: 'metric-1',
          values: {
            country: 'USA',
            countries: ['USA', 'CANADA'],
            isActive: true,
            amount: 500,
            region: { sql: 'SELECT name FROM regions', columnName: 'name' },
          },
        },
      ],
      dashboardAppFilters: [
        {
          dashboardId: 'dash-1',
          values: {
            period: { startDate: '2024-01-01', endDate: '2024-03-23' },
            revenue: { min: 1000, max: 5000 },
            country: ['USA'],
          },
          isShowOnUrl: false,
        },
      ],
      hideDashboardFilters: ['country'],
      userIdentifier: 'user-456',
      rlsSettings: [{ values: { tenant: 'acme' } }],
      allowedEmbeds: ['embed-1'],
      timezone: 'America/New_York',
    },
    permissions: { isShowSideBar: false, isEnableDownloadMetrics: true },
    expiryTime: 3_600_000,
    datasourceName: undefined,
    extraBody: { theme: { mode: 'dark' } },
  })
  return token
}

async function apiTokens(client: Databrain): Promise<string> {
  const a: string = await client.createApiToken({ dataAppName: 'sales-dashboard', name: 'Production API Key' })
  const b: string = await createApiToken({ dataAppName: 'sales-dashboard', name: 'k', legacyEndpoint: true })
  return a + b
}

function options(): Databrain[] {
  return [
    new Databrain(),
    new Databrain({ apiKey: 'k', serviceToken: 's', baseUrl: 'https://example.com', timeoutMs: 30_000, maxRetries: 2 }),
    new Databrain({ connectTimeoutMs: 5_000, allowInsecureHttp: true }),
    new Databrain({ telemetry: false }),
    new Databrain({ propagate: false, tracerProvider: new BasicTracerProvider(), meterProvider: new MeterProvider() }),
  ]
}

async function errors(): Promise<void> {
  try {
    await createGuestToken({ clientId: 'u', dataAppName: 'app' })
  } catch (err) {
    if (err instanceof ValidationError) {
      for (const e of err.errors) console.log(e.path.toUpperCase(), e.message)
    } else if (err instanceof RateLimitError) {
      const wait: number | null = err.retryAfter
      const status: number | null = err.status
      console.log(wait, status)
    } else if (err instanceof AuthenticationError || err instanceof APIResponseValidationError) {
      const apiErr: APIError = err
      console.log(apiErr.code, apiErr.requestId)
    } else if (err instanceof APITimeoutError) {
      const conn: APIConnectionError = err
      console.log(conn.message)
    } else if (err instanceof ConfigurationError || err instanceof DatabrainError) {
      const base: Error = err
      console.log(base.name)
    }
  }
}

async function testing(): Promise<void> {
  const mock = await MockServer.start()
  const sync = MockServer.startSync({ port: 0, seed: { dataApps: [{ name: 'a', apiKeys: ['k'] }] } })
  const client = new Databrain({ baseUrl: mock.url, apiKey: mock.apiKey, serviceToken: mock.serviceToken })
  const fault: Fault = { path: '/api/v2/guest-token/create', times: 2, kind: 'status', status: 429, retryAfter: '0' }
  mock.injectFault(fault)
  mock.injectFault({ kind: 'delay', ms: 100 })
  await mock.client({ maxRetries: 0 }).createGuestToken({ clientId: 'u', dataAppName: 'sales-dashboard' })
  const recorded: RecordedRequest[] = mock.requests()
  const n: number = mock.requestCount('/api/v2/guest-token/create')
  console.log(client, recorded[0]?.body, n)
  mock.clearFaults()
  mock.reset()
  mock.close()
  sync.close()
}

// --- what the types refuse -------------------------------------------------------------------

const key: PermissionKey = 'isShowSideBar'
// @ts-expect-error not one of the ten permission keys
const badKey: PermissionKey = 'isShowSidebar'

const dashboardValue: DashboardFilterValue = { startDate: '2024-01-01', endDate: '2024-02-01' }
// @ts-expect-error a bare boolean is not a dashboard filter value
const badDashboardValue: DashboardFilterValue = true
// @ts-expect-error ranges are dashboard-only
const badMetricValue: MetricFilterValue = { min: 1, max: 2 }
// @ts-expect-error number range bounds are numbers
const badRange: DashboardFilterValue = { min: '1', max: 2 }
// @ts-expect-error a SQL value needs its columnName
const badSql: MetricFilterValue = { sql: 'SELECT 1' }
// @ts-expect-error lists hold strings only
const badList: MetricFilterValue = [1, 2]

const badRequests: GuestTokenRequest[] = [
  // @ts-expect-error clientId is required
  { dataAppName: 'app' },
  // @ts-expect-error clientId is a string
  { clientId: 5, dataAppName: 'app' },
  // @ts-expect-error unknown permission key
  { clientId: 'u', dataAppName: 'app', permissions: { isShowSidebar: false } },
  // @ts-expect-error expiryTime is milliseconds, not a string
  { clientId: 'u', dataAppName: 'app', expiryTime: '1h' },
  // @ts-expect-error metricId is required in an app filter
  { clientId: 'u', dataAppName: 'app', params: { appFilters: [{ values: {} }] } },
]

// @ts-expect-error unknown client option
new Databrain({ apikey: 'k' })
// @ts-expect-error name is required
void createApiToken({ dataAppName: 'app' })
// @ts-expect-error not a fault kind
const badFault: Fault = { kind: 'explode' }

export { everyField, apiTokens, options, errors, testing, key, badKey, dashboardValue, badDashboardValue }
export { badMetricValue, badRange, badSql, badList, badRequests, badFault }

// Management namespaces (index.d.ts, "Management API").
async function management(client: Databrain): Promise<void> {
  const made: DataAppName = await client.dataApps.create({ name: 'Tenant App' })
  void made
  for await (const app of client.dataApps.list()) {
    const name: string = app.name
    void name
  }
  const page: Embed[] = await client.embeds.list({}, { credential: 'apiKey' }).page(2)
  void page
  const key: string = await client.apiTokens.create({ dataAppName: 'app', name: 'k' })
  const token: string = await client.guestTokens.create({ clientId: 'u', dataAppName: 'app' })
  void key
  void token
  await client.dashboards.import({ workspaceName: 'ws', importDashboardData: {} }, { legacy: false })
  // @ts-expect-error: not a credential
  await client.workspaces.create({ name: 'ws', connectionType: 'DATASOURCE' }, { credential: 'password' })
}
void management

// Log records: a console-like logger, as an option or process-wide.
import { setLogger, type DatabrainLogger } from 'databrain'
function logging(): void {
  new Databrain({ apiKey: 'k', logger: console })
  const lines: string[] = []
  const mine: DatabrainLogger = { debug: (m) => lines.push(m), warn: (m: string) => lines.push(m) }
  setLogger(mine)
  setLogger(null)
  // @ts-expect-error: a logger is an object of methods, not a function
  setLogger((m: string) => lines.push(m))
  // @ts-expect-error: a record is one string
  setLogger({ debug: (m: number) => m })
}
void logging
