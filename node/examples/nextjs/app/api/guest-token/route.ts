// Next.js App Router route handler: POST /api/guest-token → {token}.
//
// next.config.js must keep the native addon out of the bundler (see node/README.md):
//   module.exports = { serverExternalPackages: ['databrain'] }
// Configuration comes from DATABRAIN_API_KEY (and DATABRAIN_BASE_URL for self-hosted).
import { createGuestToken, DatabrainError, ValidationError } from 'databrain'

// A native addon runs only in the Node.js runtime, never on the Edge.
export const runtime = 'nodejs'
// A fresh token per request: never cache this route.
export const dynamic = 'force-dynamic'

const DATA_APP = process.env.DATABRAIN_DATA_APP ?? 'sales-dashboard'

// Stand-in for your authentication (next-auth's `auth()`, Clerk's `currentUser()`, ...): the
// client id must come from the session, never from the request body.
function currentUserId(request: Request): string | null {
  return request.headers.get('x-user-id')
}

export async function POST(request: Request): Promise<Response> {
  const userId = currentUserId(request)
  if (userId === null) {
    return Response.json({ error: 'not signed in' }, { status: 401 })
  }
  const body = (await request.json().catch(() => ({}))) as { country?: string }
  try {
    const token = await createGuestToken({
      clientId: userId,
      dataAppName: DATA_APP,
      params: { dashboardAppFilters: [{ dashboardId: 'sales', values: { country: body.country ?? 'USA' } }] },
      permissions: { isShowSideBar: false },
      expiryTime: 60 * 60 * 1000,
    })
    return Response.json({ token })
  } catch (err) {
    if (err instanceof ValidationError) {
      return Response.json({ error: err.message, errors: err.errors }, { status: 400 })
    }
    if (err instanceof DatabrainError) {
      console.error(err)
      return Response.json({ error: 'could not create a guest token', code: err.code }, { status: 502 })
    }
    throw err
  }
}
