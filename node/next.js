'use strict'
// `databrain/next`: a guest-token mint endpoint as a Next.js App Router route handler.
//
//   // app/api/guest-token/route.ts
//   export const POST = guestTokenRoute({ cache, resolve: async (request) => ... })
//
// Next.js is not a dependency: this is `databrain/fetch`'s handler (a Web `Request` in, a
// `Response` out) under the name an App Router route reads well with.

const { fetchHandler } = require('./fetch')

/**
 * @param {import('./next').GuestTokenRouteOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
function guestTokenRoute(options) {
  return fetchHandler(options, 'guestTokenRoute')
}

module.exports = { guestTokenRoute }
