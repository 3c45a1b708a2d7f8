// ESM entry point of `databrain/testing` (re-exports the CommonJS module).
import testing from './testing.js'

export const { MockServer } = testing
export default testing
