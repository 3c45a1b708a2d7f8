// ESM entry point of `databrain/express`: the CommonJS module's very objects.
import express from './express.js'

export const { guestTokenHandler } = express
export default express
