'use strict'
// `databrain/fastify`: a guest-token mint endpoint as a Fastify plugin.
//
//   fastify.register(guestTokenPlugin, { cache, resolve: (request) => ..., path: '/api/guest-token' })
//
// Fastify is not a dependency of this package: the plugin only calls `fastify.post` and the
// reply's `code` / `headers` / `send`, and importing `databrain` never loads this file.

const { mintEndpoint } = require('./lib/serve')

const DEFAULT_PATH = '/api/guest-token'

/**
 * @param {import('fastify').FastifyInstance} fastify
 * @param {import('./fastify').GuestTokenPluginOptions} options
 */
async function guestTokenPlugin(fastify, options) {
  const { path = DEFAULT_PATH, logger = fastify.log, ...rest } = options ?? {}
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`guestTokenPlugin: path must be a string starting with "/", got ${JSON.stringify(path)}`)
  }
  const reply = mintEndpoint({ ...rest, logger }, 'guestTokenPlugin')
  fastify.post(path, async function guestToken(request, res) {
    // A throwing resolve hook rejects here: Fastify's error handling answers it (500).
    const answer = await reply(request)
    // The body is the core's JSON text; with a JSON content type Fastify sends a string as is.
    return res.code(answer.status).headers(answer.headers).send(answer.body)
  })
}

// What fastify-plugin would set: a name in Fastify's plugin tree and errors.
guestTokenPlugin[Symbol.for('fastify.display-name')] = 'databrain-guest-token'

module.exports = { guestTokenPlugin }
