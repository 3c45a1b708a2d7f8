// Checked by `npm run typecheck`, never run: GuestToken and GuestTokenCache as users type them.
import { Databrain, GuestToken, GuestTokenCache, type GuestTokenCacheStats, type GuestTokenJSON } from 'databrain'

async function usage(client: Databrain): Promise<void> {
  const minted: GuestToken = await client.mintGuestToken({ clientId: 'u', dataAppName: 'app', expiryTime: 60_000 })
  const token: string = minted.token
  const issued: Date = minted.issuedAt
  const expires: Date | null = minted.expiresAt
  const refresh: Date | null = minted.refreshAt
  const json: GuestTokenJSON = minted.toJSON()
  const cache = new GuestTokenCache(client, { refreshMargin: 0.1, maxEntries: 100, serveStaleOnError: false, maxAgeWithoutExpiryMs: 30_000 })
  const cached: GuestToken = await cache.get({ clientId: 'u', dataAppName: 'app' })
  const dropped: number = cache.invalidate({ clientId: 'u' })
  const stats: GuestTokenCacheStats = cache.stats()
  const failures: number = stats.refreshFailures
  const fleet = new GuestTokenCache(client, { sharedCacheUrl: 'rediss://cache.example:6380', sharedCacheOpTimeoutMs: 30 })
  const shared: number[] = [fleet.stats().sharedHits, stats.sharedMisses, stats.sharedErrors, stats.lockWaits, stats.fallbackMints]
  cache.clear()
  void [token, issued, expires, refresh, json, cached, dropped, failures, shared]
}

function mistakes(client: Databrain): void {
  // @ts-expect-error unknown cache option
  new GuestTokenCache(client, { maxEntrys: 5 })
  // @ts-expect-error the URL is a string
  new GuestTokenCache(client, { sharedCacheUrl: { host: 'h' } })
  // @ts-expect-error invalidate takes { clientId }
  new GuestTokenCache(client).invalidate('u')
  // @ts-expect-error a GuestToken is not a string
  const s: string = client.mintGuestToken({ clientId: 'u', dataAppName: 'app' })
  // @ts-expect-error GuestTokens are made by the SDK
  new GuestToken()
  void s
}

export { usage, mistakes }
