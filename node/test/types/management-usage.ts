// Checked by `npm run typecheck`, never run: the generated management namespaces
// (types.generated.d.ts, from the core's OPERATIONS table) as users type them, a few calls per
// family. Lines marked @ts-expect-error must fail to type-check: they prove the types bite.
import {
  Databrain,
  type AccessSettings,
  type ApiKey,
  type AppDashboard,
  type DataApp,
  type Datamart,
  type DatamartId,
  type DatamartTable,
  type DeletedWorkspace,
  type EmbedId,
  type ImportResult,
  type JsonDocument,
  type ManagementList,
  type Metric,
  type NamedEmbed,
  type QueryResult,
  type Report,
  type DatamartSemanticLayer,
  type SemanticLayerId,
  type SemanticTable,
  type Workspace,
  type WorkspaceMetric,
} from 'databrain'

export async function dataApps(client: Databrain): Promise<string[]> {
  const made = await client.dataApps.create({ name: 'Tenant App' })
  const renamed = await client.dataApps.rename({ name: made.name, updateName: 'Tenant Two' })
  const list: ManagementList<DataApp> = client.dataApps.list()
  const apps: DataApp[] = await list.all()
  const embeds: string[] = apps.flatMap((app) => app.embeds?.map((e) => e.embedId) ?? [])
  // @ts-expect-error name is required
  await client.dataApps.create({})
  // @ts-expect-error unknown field (a typo)
  await client.dataApps.create({ name: 'x', nmae: 'typo' })
  // @ts-expect-error name is a string
  await client.dataApps.delete({ name: 3 })
  // @ts-expect-error the answer is {name}, not a list
  const wrong: DataApp[] = await client.dataApps.delete({ name: 'x' })
  return [renamed.name, ...embeds, String(wrong)]
}

export async function apiTokens(client: Databrain): Promise<string> {
  const key: ApiKey = await client.apiTokens.rotate({ expireAt: 3600 })
  const later: ApiKey = await client.apiTokens.rotate({ expireAt: '60', key: key.key }, { legacy: true })
  const keys: string[] = (await client.apiTokens.list({ dataAppName: 'app' }).all()).map((t) => t.key)
  // @ts-expect-error expireAt is required
  await client.apiTokens.rotate({})
  // @ts-expect-error dataAppName is required
  client.apiTokens.list()
  return later.key + keys.join()
}

export async function embeds(client: Databrain): Promise<string> {
  const settings: AccessSettings = { datamartName: 'dm', joinModel: 'multi', tableTenancySettings: [{ name: 't', clientColumn: 'c' }] }
  const made: EmbedId = await client.embeds.create({
    dashboardId: 'd1',
    embedType: 'dashboard',
    workspaceName: 'ws',
    accessSettings: settings,
    extraBody: { theme: 'dark' },
  })
  await client.embeds.update({ embedId: made.id, accessSettings: { isAllowAiPilot: true } })
  const renamed: NamedEmbed = await client.embeds.rename({ embedId: made.id, name: 'n', isRenameDashboard: true })
  const document: JsonDocument = await client.embeds.export({ embedId: made.id })
  const reports: Report[] = await client.embeds.listReports({ embedId: made.id, clientId: 'c1' }).page(1)
  // @ts-expect-error not an embed type
  await client.embeds.create({ dashboardId: 'd', embedType: 'chart', workspaceName: 'ws', accessSettings: settings })
  // @ts-expect-error accessSettings is required
  await client.embeds.create({ dashboardId: 'd', embedType: 'metric', workspaceName: 'ws' })
  // @ts-expect-error not a join model
  await client.embeds.update({ embedId: 'e', accessSettings: { joinModel: 'triple' } })
  // @ts-expect-error a GET call has no body, so no extraBody
  await client.embeds.export({ embedId: 'e', extraBody: {} })
  return renamed.name + Object.keys(document).length + reports.length
}

export async function discovery(client: Databrain): Promise<number> {
  const dashboards: AppDashboard[] = await client.dashboards.list({ dashboardNames: ['a'] }).all()
  const metrics: Metric[] = await client.metrics.list({ embedId: 'e', clientId: 'c' })
  const result: QueryResult = await client.metrics.query({ embedId: 'e', metricId: 'm', clientId: 'c', metricFilter: { a: 1 } })
  const exported: JsonDocument = await client.dashboards.export({ dashboardId: 'd', workspaceName: 'ws' })
  const imported: ImportResult = await client.dashboards.import({ workspaceName: 'ws', importDashboardData: exported })
  // @ts-expect-error clientId is required
  await client.metrics.query({ embedId: 'e', metricId: 'm' })
  // @ts-expect-error dashboardNames is a list
  client.dashboards.list({ dashboardNames: 'a' })
  return dashboards.length + metrics.length + result.data.length + JSON.stringify(imported).length
}

