'use strict'
// The SDK's log records in Node. The core logs through Rust's `log` facade, which is one per
// process, so the logger is too: `setLogger(logger)` (or the `logger` client option, which
// calls it) sends every client's records to that object, the last one set winning; `null`
// goes back to `DATABRAIN_LOG` (records to stderr) or silence. The level, the one-line text
// and which console method a record goes to are the core's (bindings/node/src/logs.rs).

const { loadNative } = require('./native')
const { ConfigurationError } = require('./errors')

const METHODS = ['debug', 'info', 'warn', 'error']

function setLogger(logger) {
  if (logger == null) {
    loadNative().setLogSink(null)
    return
  }
  if ((typeof logger !== 'object' && typeof logger !== 'function') || !METHODS.some((m) => typeof logger[m] === 'function')) {
    throw new ConfigurationError('logger: expected a console-like object with debug, info, warn and error methods')
  }
  // Runs on the JS thread, from the addon's thread-safe function. A logger that throws or
  // lacks a method loses that record, never the call that made it.
  const sink = (method, line) => {
    try {
      const write = typeof logger[method] === 'function' ? logger[method] : logger.log
      if (typeof write === 'function') write.call(logger, line)
    } catch {
      // A broken logger must not become an uncaught exception.
    }
  }
  loadNative().setLogSink(sink)
}

module.exports = { setLogger }
