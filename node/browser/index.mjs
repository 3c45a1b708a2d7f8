// databrain/browser: keeps a <dbn-dashboard>/<dbn-metric> element supplied with guest tokens
// from your mint endpoint. No dependencies, no build step; stays under 2 KB gzipped (tested).
//
// What @databrainhq/plugin (0.12.x) offers, read from its bundle: the elements observe a
// `token` attribute (the `token` property writes that attribute) and re-render with it. It
// emits no expiry event, so the refreshAt timer is what keeps the token fresh; a
// `TOKEN_EXPIRED` event reaching the element (from a later plugin or from your own code)
// mints at once.

const BASE_MS = 500 // first retry delay; doubles per failure (full jitter)
const CAP_MS = 60000 // longest retry delay: a failure never stops the loop
const STALE_MS = 250 // re-ask soon when the server still serves a token past its refreshAt
const SKEW_MS = 2000 // trust the server's clock (Date header) only past this disagreement

/**
 * Fetches a token from `url` (POST, same-origin credentials) and hands it to the element,
 * again at each `refreshAt` and on `TOKEN_EXPIRED`. Returns `stop()`.
 */
export function attachGuestToken(target, options = {}) {
  const el = typeof target === 'string' ? document.querySelector(target) : target
  if (!el || typeof el.setAttribute !== 'function') {
    throw new TypeError(`attachGuestToken: no element ${typeof target === 'string' ? target : ''}`.trim())
  }
  const { url = '/api/guest-token', fetchOptions = {}, onToken, onError, timeoutMs = 10000 } = options
  let stopped = false
  let timer
  let inFlight = null
  let failures = 0
  let stale = 0

  // A throwing callback is reported by the browser; it never breaks the loop.
  const report = (callback, value) => callback && queueMicrotask(() => callback(value))
  const later = (ms) => {
    clearTimeout(timer)
    timer = setTimeout(mint, ms)
  }

  async function mint() {
    if (stopped || inFlight) return
    clearTimeout(timer)
    const ctl = (inFlight = new AbortController())
    const abort = setTimeout(() => ctl.abort(new Error(`guest-token request timed out after ${timeoutMs} ms`)), timeoutMs)
    let retryAfter = 0
    try {
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        ...fetchOptions,
        headers: { accept: 'application/json', ...fetchOptions.headers },
        signal: ctl.signal,
      })
      retryAfter = 1000 * (Number(res.headers.get('retry-after')) || 0)
      if (!res.ok) throw Object.assign(new Error(`guest-token endpoint answered ${res.status}`), { status: res.status })
      const reply = await res.json()
      if (typeof reply?.token !== 'string' || !reply.token) throw new Error('guest-token reply has no token')
      if (stopped) return
      failures = 0
      if (el.getAttribute('token') !== reply.token) el.setAttribute('token', reply.token)
      report(onToken, reply)
      if (reply.refreshAt == null) return // a token that never expires needs no refresh
      let skew = Date.now() - Date.parse(res.headers.get('date'))
      if (!(Math.abs(skew) > SKEW_MS)) skew = 0
      const due = Date.parse(reply.refreshAt) + skew - Date.now()
      if (due > 0) {
        stale = 0
        later(due)
      } else {
        // Past refreshAt: the server is replacing it in the background; ask again shortly.
        later(Math.min(CAP_MS, STALE_MS * 2 ** stale++))
      }
    } catch (err) {
      if (stopped) return
      // Keep whatever token the element has: it may well still be valid.
      failures++
      later(Math.max(retryAfter, Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** failures)))
      report(onError, err)
    } finally {
      clearTimeout(abort)
      inFlight = null
    }
  }

  const onExpired = () => mint()
  const watch = new MutationObserver(() => el.isConnected || stop())
  function stop() {
    stopped = true
    clearTimeout(timer)
    inFlight?.abort()
    watch.disconnect()
    el.removeEventListener('TOKEN_EXPIRED', onExpired)
  }
  el.addEventListener('TOKEN_EXPIRED', onExpired)
  watch.observe(document, { childList: true, subtree: true })
  mint()
  return stop
}
