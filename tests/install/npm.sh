#!/usr/bin/env bash
# Both npm tarballs into a fresh npm project, offline (nothing but the two files), with no
# Rust on PATH; then require() and import and real calls. A second project gets the main
# tarball without its optional platform package and must get the loader's clear error; a
# third gets a platform package of another version, which the loader must refuse.
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
# The mock without a checkout: the package's bin, as `npx databrain-mock` runs it.
without_rust "$python_bin" "$here/mock_entry_point.py" npx --offline --no-install databrain-mock

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

# A platform package from another release (a stale lockfile, a hand-copied node_modules)
# must be refused by name, not loaded: its native API may differ.
mkdir "$work/stale" "$work/stale-pkg"
tar xzf "$platform" -C "$work/stale-pkg"
sed -i "s/\"version\": \"$version\"/\"version\": \"0.0.0-stale\"/" "$work/stale-pkg/package/package.json"
(cd "$work/stale-pkg/package" && npm pack --silent --pack-destination "$work/stale-pkg" >/dev/null)
cd "$work/stale"
printf '{ "name": "install-test-stale", "version": "1.0.0", "private": true }\n' >package.json
without_rust "${npm_install[@]}" --omit=optional "$main" "$work/stale-pkg/databrain-linux-x64-gnu-0.0.0-stale.tgz"
without_rust node -e "
  const { Databrain } = require('databrain')
  try { new Databrain({ apiKey: 'k' }) } catch (err) {
    if (/databrain-linux-x64-gnu@0\.0\.0-stale is installed, but databrain@$version needs/.test(err.message)) {
      console.log('stale platform package: refused by name'); process.exit(0)
    }
    console.error(err); process.exit(1)
  }
  console.error('a platform package of another version was loaded'); process.exit(1)
"
