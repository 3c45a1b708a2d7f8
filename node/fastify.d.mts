// Types for `import ... from 'databrain/fastify'` (fastify.mjs).
export * from './fastify.js'
import * as fastify from './fastify.js'
export default fastify
