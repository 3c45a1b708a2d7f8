#!/bin/sh
# For .github/workflows/release.yml, on any OS or container with python3 >= 3.9 (POSIX sh:
# Alpine and the Lambda images have no bash): installs the one wheel in DIR into a fresh
# venv from the file alone and runs smoke.py against the bundled mock.
# Usage: sh tests/install/ci-wheel.sh DIR
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "$1" && pwd)
version=$(sed -n 's/^version = "\(.*\)".*/\1/p' "$repo/Cargo.toml" | head -n 1)
python=${PYTHON:-python3}
venv=$(mktemp -d)/venv
"$python" -m venv "$venv"
bin="$venv/bin"
[ -d "$venv/Scripts" ] && bin="$venv/Scripts" # Windows
"$bin/python" -m pip install --quiet --no-index "$dir"/*.whl
cd "$(dirname "$venv")" && "$bin/python" "$repo/tests/install/smoke.py" "$version"
