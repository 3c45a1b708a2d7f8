'use strict'
// `GuestToken`: a minted guest token with its times. The core computes the times and formats
// their JSON strings; this file only turns epoch milliseconds into Dates.

const { inspect } = require('node:util')

const date = (ms) => (ms === null || ms === undefined ? null : new Date(ms))

class GuestToken {
  #json
  #shown

  /** @internal built from the core's token record; use `mintGuestToken` or a cache. */
  constructor(record) {
    /** The token to hand to the embed. */
    this.token = record.token
    /** When the request was sent. */
    this.issuedAt = date(record.issuedAtMs)
    /** When it expires; null when it never does. */
    this.expiresAt = date(record.expiresAtMs)
    /** When it is due for a refresh; null when it never expires. */
    this.refreshAt = date(record.refreshAtMs)
    this.#json = record.json
    this.#shown = record.shown
    Object.freeze(this)
  }

  /** `{token, expiresAt, refreshAt}` with ISO-8601 UTC strings or null. */
  toJSON() {
    return { token: this.#json.token, expiresAt: this.#json.expiresAt, refreshAt: this.#json.refreshAt }
  }

  [inspect.custom](depth, options, inspectFn) {
    const shown = { token: this.#shown, expiresAt: this.#json.expiresAt, refreshAt: this.#json.refreshAt }
    return `GuestToken ${inspectFn(shown, options)}`
  }
}

module.exports = { GuestToken }
