#!/usr/bin/env bash
# The wheel from dist/python into a fresh venv, with no Rust on PATH and no package index
# (so pip cannot fall back to building the sdist), then sync + async calls over HTTP.
set -euo pipefail
source "$(dirname "$0")/common.sh"

wheel="$(echo "$dist"/python/databrain-"$version"-cp39-abi3-*manylinux*_x86_64.whl)"
need "$wheel"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

without_rust "$python_bin" -m venv "$work/venv"
without_rust "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
(cd "$work" && without_rust "$work/venv/bin/python" "$here/smoke.py" "$version")
# The mock without a checkout: the console script and `python -m databrain.testing`.
without_rust "$work/venv/bin/python" "$here/mock_entry_point.py" "$work/venv/bin/databrain-mock"
without_rust "$work/venv/bin/python" "$here/mock_entry_point.py" "$work/venv/bin/python" -m databrain.testing
