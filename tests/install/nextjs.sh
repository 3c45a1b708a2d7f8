#!/usr/bin/env bash
# A Next.js app (current major, from npm) whose route handler and config are
# node/examples/nextjs, with databrain installed from the two tarballs; `next build`, then
# check.mjs runs `next start` on loopback and POSTs to it. No Rust on PATH.
set -euo pipefail
source "$(dirname "$0")/common.sh"

main="$dist/npm/databrain-$version.tgz"
platform="$dist/npm/databrain-linux-x64-gnu-$version.tgz"
need "$main"
need "$platform"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NEXT_TELEMETRY_DISABLED=1

app="$work/app"
mkdir "$app"
cp "$here/nextjs/package.json" "$here/nextjs/check.mjs" "$app/"
cp -r "$root/node/examples/nextjs/app" "$root/node/examples/nextjs/next.config.mjs" "$app/"
cd "$app"
# Next.js and React from the registry (npm's cache makes repeat runs fast), databrain from
# the two files.
without_rust npm install --no-audit --no-fund --loglevel=error --prefer-offline "$main" "$platform"
without_rust npx --no-install next build >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
without_rust node check.mjs
