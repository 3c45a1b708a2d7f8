'use strict'
// Loads the native addon on first use, not at `require('databrain')`: dlopen of the addon
// costs milliseconds (tens for a debug build), and importing the package (for its types,
// error classes, or in a bundler's analysis step) should not pay for it.
//
// Where the addon comes from, in order:
//   1. `databrain.<platform>.node` next to package.json: a build from source
//      (`npm run build` / `npm run build:debug` in a checkout; the test suite uses this).
//   2. The platform package `databrain-<platform>`, which npm installs from the main
//      package's optionalDependencies, picking the one whose os/cpu/libc match.
// Every require below is a string literal on purpose: Next.js/Vercel output tracing (nft),
// esbuild and webpack only follow literal requires, so a computed name would leave the
// platform package out of a serverless bundle.
//
// Two files load it from here: lib/native.js, which installs the package's error factory
// before handing the addon to anything that calls it, and lib/errors.js, which reads the
// default codes for errors built by hand (a require of lib/native.js there would be a circle).

const LOADERS = {
  'linux-x64-gnu': {
    local: () => require('../databrain.linux-x64-gnu.node'),
    pkg: () => require('databrain-linux-x64-gnu'),
    pkgVersion: () => require('databrain-linux-x64-gnu/package.json').version,
  },
  'linux-arm64-gnu': {
    local: () => require('../databrain.linux-arm64-gnu.node'),
    pkg: () => require('databrain-linux-arm64-gnu'),
    pkgVersion: () => require('databrain-linux-arm64-gnu/package.json').version,
  },
  'linux-x64-musl': {
    local: () => require('../databrain.linux-x64-musl.node'),
    pkg: () => require('databrain-linux-x64-musl'),
    pkgVersion: () => require('databrain-linux-x64-musl/package.json').version,
  },
  'linux-arm64-musl': {
    local: () => require('../databrain.linux-arm64-musl.node'),
    pkg: () => require('databrain-linux-arm64-musl'),
    pkgVersion: () => require('databrain-linux-arm64-musl/package.json').version,
  },
  'darwin-x64': {
    local: () => require('../databrain.darwin-x64.node'),
    pkg: () => require('databrain-darwin-x64'),
    pkgVersion: () => require('databrain-darwin-x64/package.json').version,
  },
  'darwin-arm64': {
    local: () => require('../databrain.darwin-arm64.node'),
    pkg: () => require('databrain-darwin-arm64'),
    pkgVersion: () => require('databrain-darwin-arm64/package.json').version,
  },
  'win32-x64-msvc': {
    local: () => require('../databrain.win32-x64-msvc.node'),
    pkg: () => require('databrain-win32-x64-msvc'),
    pkgVersion: () => require('databrain-win32-x64-msvc/package.json').version,
  },
}

const FROM_SOURCE =
  'To build from source (needs Rust >= 1.88): clone https://github.com/databrain/databrain-sdk, ' +
  'run `npm install && npm run build` in its node/ directory, then install that directory ' +
  '(`npm install /path/to/databrain-sdk/node`).'

const BUNDLER =
  "In a bundler (Next.js, webpack, esbuild), keep 'databrain' external " +
  "(Next.js: serverExternalPackages: ['databrain']) and run it in the Node.js runtime, not the Edge."

let binding = null

/** The addon as it loads; the package reaches it through `loadNative` (lib/native.js). */
function loadAddon() {
  if (binding === null) {
    binding = load(platformKey())
  }
  return binding
}

function load(key) {
  const loaders = LOADERS[key]
  if (loaders === undefined) {
    throw new Error(
      `databrain: no prebuilt native addon for ${key} (supported: ${Object.keys(LOADERS).join(', ')}). ` +
        FROM_SOURCE,
    )
  }
  const local = attempt(loaders.local)
  if (local.binding) return local.binding
  const pkg = attempt(loaders.pkg)
  if (pkg.binding) {
    // A platform package from another release would expose a different native API.
    const { version } = require('../package.json')
    const pkgVersion = loaders.pkgVersion()
    if (pkgVersion !== version) {
      throw new Error(
        `databrain: databrain-${key}@${pkgVersion} is installed, but databrain@${version} needs ` +
          `databrain-${key}@${version}. Reinstall databrain so npm installs the matching version.`,
      )
    }
    return pkg.binding
  }
  const missing = pkg.notFound && local.notFound
  // Report the file that exists but failed to load, if any; else the package lookup.
  const failure = [local, pkg].find((a) => !a.notFound)?.error ?? pkg.error
  const detail = missing
    ? `The platform package databrain-${key} is not installed. npm installs it from ` +
      "databrain's optionalDependencies unless optional dependencies are omitted " +
      '(--omit=optional, --no-optional) or the lockfile was made on another OS or CPU ' +
      `(then delete node_modules and package-lock.json and run npm install). For a Docker image ` +
      `or Lambda bundle built elsewhere, install for the target: ${crossInstallHint(key)}. `
    : `The addon for ${key} was found but could not be loaded. `
  throw new Error(`databrain: could not load the native addon for ${key}. ${detail}${BUNDLER} ${FROM_SOURCE}\n${failure?.message ?? failure}`, {
    cause: failure,
  })
}

// Runs one loader; tells "no such file/package" apart from a file that exists but fails to
// dlopen (wrong glibc, wrong architecture), whose message is what the user needs to see.
function attempt(loader) {
  try {
    return { binding: loader() }
  } catch (error) {
    return { error, notFound: error?.code === 'MODULE_NOT_FOUND' }
  }
}

function crossInstallHint(key) {
  const [os, cpu, abi] = key.split('-')
  const libc = abi === 'musl' ? ' --libc=musl' : abi === 'gnu' ? ' --libc=glibc' : ''
  return `npm install --os=${os} --cpu=${cpu}${libc}`
}

function platformKey() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

// glibc's ldd names itself; Alpine's is a musl script. When ldd is absent (distroless,
// Lambda), the process report says which glibc, if any, this Node runs on.
function isMusl() {
  try {
    const ldd = require('node:fs').readFileSync('/usr/bin/ldd', 'latin1')
    if (ldd.includes('musl')) return true
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return false
  } catch {
    // fall through to the report
  }
  if (typeof process.report?.getReport !== 'function') return false
  // Listing network interfaces is the slow part of a report, and not needed here.
  const excludeNetwork = process.report.excludeNetwork
  process.report.excludeNetwork = true
  try {
    return !process.report.getReport().header?.glibcVersionRuntime
  } finally {
    process.report.excludeNetwork = excludeNetwork
  }
}

module.exports = { loadAddon, platformKey }
