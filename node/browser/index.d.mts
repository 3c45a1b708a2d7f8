/** What the mint endpoint answers (`guestTokenHandler` / `guestTokenRoute`). */
export interface GuestTokenReply {
  token: string
  /** ISO-8601 UTC; null when the token never expires. */
  expiresAt: string | null
  /** ISO-8601 UTC, when the next token is fetched; null when it never expires. */
  refreshAt: string | null
}

/** An error from one fetch of the mint endpoint; the loop retries with backoff. */
export interface GuestTokenFetchError extends Error {
  /** The endpoint's HTTP status, when it answered. */
  status?: number
}

export interface AttachGuestTokenOptions {
  /** The mint endpoint; default `/api/guest-token`. Always fetched with POST. */
  url?: string
  /** Merged into each `fetch` (headers such as a CSRF token, `credentials: 'include'` cross-origin). */
  fetchOptions?: Omit<RequestInit, 'signal'>
  /** Each new reply, after the element has the token. */
  onToken?: (reply: GuestTokenReply) => void
  /** Each failed fetch; the current token stays on the element. */
  onError?: (error: GuestTokenFetchError) => void
  /** Time limit of one fetch, ms; default 10000. */
  timeoutMs?: number
}

/**
 * Keeps a `<dbn-dashboard>` / `<dbn-metric>` element supplied with guest tokens: fetches one
 * now, again at each `refreshAt` and when a `TOKEN_EXPIRED` event reaches the element, retries
 * failures with jittered backoff, and stops when the element leaves the DOM.
 * @returns `stop()`, which ends the loop.
 */
export function attachGuestToken(
  elementOrSelector: Element | string,
  options?: AttachGuestTokenOptions,
): () => void
