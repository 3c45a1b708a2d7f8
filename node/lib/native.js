'use strict'
// The native addon as the package calls it: loaded on first use (lib/addon.js), with the
// package's error factory installed first, so every error the addon throws or rejects with
// is already one of lib/errors.js's classes. The factory is installed per environment: each
// Worker loads this module, and so installs it, for its own.

const { loadAddon, platformKey } = require('./addon')
const { fromRecord } = require('./errors')

let binding = null

function loadNative() {
  if (binding === null) {
    const addon = loadAddon()
    addon.setErrorFactory(fromRecord)
    binding = addon
  }
  return binding
}

module.exports = { loadNative, platformKey }
