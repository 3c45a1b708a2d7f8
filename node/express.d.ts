// Types of `databrain/express`. Written against Node's `http` types, so they need no
// `@types/express`; an Express `Request`/`Response` is a subtype of these.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Databrain, GuestTokenCache, GuestTokenRequest } from './index'

/** Where log lines go (default `console`). A line never holds a credential or a token. */
export interface MintLogger {
  warn(message: string): void
  error(message: string): void
}

/**
 * The request `resolve` sees unless you name your own type: an `http` request carrying what
 * session middleware such as Passport or express-session adds (`req.user`, `req.session`),
 * typed loosely because each application shapes its user. Pass your own type for stricter
 * checks: `guestTokenHandler<MyRequest>({...})`.
 */
export interface SessionRequest extends IncomingMessage {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  user?: any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  session?: any
}

/** The options of `guestTokenHandler`: exactly one of `cache` or `client`, and `resolve`. */
export type GuestTokenHandlerOptions<Req = SessionRequest> = (
  | { /** Recommended: reuses each user's token until it is due for a refresh. */ cache: GuestTokenCache; client?: never }
  | { /** Mints a new token on every request. */ client: Databrain; cache?: never }
) & {
  /**
   * The signed-in user's guest-token request, taken from the server's session (never from the
   * request body), or null/undefined when nobody is signed in (→ 401). May be async.
   */
  resolve: (request: Req) => GuestTokenRequest | null | undefined | Promise<GuestTokenRequest | null | undefined>
  logger?: MintLogger
}

/** An Express (or Connect, or `http`) request handler. */
export type GuestTokenRequestHandler<Req = SessionRequest> = (
  req: Req,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => Promise<void>

/**
 * A POST handler answering `{token, expiresAt, refreshAt}` with `Cache-Control: no-store`;
 * 401 when `resolve` finds no user, 503 + `Retry-After` on Databrain's rate limit, 502 with
 * the error code on another Databrain error, 500 when `resolve` returned an invalid request
 * (logged with the field paths). An error thrown by `resolve` goes to `next(err)`.
 */
export declare function guestTokenHandler<Req extends IncomingMessage = SessionRequest>(
  options: GuestTokenHandlerOptions<Req>,
): GuestTokenRequestHandler<Req>
