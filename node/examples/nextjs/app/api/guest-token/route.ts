// Next.js App Router route handler: POST /api/guest-token → {token, expiresAt, refreshAt}
// for the signed-in user (what databrain/browser's attachGuestToken fetches).
//
// next.config.mjs must keep the native addon out of the bundler (see node/README.md):
//   export default { serverExternalPackages: ['databrain'] }
// Configuration comes from DATABRAIN_API_KEY (and DATABRAIN_BASE_URL for self-hosted).
import { Databrain, GuestTokenCache } from 'databrain'
import { guestTokenRoute } from 'databrain/next'

// A native addon runs only in the Node.js runtime, never on the Edge.
export const runtime = 'nodejs'
// A token per signed-in user: never cache this route (the reply also says `no-store`).
export const dynamic = 'force-dynamic'

const DATA_APP = process.env.DATABRAIN_DATA_APP ?? 'sales-dashboard'

// Module scope lives as long as the server process: one client (connection pool) and one
// cache, so reloads and several dashboards on a page reuse a user's token until its refresh.
const cache = new GuestTokenCache(new Databrain())

// Stand-in for your authentication (next-auth's `auth()`, Clerk's `currentUser()`, ...): the
// user and every filter value come from the session, never from the request body.
async function currentUser(request: Request): Promise<{ id: string; country: string } | null> {
  const id = request.headers.get('x-user-id')
  return id ? { id, country: request.headers.get('x-user-country') ?? 'USA' } : null
}

export const POST = guestTokenRoute({
  cache,
  resolve: async (request) => {
    const user = await currentUser(request)
    if (user === null) return null // → 401
    return {
      clientId: user.id,
      dataAppName: DATA_APP,
      params: { dashboardAppFilters: [{ dashboardId: 'sales', values: { country: user.country } }] },
      permissions: { isShowSideBar: false },
      expiryTime: 60 * 60 * 1000,
    }
  },
})
