// Keep `databrain` (a native addon) out of the server bundle: Next.js then loads it with
// Node's own require at runtime instead of trying to parse the .node file.
// Next.js 14 spells it `experimental: { serverComponentsExternalPackages: ['databrain'] }`.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['databrain'],
}

export default nextConfig
