// Runs every Node README block as a user pastes it: each as a file of its own in a fresh
// CommonJS project (`"type": "commonjs"`, like `npm init -y`): ```js blocks as .js (CommonJS),
// ```js esm / ```mjs as .mjs, with the DATABRAIN_* variables pointing at the bundled mock (reset
// for each block). Then `tsc --strict` checks the whole project: ```ts blocks, and the .js/.mjs
// ones (checkJs) against the package's .d.ts, ```js browser blocks included (they need a page, so
// they are only type-checked). Hidden setup: preludes/<id>.<js|mjs|ts>, see README.md here.
//
// The project lives in target/snippets/node; its node_modules links `databrain` to ./node and
// every other package to node/node_modules (no install, no network).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const pkg = join(root, 'node')
const require = createRequire(join(pkg, 'package.json'))
const { MockServer } = require('./testing.js')

const listed = spawnSync(process.env.PYTHON ?? 'python3', [join(here, 'blocks.py')], { encoding: 'utf8' })
if (listed.status !== 0) {
  process.stderr.write(listed.stderr)
  process.exit(1)
}
const blocks = JSON.parse(listed.stdout).filter((b) => ['cjs', 'esm', 'browser', 'ts'].includes(b.kind))
const extension = { cjs: 'js', esm: 'mjs', browser: 'mjs', ts: 'ts' }

const project = join(root, 'target', 'snippets', 'node')
rmSync(project, { recursive: true, force: true })
mkdirSync(join(project, 'node_modules', '@types'), { recursive: true })
mkdirSync(join(project, 'support'))
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'readme-snippets', version: '1.0.0', private: true, type: 'commonjs' }, null, 2))
symlinkSync(pkg, join(project, 'node_modules', 'databrain'), 'dir')
for (const name of readdirSync(join(pkg, 'node_modules'))) {
  if (name.startsWith('.') || name === '@types') continue
  symlinkSync(join(pkg, 'node_modules', name), join(project, 'node_modules', name), 'dir')
}
for (const name of readdirSync(join(pkg, 'node_modules', '@types'))) {
  symlinkSync(join(pkg, 'node_modules', '@types', name), join(project, 'node_modules', '@types', name), 'dir')
}
for (const name of readdirSync(join(here, 'node-support'))) {
  copyFileSync(join(here, 'node-support', name), join(project, 'support', name))
}

const fileOf = new Map()
for (const block of blocks) {
  const name = `${block.id.replaceAll('/', '__')}.${extension[block.kind]}`
  writeFileSync(join(project, name), block.prelude + block.code + block.check)
  fileOf.set(name, block)
}

const failures = []

/** Where line `row` of a block's file is: in the README, or in its hidden prelude/check. */
function readmeLine(block, row) {
  const before = block.prelude.split('\n').length - 1
  const inBlock = block.code.split('\n').length - 1
  if (row > before && row <= before + inBlock) return `${block.doc}:${block.line + row - before} (${block.id})`
  return `${block.where}, hidden ${row <= before ? 'prelude' : 'check'} line ${row}`
}
// Two programs: TypeScript blocks under plain `--strict`; JavaScript blocks (checkJs) under
// `--strict` but without noImplicitAny, which a JavaScript reader cannot satisfy (untyped
// parameters, packages without types). Both check every call against the package's .d.ts.
// skipLibCheck: @databrainhq/plugin's own .d.ts files do not compile without React.
const common = {
  strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
  lib: ['es2023', 'dom'], types: ['node'], baseUrl: '.', paths: { '@/*': ['./support/*'] },
}
const programs = {
  'tsconfig.ts.json': { compilerOptions: common, include: ['*.ts', 'support/*.ts'] },
  'tsconfig.js.json': { compilerOptions: { ...common, allowJs: true, checkJs: true, noImplicitAny: false }, include: ['*.js', '*.mjs', 'support/*.js'] },
}
for (const [config, settings] of Object.entries(programs)) {
  writeFileSync(join(project, config), JSON.stringify(settings, null, 2))
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config, '--pretty', 'false'], { cwd: project, encoding: 'utf8' })
  if (tsc.status !== 0) {
    const lines = (tsc.stdout + tsc.stderr).split('\n').filter(Boolean).map((line) => {
      const [, name, row] = line.match(/^([^(]+)\((\d+),/) ?? []
      const block = fileOf.get(name)
      return block ? `${readmeLine(block, Number(row))}: ${line}` : line
    })
    failures.push(`tsc -p ${config} over the Node blocks in ${relative(root, project)}:\n${lines.join('\n')}`)
    process.stderr.write(`${failures.at(-1)}\n`)
  } else {
    process.stdout.write(`ok   tsc -p ${config}\n`)
  }
}

const mock = MockServer.startSync()
const env = { ...process.env, DATABRAIN_BASE_URL: mock.url, DATABRAIN_API_KEY: mock.apiKey, DATABRAIN_SERVICE_TOKEN: mock.serviceToken }
for (const [name, block] of fileOf) {
  if (block.kind !== 'cjs' && block.kind !== 'esm') continue
  mock.reset()
  const run = spawnSync(process.execPath, [name], { cwd: project, env, encoding: 'utf8', timeout: 120_000 })
  if (run.status !== 0) {
    const why = run.error ? String(run.error) : `exit ${run.status ?? run.signal}`
    failures.push(`${block.where} failed (${why}), run as ${relative(root, join(project, name))}:\n${(run.stderr + run.stdout).slice(-4000)}`)
  } else {
    process.stdout.write(`ok   ${block.where}\n`)
  }
}
mock.close()

if (failures.length > 0) {
  process.stderr.write(`\n${failures.length} README Node block check(s) failed:\n\n${failures.join('\n\n')}\n`)
  process.exit(1)
}
process.stdout.write(`all ${blocks.length} Node README blocks pass\n`)
