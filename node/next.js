'use strict'
// `databrain/next`: a guest-token mint endpoint as a Next.js App Router route handler.
//
//   // app/api/guest-token/route.ts
//   export const POST = guestTokenRoute({ cache, resolve: async (request) => ... })
//
// Next.js is not a dependency: the handler takes a Web `Request` and returns a `Response`
// (Node 18+ globals), so it runs in any fetch-style server too.

const { mintEndpoint } = require('./lib/serve')

/**
 * @param {import('./next').GuestTokenRouteOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
function guestTokenRoute(options) {
  const reply = mintEndpoint(options, 'guestTokenRoute')
  return async function POST(request) {
    const answer = await reply(request)
    return new Response(answer.body, { status: answer.status, headers: answer.headers })
  }
}

module.exports = { guestTokenRoute }
