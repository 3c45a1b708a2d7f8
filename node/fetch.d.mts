// Types for `import ... from 'databrain/fetch'` (fetch.mjs).
export * from './fetch.js'
import * as fetch from './fetch.js'
export default fetch
