// Typed usage of databrain/express and databrain/next (checked by `npm run typecheck`).
import { createServer, type IncomingMessage } from 'node:http'
import { Databrain, GuestTokenCache } from 'databrain'
import { guestTokenHandler } from 'databrain/express'
import { guestTokenRoute } from 'databrain/next'

const client = new Databrain({ apiKey: 'k' })
const cache = new GuestTokenCache(client)

interface SessionRequest extends IncomingMessage {
  user?: { id: string }
}

const handler = guestTokenHandler({
  cache,
  resolve: (req: SessionRequest) => (req.user ? { clientId: req.user.id, dataAppName: 'app', expiryTime: 600_000 } : null),
  logger: { warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) },
})
createServer((req, res) => void handler(req, res))

// Without a type argument `req` is a SessionRequest: what Passport-style middleware puts on it
// (`req.user`) type-checks, as in the README's Express snippet.
const passportStyle = guestTokenHandler({
  cache,
  resolve: (req) => req.user && { clientId: req.user.tenantId, dataAppName: 'app', expiryTime: 600_000 },
})
createServer((req, res) => void passportStyle(req, res))

const POST: (request: Request) => Promise<Response> = guestTokenRoute({
  client,
  resolve: async (request) => ({ clientId: request.headers.get('x-user-id') ?? 'anonymous', dataAppName: 'app' }),
})
void POST

// @ts-expect-error resolve is required
guestTokenRoute({ client })
// @ts-expect-error a cache or a client, not both
guestTokenHandler({ client, cache, resolve: () => null })
// @ts-expect-error resolve must return a guest-token request
guestTokenRoute({ client, resolve: () => ({ clientId: 1 }) })