export async function workspacesAndDatamarts(client: Databrain): Promise<string[]> {
  const made: Workspace = await client.workspaces.create({ name: 'ws', connectionType: 'DATAMART', datamartName: 'dm' })
  const gone: DeletedWorkspace = await client.workspaces.delete({ name: 'ws' })
  const metrics: WorkspaceMetric[] = await client.workspaces.listMetrics({ workspaceName: 'ws' }).all()
  const table: DatamartTable = { name: 'orders', clientColumn: 'tenant_id', columns: [{ name: 'id' }] }
  const mart: DatamartId = await client.datamarts.create({ name: 'dm', datasourceName: 'src', tableList: [table] })
  const marts: Datamart[] = []
  for await (const m of client.datamarts.list()) marts.push(m)
  // @ts-expect-error not a connection type
  await client.workspaces.create({ name: 'ws', connectionType: 'SOMETHING' })
  // @ts-expect-error a table needs its name
  await client.datamarts.create({ name: 'dm', datasourceName: 'src', tableList: [{ label: 'no name' }] })
  return [made.name, gone.id, mart.id, ...metrics.map((m) => m.metricId), ...marts.map((m) => m.name)]
}

export async function derivedClientsAndUnits(admin: Databrain): Promise<string> {
  const strict = new Databrain({ useEnv: false, caFile: '/etc/corp-ca.pem', serviceToken: 't' })
  const tenant = await strict.provisionTenant({ dataAppName: 'acme' })
  const tenantClient: Databrain = tenant.client(admin)
  const rotated = await tenantClient.withServiceToken('t2').rotateApiKey({ graceMs: 60_000 })
  const again: Databrain = rotated.client()
  // @ts-expect-error caFile is a path
  new Databrain({ caFile: 1 })
  return (await again.withApiKey(rotated.key).createGuestToken({ clientId: 'u', dataAppName: 'acme', expiryTime: 3_600_000 }))
}

export async function onboarding(client: Databrain): Promise<string> {
  const tenant = await client.provisionTenant({
    dataAppName: 'acme',
    embed: { dashboardId: 'd', embedType: 'dashboard', workspaceName: 'ws', accessSettings: { datamartName: 'dm' } },
  })
  await client.provisionTenant({
    dataAppName: 'acme',
    dashboardEmbed: { dashboardId: 'd', workspaceName: 'ws', clientId: 'acme', accessSettings: {} },
  })
  // @ts-expect-error not an embed type
  await client.provisionTenant({ dataAppName: 'a', embed: { dashboardId: 'd', embedType: 'chart', workspaceName: 'ws', accessSettings: {} } })
  // @ts-expect-error a per-tenant dashboard embed needs the tenant's clientId
  await client.provisionTenant({ dataAppName: 'a', dashboardEmbed: { dashboardId: 'd', workspaceName: 'ws', accessSettings: {} } })
  return tenant.embed.id
}

export async function semanticLayer(client: Databrain): Promise<string[]> {
  const table: SemanticTable = { name: 'orders', synonyms: ['sales'], columns: [{ name: 'amount', columnType: 'Number' }] }
  const made: SemanticLayerId = await client.semanticLayer.create({ datamartName: 'dm', tables: [table], feedback: 'f' })
  await client.semanticLayer.update({ datamartName: 'dm', tables: [{ name: 'orders', description: 'Orders' }] })
  const layer: DatamartSemanticLayer = await client.semanticLayer.get({ datamartName: 'dm' })
  const gone: SemanticLayerId = await client.semanticLayer.delete({ datamartName: 'dm' })
  // @ts-expect-error the datamart is required
  await client.semanticLayer.get({})
  // @ts-expect-error a table needs its name
  await client.semanticLayer.update({ datamartName: 'dm', tables: [{ description: 'no name' }] })
  return [made.id, gone.id, layer.datamartName, ...(layer.tables ?? []).map((t) => t.name)]
}
