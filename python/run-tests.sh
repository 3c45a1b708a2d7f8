#!/usr/bin/env bash
# Builds the extension into the active venv (debug, incremental; shares ../target with cargo)
# and runs the Python checks: mypy over the package, tests and examples, then the pytest suite
# against the bundled mock. Expects an activated venv with python/requirements-test.txt.
# Extra arguments go to pytest (e.g. `-k fork -x`). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

if [[ -z "${VIRTUAL_ENV:-}" ]]; then
  echo "run-tests.sh: activate a virtualenv first (maturin develop installs into it)" >&2
  exit 2
fi

echo "== maturin develop (debug)"
# pip's "Ignoring <extra>: markers ..." lines are noise; keep maturin's own exit status.
maturin develop -q 2>&1 | { grep -v '^Ignoring .*: markers' || true; }
status=${PIPESTATUS[0]}
if [[ $status -ne 0 ]]; then exit "$status"; fi

echo "== mypy"
python -m mypy

echo "== pytest"
python -m pytest -q -p no:cacheprovider tests "$@"
