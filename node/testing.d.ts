// Types of `databrain/testing`: the bundled Databrain mock server for your tests.
import type { Databrain, DatabrainOptions } from './index'

export interface MockServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /**
   * Initial state (camelCase JSON of the mock's Seed), e.g.
   * `{serviceTokens: ['t'], dataApps: [{name: 'app', apiKeys: ['k'], datasources: []}], rateLimit: {perSecond: 50, burst: 10}}`.
   * Default: data apps `sales-dashboard` (key 11111111-1111-4111-8111-111111111111) and
   * `Customer Portal Analytics`, service token 33333333-3333-4333-8333-333333333333.
   */
  seed?: MockSeed
}

export interface MockSeed {
  serviceTokens?: string[]
  dataApps?: Array<{ name: string; apiKeys?: string[]; datasources?: string[]; embeds?: Array<Record<string, unknown>> }>
  rateLimit?: { perSecond: number; burst: number }
}

/** One request as the mock received it; the `authorization` header reads `Bearer <redacted>`. */
export interface RecordedRequest {
  method: string
  path: string
  query: string | null
  /** Lower-case names. */
  headers: Record<string, string>
  /** `"serviceToken"`, `"apiKey:<data app>"`, `"unknown"`, or null without an Authorization header. */
  auth: string | null
  /** The body parsed as JSON, when it parsed. */
  body: unknown
  rawBody: string
}

interface FaultTarget {
  /** Exact request path the fault applies to; omitted = any API path. */
  path?: string
  /** How many matching requests get it. Default 1. */
  times?: number
  /** Only requests of this HTTP method (`'POST'`); omitted = any. */
  method?: string
  /** Apply it after the call was handled: the state changes, the answer is lost. */
  afterHandling?: boolean
}

/** A misbehaviour for the next matching requests. */
export type Fault = FaultTarget &
  (
    | { kind: 'status'; status: number; code?: string; message?: string; retryAfter?: string }
    | { kind: 'delay'; ms: number }
    | { kind: 'drop' }
    | { kind: 'html'; status: number }
    | { kind: 'malformedJson'; status: number }
    | { kind: 'oversized'; bytes: number }
    | { kind: 'missingToken' }
    | { kind: 'empty'; status: number }
  )

export declare class MockServer {
  private constructor()
  /** Starts a mock on 127.0.0.1. It never keeps the process alive; close() frees the port. */
  static start(options?: MockServerOptions): Promise<MockServer>
  static startSync(options?: MockServerOptions): MockServer
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  /** API key of the seed's first data app. */
  readonly apiKey: string
  readonly serviceToken: string
  readonly closed: boolean
  /** `{baseUrl, apiKey, serviceToken}` for `new Databrain(...)`. */
  readonly clientOptions: Required<Pick<DatabrainOptions, 'baseUrl' | 'apiKey' | 'serviceToken'>>
  /** A client pointed at this mock. */
  client(options?: DatabrainOptions): Databrain
  requests(): RecordedRequest[]
  requestCount(path: string): number
  clearRequests(): void
  injectFault(fault: Fault): void
  /** The mock's clock (grace periods, token expiry): freeze it, move it on. */
  clock(change?: { freeze?: boolean; advanceSeconds?: number }): Promise<{ nowMs: number; now: string; frozen: boolean }>
  pendingFaults(): Fault[]
  clearFaults(): void
  guestTokens(): Array<Record<string, unknown>>
  guestTokenCount(): number
  /** Back to the seed: forgets created apps and keys, tokens, requests and faults. */
  reset(): void
  /** Stops the server. Idempotent. */
  close(): void
}
