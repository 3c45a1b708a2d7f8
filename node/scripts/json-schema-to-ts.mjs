// Prints the TypeScript declarations of a JSON Schema (used by ../../scripts/gen-types).
// json-schema-to-typescript does the work for the models; this fixes its options in one place
// and adds the typed management namespaces (`DataAppsCalls`, ...) from the schema's
// `x-operations` index (the core's OPERATIONS table), which index.d.ts extends.
import { readFileSync } from 'node:fs'
import { compile } from 'json-schema-to-typescript'

const schema = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const operations = schema['x-operations'] ?? []
delete schema['x-operations']
const ts = await compile(schema, 'DatabrainTypes', {
  bannerComment:
    "// Request and response shapes, generated from the core's models by ./scripts/gen-types: do not edit.\n" +
    '// Keys are Databrain\'s documented (camelCase) spellings; column names in `values` are yours.',
  additionalProperties: false,
  strictIndexSignatures: false,
  format: true,
})
process.stdout.write(ts)
process.stdout.write(namespaces(operations))

/** One `<Family>Calls` interface per family, one method per row, in the table's order. */
function namespaces(rows) {
  const families = new Map()
  for (const row of rows) {
    if (!families.has(row.familyCamel)) families.set(row.familyCamel, [])
    families.get(row.familyCamel).push(row)
  }
  let out =
    '\n// Management namespaces, one method per row of the core\'s OPERATIONS table.\n' +
    "import type { CallOptions, ManagementList } from './index'\n"
  for (const [family, calls] of families) {
    const name = family[0].toUpperCase() + family.slice(1)
    out += `\n/** \`client.${family}\`: the \`${calls[0].family}.*\` rows. */\nexport interface ${name}Calls {\n`
    for (const row of calls) {
      // A request without required fields may be left out.
      const optional = row.fields.every((f) => !f.required) ? '?' : ''
      const answer = row.paginated ? `ManagementList<${row.item}>` : `Promise<${row.response ?? `${row.item}[]`}>`
      // The row's summary says what the name does not (a partial merge, a create never re-sent).
      const summary = row.summary ? `: ${row.summary}` : row.paginated ? ' (every page, lazily).' : '.'
      out += `  /** \`${row.name}\`${summary} */\n`
      out += `  ${row.methodCamel}(request${optional}: ${row.request}, options?: CallOptions): ${answer}\n`
    }
    out += '}\n'
  }
  return out
}
