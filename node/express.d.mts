// Types for `import ... from 'databrain/express'` (express.mjs).
export * from './express.js'
import * as express from './express.js'
export default express
