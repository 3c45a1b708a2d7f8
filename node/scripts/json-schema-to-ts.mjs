// Prints the TypeScript declarations of a JSON Schema (used by ../../scripts/gen-types).
// json-schema-to-typescript does the work; this only fixes its options in one place.
import { readFileSync } from 'node:fs'
import { compile } from 'json-schema-to-typescript'

const schema = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const ts = await compile(schema, 'DatabrainTypes', {
  bannerComment:
    "// Request shapes, generated from the core's models by ./scripts/gen-types: do not edit.\n" +
    '// Keys are Databrain\'s documented (camelCase) spellings; column names in `values` are yours.',
  additionalProperties: false,
  strictIndexSignatures: false,
  format: true,
})
process.stdout.write(ts)
