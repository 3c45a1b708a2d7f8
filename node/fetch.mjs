// ESM entry point of `databrain/fetch`: the CommonJS module's very objects.
import fetch from './fetch.js'

export const { guestTokenHandler } = fetch
export default fetch
