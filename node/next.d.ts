// Types of `databrain/next`. Only Web `Request`/`Response`: no Next.js types needed.
import type { Databrain, GuestTokenCache, GuestTokenRequest } from './index'
import type { MintLogger } from './express'

export type { MintLogger }

/** The options of `guestTokenRoute`: exactly one of `cache` or `client`, and `resolve`. */
export type GuestTokenRouteOptions = (
  | { /** Recommended: reuses each user's token until it is due for a refresh. */ cache: GuestTokenCache; client?: never }
  | { /** Mints a new token on every request. */ client: Databrain; cache?: never }
) & {
  /**
   * The signed-in user's guest-token request, from the server's session (`auth()`,
   * `currentUser()`, ...; never from the body), or null/undefined (→ 401). May be async.
   */
  resolve: (request: Request) => GuestTokenRequest | null | undefined | Promise<GuestTokenRequest | null | undefined>
  logger?: MintLogger
}

/**
 * An App Router `POST` handler answering `{token, expiresAt, refreshAt}` with
 * `Cache-Control: no-store` (statuses as `guestTokenHandler` of `databrain/express`). An error
 * thrown by `resolve` rejects the returned promise (Next.js answers 500).
 */
export declare function guestTokenRoute(options: GuestTokenRouteOptions): (request: Request) => Promise<Response>
