#!/usr/bin/env bash
# Both npm tarballs into a fresh npm project, offline (nothing but the two files), with no
# Rust on PATH; then require() and import and real calls. A second project gets the main
# tarball without its optional platform package and must get the loader's clear error.
set -euo pipefail
source "$(dirname "$0")/common.sh"

main="$dist/npm/databrain-$version.tgz"
platform="$dist/npm/databrain-linux-x64-gnu-$version.tgz"
need "$main"
need "$platform"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm_install=(npm install --offline --no-audit --no-fund --loglevel=error)

mkdir "$work/app"
cd "$work/app"
printf '{ "name": "install-test", "version": "1.0.0", "private": true }\n' >package.json
without_rust "${npm_install[@]}" "$main" "$platform"
cp "$here/smoke.cjs" "$here/smoke.mjs" .
without_rust node smoke.cjs "$version"
without_rust node smoke.mjs

mkdir "$work/no-addon"
cd "$work/no-addon"
printf '{ "name": "install-test-no-addon", "version": "1.0.0", "private": true }\n' >package.json
without_rust "${npm_install[@]}" --omit=optional "$main"
if [[ -e node_modules/databrain-linux-x64-gnu ]]; then
  echo "npm.sh: --omit=optional still installed the platform package" >&2
  exit 1
fi
cp "$here/missing-addon.cjs" .
without_rust node missing-addon.cjs
