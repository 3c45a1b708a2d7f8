'use strict'
// Installed without its platform package (optional dependencies omitted), databrain must
// fail on first use with an error that names the platform and the way out, not a bare
// "Cannot find module". Run from an npm project that has only the main package.
const assert = require('node:assert/strict')
const { Databrain } = require('databrain') // importing alone must not need the addon

assert.throws(
  () => new Databrain({ apiKey: 'k' }),
  (err) => {
    for (const needle of ['linux-x64-gnu', 'databrain-linux-x64-gnu', 'npm install --os=linux --cpu=x64 --libc=glibc', 'build from source', 'serverExternalPackages']) {
      assert.ok(err.message.includes(needle), `error lacks ${JSON.stringify(needle)}:\n${err.message}`)
    }
    return true
  },
)
console.log('missing-addon.cjs: a clear error names the platform and how to install or build')
