// Types of `databrain/fetch`. Only Web `Request`/`Response`: no framework types needed.
import type { Databrain, GuestTokenCache, GuestTokenRequest } from './index'
import type { MintLogger } from './express'

export type { MintLogger }

/**
 * The options of `guestTokenHandler`: exactly one of `cache` or `client`, and `resolve`.
 * `Context` is the handler's second argument, passed on to `resolve` (Hono's `c`, SvelteKit's
 * event, Remix's load context, Bun's server). Inferred from `resolve`'s second parameter; where
 * that has no type (JavaScript, or no second parameter) it is `any` and the handler takes the
 * context optionally.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GuestTokenHandlerOptions<Context = any> = (
  | { /** Recommended: reuses each user's token until it is due for a refresh. */ cache: GuestTokenCache; client?: never }
  | { /** Mints a new token on every request. */ client: Databrain; cache?: never }
) & {
  /**
   * The signed-in user's guest-token request, from the server's session (never from the
   * body), or null/undefined (→ 401). May be async.
   */
  resolve: (
    request: Request,
    context: Context,
  ) => GuestTokenRequest | null | undefined | Promise<GuestTokenRequest | null | undefined>
  logger?: MintLogger
}

/**
 * A fetch-style handler: a Web `Request` (and the framework's context) in, a `Response` out. The
 * context is required when `resolve` declares its type, optional otherwise.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GuestTokenFetchHandler<Context = any> = 0 extends 1 & Context
  ? (request: Request, context?: Context) => Promise<Response>
  : [Context] extends [void]
    ? (request: Request) => Promise<Response>
    : (request: Request, context: Context) => Promise<Response>

/**
 * A POST handler answering `{token, expiresAt, refreshAt}` with `Cache-Control: no-store`;
 * 401 when `resolve` finds no user, 503 + `Retry-After` on Databrain's rate limit, 502 with the
 * error code on another Databrain error, 500 when `resolve` returned an invalid request (logged
 * with the field paths). An error thrown by `resolve` rejects the returned promise (the
 * framework answers it as any handler's error). Route only POST to it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function guestTokenHandler<Context = any>(
  options: GuestTokenHandlerOptions<Context>,
): GuestTokenFetchHandler<Context>
