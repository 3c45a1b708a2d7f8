// The semantic-layer calls over real HTTP against the mock: `client.semanticLayer`, the partial
// merge, the documented errors, the 403, the credential check, validation with field paths,
// and the dashboard-embed import fields and the reports' creator.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BadRequestError,
  ConfigurationError,
  Databrain,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from 'databrain'
import { rejectsWith, useMock } from '../test-support/helpers.mjs'

const PATH = '/api/v2/data-app/datamarts/semantic-layer'
const ctx = useMock()
const client = (extra = {}) =>
  new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey, serviceToken: ctx.mock.serviceToken, ...extra })
const eventsTables = () => [
  {
    name: 'events',
    description: 'One row per product event',
    synonyms: ['activity'],
    columns: [{ name: 'name', description: 'Event name', columnType: 'ENUM' }],
  },
]
const table = (layer, name) => layer.tables.find((t) => t.name === name)
const column = (t, name) => t.columns.find((c) => c.name === name)

test('create, get, update (a partial merge) and delete', async () => {
  const c = client()
  assert.deepEqual(await c.semanticLayer.create({ datamartName: 'Events Mart', tables: eventsTables(), feedback: 'Append-only.' }), {
    id: 'Events Mart',
  })
  const layer = await c.semanticLayer.get({ datamartName: 'Events Mart' })
  assert.equal(layer.feedback, 'Append-only.')
  assert.equal(column(table(layer, 'events'), 'name').columnType, 'ENUM')

  await c.semanticLayer.update({
    datamartName: 'Events Mart',
    tables: [{ name: 'events', columns: [{ name: 'tenant_id', description: 'The tenant' }] }],
  })
  const events = table(await c.semanticLayer.get({ datamartName: 'Events Mart' }), 'events')
  assert.equal(events.description, 'One row per product event', 'left out: kept')
  assert.deepEqual(events.synonyms, ['activity'])
  assert.equal(column(events, 'name').description, 'Event name', 'left out: kept')
  assert.equal(column(events, 'tenant_id').description, 'The tenant')

  assert.deepEqual(await c.semanticLayer.delete({ datamartName: 'Events Mart' }), { id: 'Events Mart' })
  await rejectsWith(c.semanticLayer.get({ datamartName: 'Events Mart' }), NotFoundError, {
    code: 'SEMANTIC_LAYER_NOT_FOUND',
    status: 404,
  })
})

test('the documented errors', async () => {
  const c = client()
  await rejectsWith(c.semanticLayer.create({ datamartName: 'Sales Mart', tables: [] }), BadRequestError, {
    code: 'SEMANTIC_LAYER_ALREADY_EXISTS',
    status: 400,
  })
  await rejectsWith(c.semanticLayer.update({ datamartName: 'Events Mart', tables: [] }), NotFoundError, {
    code: 'SEMANTIC_LAYER_NOT_FOUND',
  })
  await rejectsWith(c.semanticLayer.delete({ datamartName: 'Events Mart' }), NotFoundError)
})

test('a data-app key where the service token goes is a 403 PermissionDeniedError', async () => {
  const wrong = client({ serviceToken: ctx.mock.apiKey })
  await rejectsWith(wrong.semanticLayer.get({ datamartName: 'Sales Mart' }), PermissionDeniedError, {
    code: 'AUTHENTICATION_ERROR',
    status: 403,
  })
})

test('the credential check names the service token before sending', async () => {
  await assert.rejects(
    client().semanticLayer.get({ datamartName: 'Sales Mart' }, { credential: 'apiKey' }),
    (e) => e instanceof ConfigurationError && e.message.includes('the service token'),
  )
  const keyOnly = new Databrain({ baseUrl: ctx.mock.url, apiKey: ctx.mock.apiKey })
  await assert.rejects(keyOnly.semanticLayer.delete({ datamartName: 'Sales Mart' }), ConfigurationError)
  assert.equal(ctx.mock.requests().length, 0)
})

test('validation names field paths before sending', async () => {
  const eleven = Array.from({ length: 11 }, (_, i) => `s${i}`)
  const err = await client()
    .semanticLayer.create({ datamartName: 'Events Mart', tables: [{ name: 'events', synonyms: eleven, columns: [{ synonyms: eleven }] }] })
    .catch((e) => e)
  assert.ok(err instanceof ValidationError, `${err}`)
  assert.deepEqual(
    err.errors.map((e) => e.path),
    ['tables[0].synonyms', 'tables[0].columns[0].synonyms', 'tables[0].columns[0].name'],
  )
  assert.match(err.errors[0].message, /at most 10/)
  assert.equal(ctx.mock.requests().length, 0)
})

test('a create is never re-sent once it may have arrived', async () => {
  ctx.mock.injectFault({ kind: 'status', status: 503, path: PATH, method: 'POST', afterHandling: true })
  await rejectsWith(client().semanticLayer.create({ datamartName: 'Events Mart', tables: eventsTables() }), ServerError)
  assert.equal(ctx.mock.requestCount(PATH), 1)
  assert.equal((await client().semanticLayer.get({ datamartName: 'Events Mart' })).datamartName, 'Events Mart')
})

test('dashboard embed import fields pass through; reports carry createdByIdentifier', async () => {
  const c = client()
  const exported = await c.dashboards.export({ dashboardId: 'dash-tenant-template', workspaceName: 'Sales' })
  const made = await c.embeds.createDashboardEmbed({
    dashboardId: 'dash-acme',
    workspaceName: 'Sales',
    clientId: 'acme',
    name: 'Acme',
    accessSettings: { datamartName: 'Sales Mart' },
    isImportMetrics: true,
    isRenameDashboard: true,
    metricImportMode: 'GALLERY',
    importDashboardData: exported,
  })
  assert.equal(made.name, 'Acme')
  const body = ctx.mock.requests().at(-1).body
  assert.deepEqual(body.importDashboardData, exported)
  assert.equal(body.metricImportMode, 'GALLERY')
  const reports = await c.embeds.listReports({ embedId: 'emb-sales-overview', clientId: 'Team 1' }).all()
  assert.deepEqual(
    reports.map((r) => r.createdByIdentifier),
    ['analyst@team1.example', null],
  )
})
