// ESM entry point of `databrain/fastify`: the CommonJS module's very objects.
import fastify from './fastify.js'

export const { guestTokenPlugin } = fastify
export default fastify
