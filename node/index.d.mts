// Types for `import ... from 'databrain'` (index.mjs): the same declarations as index.d.ts,
// plus the default export (the whole CommonJS module object).
export * from './index.js'
import * as databrain from './index.js'
export default databrain
