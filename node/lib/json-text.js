'use strict'
// `jsonText(request)`: the request as JSON text when it is plain data, else undefined.
//
// The addon reads a request either from this text (V8's JSON.stringify writes it in one
// native pass) or by walking the JS value (several napi calls per value, ~4x slower for a
// large request). Both must read the same JSON, so the text is offered only where
// JSON.stringify loses nothing: plain objects and arrays, strings, booleans, null, undefined
// (absent, as the walk treats it), safe integers and finite non-integers. Anything else — a
// Date, a Map, NaN, a function, a BigInt, an integer beyond 2^53, a class instance, a cycle —
// takes the walk, which reports it as the core says. (A getter is read twice on this
// route: once here, once by JSON.stringify.) The bounds below only decide when to
// stop looking; the limits themselves are the core's and apply to both routes.

const GIVE_UP_DEPTH = 64
const GIVE_UP_VALUES = 10_000

function jsonText(request) {
  let budget = GIVE_UP_VALUES
  const plain = (v, depth) => {
    if (--budget < 0) return false
    switch (typeof v) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return true
      case 'number':
        return Number.isSafeInteger(v) || (Number.isFinite(v) && !Number.isInteger(v))
      case 'object': {
        if (v === null) return true
        if (depth >= GIVE_UP_DEPTH) return false
        const proto = Object.getPrototypeOf(v)
        if (Array.isArray(v)) {
          if (proto !== Array.prototype) return false
          for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false
          return true
        }
        if (proto !== Object.prototype && proto !== null) return false
        for (const key of Object.keys(v)) if (!plain(v[key], depth + 1)) return false
        return true
      }
      default:
        return false
    }
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) return undefined
  try {
    return plain(request, 0) ? JSON.stringify(request) : undefined
  } catch {
    // A getter or a proxy trap threw: the walk meets it too and reports it as unreadable.
    return undefined
  }
}

module.exports = { jsonText }
