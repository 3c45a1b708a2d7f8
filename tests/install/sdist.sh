#!/usr/bin/env bash
# The sdist from dist/python into a fresh venv, built by pip as a user with Rust would
# (maturin from PyPI in an isolated build env). Then the same calls, with Rust off PATH.
#
# Debug profile, and the repository's target directory: a release build of the extension
# from scratch costs minutes, and what this proves (the sdist has every file the build
# needs) does not depend on the profile. Dependencies compiled by the test suite's debug
# builds are reused; only the workspace crates, at their new path, are rebuilt.
# --no-cache-dir: pip would otherwise reuse the wheel it built from the same sdist last time.
set -euo pipefail
source "$(dirname "$0")/common.sh"

sdist="$dist/python/databrain-$version.tar.gz"
need "$sdist"
# The workspace's cargo settings travel with it (aws-lc seeded from the OS, .cargo/config.toml),
# so a build from the sdist starts as fast as the wheel.
# (The listing is read whole first: `tar | grep -q` fails under pipefail when grep stops early.)
listing="$(tar tzf "$sdist")"
if ! grep -qx "databrain-$version/.cargo/config.toml" <<<"$listing"; then
  echo "sdist.sh: $sdist lacks .cargo/config.toml" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python_bin" -m venv "$work/venv"
CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}" \
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" \
MATURIN_PEP517_ARGS="--profile dev" \
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir --no-binary databrain "$sdist"
(cd "$work" && without_rust "$work/venv/bin/python" "$here/smoke.py" "$version")
