'use strict'
// What a new user does right after `npm install databrain`, through require(): a guest
// token, an API key and a rejected key against the package's bundled mock over real HTTP,
// with the addon coming from the platform package (not a build in a checkout).
// Run from the npm project under test: node smoke.cjs EXPECTED_VERSION [PLATFORM]
// (PLATFORM as in the package names, default linux-x64-gnu)
const assert = require('node:assert/strict')
const path = require('node:path')
const { Databrain, AuthenticationError } = require('databrain')
const { MockServer } = require('databrain/testing')

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function main(expectedVersion, platform = 'linux-x64-gnu') {
  const here = path.resolve('node_modules')
  assert.ok(require.resolve('databrain').startsWith(here), require.resolve('databrain'))
  assert.equal(require('databrain/package.json').version, expectedVersion)

  const mock = MockServer.startSync()
  try {
    const client = new Databrain(mock.clientOptions)
    const token = await client.createGuestToken({ clientId: 'install-cjs', dataAppName: 'sales-dashboard' })
    assert.match(token, UUID)
    assert.deepEqual(mock.guestTokens().map((t) => [t.token, t.clientId]), [[token, 'install-cjs']])

    const apiKey = await client.createApiToken({ dataAppName: 'sales-dashboard', name: 'install smoke test' })
    assert.ok(typeof apiKey === 'string' && apiKey.length > 0)

    const wrong = new Databrain({ baseUrl: mock.url, apiKey: '00000000-0000-4000-8000-000000000000', maxRetries: 0 })
    await assert.rejects(wrong.createGuestToken({ clientId: 'x', dataAppName: 'sales-dashboard' }), (err) => {
      assert.ok(err instanceof AuthenticationError, String(err))
      assert.equal(err.status, 401)
      return true
    })
  } finally {
    mock.close()
  }

  // Every framework entry point ships and loads (without its framework: none is installed here).
  for (const [subpath, name] of [['express', 'guestTokenHandler'], ['next', 'guestTokenRoute'], ['fetch', 'guestTokenHandler'], ['fastify', 'guestTokenPlugin']]) {
    assert.equal(typeof require(`databrain/${subpath}`)[name], 'function', `databrain/${subpath}`)
  }

  // The addon must be the platform package's, and the main package must carry no binary.
  const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'))
  assert.equal(addon, path.join(here, `databrain-${platform}`, `databrain.${platform}.node`))
  console.log(`smoke.cjs: databrain ${expectedVersion}, addon ${path.relative(process.cwd(), addon)}: token, API key, 401 ok`)
}

main(process.argv[2], process.argv[3]).catch((err) => {
  console.error(err)
  process.exit(1)
})
