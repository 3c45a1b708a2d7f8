'use strict'
// `databrain/fetch`: a guest-token mint endpoint as a fetch-style handler — a Web `Request` in,
// a `Response` out — for any server built on them: Hono, Remix / React Router, SvelteKit,
// Bun.serve, Deno, Next.js (whose `databrain/next` is this very handler under its own name).
//
//   const handler = guestTokenHandler({ cache, resolve: (request, context) => ... })
//   app.post('/api/guest-token', (c) => handler(c.req.raw, c)) // Hono
//
// The second argument is handed to `resolve` as is, so a framework's context (Hono's `c`,
// SvelteKit's event, Remix's load context) can carry the session. No framework is a dependency.

const { mintEndpoint } = require('./lib/serve')

/**
 * @param {import('./fetch').GuestTokenHandlerOptions<unknown>} options
 * @param {string} [name] the public factory, for messages
 * @returns {(request: Request, context?: unknown) => Promise<Response>}
 */
function fetchHandler(options, name = 'guestTokenHandler') {
  const reply = mintEndpoint(options, name)
  return async function guestToken(request, context) {
    const answer = await reply(request, context)
    return new Response(answer.body, { status: answer.status, headers: answer.headers })
  }
}

/**
 * @param {import('./fetch').GuestTokenHandlerOptions<unknown>} options
 * @returns {(request: Request, context?: unknown) => Promise<Response>}
 */
function guestTokenHandler(options) {
  return fetchHandler(options)
}

module.exports = { guestTokenHandler, fetchHandler }
