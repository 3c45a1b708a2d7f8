#!/usr/bin/env bash
# Runs every code block of README.md, python/README.md and node/README.md as a user pastes it,
# against the bundled mock (conventions: tests/snippets/README.md). Expects what scripts/test
# has done before it: the venv at .venv with the extension built (python/run-tests.sh) and the
# Node addon built with node/node_modules installed (node/run-tests.sh). Exits non-zero, naming
# the README file and line, if any block fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

echo "== every README block is tagged with a language the harness knows"
python3 tests/snippets/blocks.py --check

echo "== Rust blocks: compiled and run (cargo test -p readme-snippets)"
cargo test --quiet -p readme-snippets --test readme

echo "== Python blocks: run as scripts, framework ones in their framework; mypy over all"
# shellcheck disable=SC1091
if [[ -z "${VIRTUAL_ENV:-}" ]]; then . "$root/.venv/bin/activate"; fi
python -m pytest -q -p no:cacheprovider --rootdir tests/snippets tests/snippets

echo "== Node blocks: run in a fresh CommonJS project; tsc --strict over all"
PYTHON=python node tests/snippets/run-node.mjs
