// Types for `import ... from 'databrain/testing'` (testing.mjs).
export * from './testing.js'
import * as testing from './testing.js'
export default testing
