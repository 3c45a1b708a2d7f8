// Stands in for the app's `@/auth` (Auth.js) in the Next.js blocks: a signed-in user's session.
export async function auth(): Promise<{ user: { tenantId: string } } | null> {
  return { user: { tenantId: 'tenant-1' } }
}
