// Types of `databrain/fastify`. They refer to Fastify's own types (`import type` only, so
// nothing is loaded at run time); a project that uses this plugin has Fastify installed.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Databrain, GuestTokenCache, GuestTokenRequest } from './index'
import type { MintLogger } from './express'

export type { MintLogger }

/**
 * Fastify's request with the session fields auth plugins add (`@fastify/passport`'s `user`,
 * `@fastify/session`'s `session`), so `request.user` type-checks without a declaration merge;
 * a project that declares its own types on `FastifyRequest` keeps them.
 */
export type SessionFastifyRequest = FastifyRequest & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  user?: any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  session?: any
}

/** The options of `guestTokenPlugin`: exactly one of `cache` or `client`, `resolve`, and `path`. */
export type GuestTokenPluginOptions = (
  | { /** Recommended: reuses each user's token until it is due for a refresh. */ cache: GuestTokenCache; client?: never }
  | { /** Mints a new token on every request. */ client: Databrain; cache?: never }
) & {
  /**
   * The signed-in user's guest-token request, taken from the server's session (e.g.
   * `request.session`, `request.user`; never from the request body), or null/undefined when
   * nobody is signed in (→ 401). May be async.
   */
  resolve: (request: SessionFastifyRequest) => GuestTokenRequest | null | undefined | Promise<GuestTokenRequest | null | undefined>
  /** Where the POST route is mounted, under the plugin's prefix (default `/api/guest-token`). */
  path?: string
  /** Where failures are logged (default: the Fastify instance's `log`). */
  logger?: MintLogger
}

/**
 * A plugin adding `POST path`, answering `{token, expiresAt, refreshAt}` with
 * `Cache-Control: no-store`; 401 when `resolve` finds no user, 503 + `Retry-After` on
 * Databrain's rate limit, 502 with the error code on another Databrain error, 500 when `resolve`
 * returned an invalid request (logged with the field paths). An error thrown by `resolve` goes
 * to Fastify's error handling. Bad options fail the registration (`await fastify.ready()`).
 */
export declare const guestTokenPlugin: FastifyPluginAsync<GuestTokenPluginOptions>
