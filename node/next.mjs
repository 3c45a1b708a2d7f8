// ESM entry point of `databrain/next`: the CommonJS module's very objects.
import next from './next.js'

export const { guestTokenRoute } = next
export default next
