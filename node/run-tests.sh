#!/usr/bin/env bash
# Node package checks, for the repository's test script: install dev tools, build the addon
# (debug), type-check the hand-written .d.ts files, run the node --test suite. Exits non-zero
# on the first failure.
set -euo pipefail
cd "$(dirname "$0")"

# `napi build` always passes `--target <host triple>`, so its output lands in
# ../target/<triple>/debug. Exporting the same triple lets any cargo step run with this
# environment (e.g. `cargo test --workspace` earlier in the same script) share that
# directory instead of compiling everything twice.
if [[ -z "${CARGO_BUILD_TARGET:-}" ]]; then
  CARGO_BUILD_TARGET="$(rustc -vV | sed -n 's/^host: //p')"
  export CARGO_BUILD_TARGET
fi

# `npm ci` fails against this registry mirror (other platforms' optional packages are missing
# from the lock); `npm install` with the lock present is reproducible and leaves it unchanged.
npm install --no-audit --no-fund --loglevel=error
npm run --silent build:debug
npm run --silent typecheck
node --test --test-reporter=spec test/
