#!/bin/sh
# For .github/workflows/release.yml, on any OS or container with Node >= 20 (POSIX sh):
# installs the main and PLATFORM tarballs from DIR into a fresh project, offline, and runs
# smoke.cjs and smoke.mjs against the bundled mock.
# Usage: sh tests/install/ci-npm.sh DIR PLATFORM
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "$1" && pwd)
platform=$2
version=$(sed -n 's/^version = "\(.*\)".*/\1/p' "$repo/Cargo.toml" | head -n 1)
app=$(mktemp -d)
cd "$app"
printf '{ "name": "install-test", "version": "1.0.0", "private": true }\n' >package.json
npm install --offline --no-audit --no-fund --loglevel=error \
  "$dir/databrain-$version.tgz" "$dir/databrain-$platform-$version.tgz"
cp "$repo/tests/install/smoke.cjs" "$repo/tests/install/smoke.mjs" .
node smoke.cjs "$version" "$platform"
node smoke.mjs
