'use strict'
// `GuestToken`: a minted guest token with its times. The core computes the times and formats
// their JSON strings; this file only turns epoch milliseconds into Dates.
//
// It keeps the addon's token object and reads from it on access: a cache hit returns a
// GuestToken, and most callers read `token` or call `toJSON()`, so the Dates and the ISO
// strings are made when first asked for, not per hit.

const { inspect } = require('node:util')

const date = (ms) => (ms === null || ms === undefined ? null : new Date(ms))

class GuestToken {
  #native
  #issuedAt
  #expiresAt
  #refreshAt

  /** @internal built from the addon's token; use `mintGuestToken` or a cache. */
  constructor(native) {
    /** The token to hand to the embed. */
    this.token = native.token
    this.#native = native
    Object.freeze(this)
  }

  /** When the request was sent. */
  get issuedAt() {
    return (this.#issuedAt ??= date(this.#native.issuedAtMs))
  }

  /** When it expires; null when it never does. */
  get expiresAt() {
    if (this.#expiresAt === undefined) this.#expiresAt = date(this.#native.expiresAtMs)
    return this.#expiresAt
  }

  /** When it is due for a refresh; null when it never expires. */
  get refreshAt() {
    if (this.#refreshAt === undefined) this.#refreshAt = date(this.#native.refreshAtMs)
    return this.#refreshAt
  }

  /** `{token, expiresAt, refreshAt}` with ISO-8601 UTC strings or null. */
  toJSON() {
    return this.#native.toJson()
  }

  [inspect.custom](depth, options, inspectFn) {
    const { expiresAt, refreshAt } = this.#native.toJson()
    return `GuestToken ${inspectFn({ token: this.#native.shown, expiresAt, refreshAt }, options)}`
  }
}

module.exports = { GuestToken }
