// Typed usage of databrain/express, /next, /fetch and /fastify (checked by `npm run typecheck`).
import { createServer, type IncomingMessage } from 'node:http'
import Fastify, { type FastifyRequest } from 'fastify'
import { Databrain, GuestTokenCache } from 'databrain'
import { guestTokenHandler } from 'databrain/express'
import { guestTokenRoute } from 'databrain/next'
import { guestTokenHandler as fetchGuestTokenHandler } from 'databrain/fetch'
import { guestTokenPlugin } from 'databrain/fastify'

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

// databrain/fetch: the framework's context is typed from resolve's second parameter.
interface HonoLikeContext {
  get(key: 'user'): { tenantId: string } | undefined
}
const fetchHandler = fetchGuestTokenHandler({
  cache,
  resolve: (request: Request, c: HonoLikeContext) => {
    const user = c.get('user')
    return user ? { clientId: user.tenantId, dataAppName: 'app', expiryTime: 600_000 } : null
  },
})
const answered: Promise<Response> = fetchHandler(new Request('http://localhost/api/guest-token'), { get: () => undefined })
void answered
// Without a context, the handler takes the request alone (Bun.serve's `fetch`, Remix's action).
const plain: (request: Request) => Promise<Response> = fetchGuestTokenHandler({ client, resolve: () => null })
void plain
// @ts-expect-error the context resolve declares must be passed
void fetchHandler(new Request('http://localhost/api/guest-token'))

// databrain/fastify: a plugin for fastify.register, resolve typed with Fastify's own request.
const fastify = Fastify()
void fastify.register(guestTokenPlugin, {
  cache,
  path: '/api/guest-token',
  resolve: async (request: FastifyRequest) => {
    const id = request.headers['x-user-id']
    return typeof id === 'string' ? { clientId: id, dataAppName: 'app' } : null
  },
})
void fastify.register(guestTokenPlugin, { client, resolve: () => null, prefix: '/v2' })
// @ts-expect-error resolve is required
void fastify.register(guestTokenPlugin, { client })
// @ts-expect-error path is a string
void fastify.register(guestTokenPlugin, { client, resolve: () => null, path: 1 })
