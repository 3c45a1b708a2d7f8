// Types for `import ... from 'databrain/next'` (next.mjs).
export * from './next.js'
import * as next from './next.js'
export default next
