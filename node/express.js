'use strict'
// `databrain/express`: a guest-token mint endpoint as an Express request handler.
//
//   app.post('/api/guest-token', guestTokenHandler({ cache, resolve: (req) => ... }))
//
// Express is not a dependency of this package: the handler only uses Node's own
// `res.writeHead` / `res.end` (so it also works with Connect or a bare `http` server), and
// importing `databrain` never loads this file.

const { mintEndpoint } = require('./lib/serve')

/**
 * @param {import('./express').GuestTokenHandlerOptions} options
 * @returns {import('./express').GuestTokenRequestHandler}
 */
function guestTokenHandler(options) {
  const reply = mintEndpoint(options, 'guestTokenHandler')
  return async function guestTokenHandler(req, res, next) {
    let answer
    try {
      answer = await reply(req)
    } catch (err) {
      // A throwing resolve hook is the application's error: Express's error handling.
      if (typeof next === 'function') return next(err)
      throw err
    }
    res.writeHead(answer.status, answer.headers)
    res.end(answer.body)
  }
}

module.exports = { guestTokenHandler }
