#!/usr/bin/env bash
# scripts/check-versions passes on the repository, and fails, naming the file, on a copy
# where one package drifted from the workspace version (so the check can fail at all).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
check="$root/scripts/check-versions"

"$check" "$root"

copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
(cd "$root" && cp --parents Cargo.toml crates/*/Cargo.toml bindings/*/Cargo.toml benches/rust/Cargo.toml tests/snippets/rust/Cargo.toml \
  python/pyproject.toml node/package.json node/package-lock.json node/npm/*/package.json "$copy")

expect_failure() { # description, text the failure must contain
  local out
  if out="$("$check" "$copy" 2>&1)"; then
    echo "check-versions accepted $1" >&2
    exit 1
  fi
  if [[ "$out" != *"$2"* ]]; then
    printf 'check-versions rejected %s without naming %s:\n%s\n' "$1" "$2" "$out" >&2
    exit 1
  fi
}

sed -i 's/"version": "[^"]*"/"version": "0.0.0-drift"/' "$copy/node/npm/linux-x64-gnu/package.json"
expect_failure "a platform package at another version" "node/npm/linux-x64-gnu/package.json version"
cp "$root/node/npm/linux-x64-gnu/package.json" "$copy/node/npm/linux-x64-gnu/package.json"

sed -i '0,/^version = "[^"]*"/s//version = "9.9.9"/' "$copy/Cargo.toml"
expect_failure "a workspace version bump without the npm packages" "node/package.json version"
echo "tests/versions: check-versions accepts the repository and rejects both kinds of drift"
