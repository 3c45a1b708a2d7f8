# Sourced by the tests/install/*.sh scripts: paths, the version under test, and a PATH
# without Rust, so an install that would silently compile from source fails instead.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/install"
dist="${DIST_DIR:-$root/dist}"
version="$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["workspace"]["package"]["version"])' "$root/Cargo.toml")"
# The interpreter itself, not a shim, so a venv made from it needs nothing else on PATH.
python_bin="$(python3 -c 'import sys; print(sys.executable)')"

no_rust_path() {
  local dir out=""
  local -a dirs
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    [[ -z "$dir" || -x "$dir/cargo" || -x "$dir/rustc" || -x "$dir/rustup" ]] && continue
    out="${out:+$out:}$dir"
  done
  printf '%s\n' "$out"
}
NO_RUST_PATH="$(no_rust_path)"
if PATH="$NO_RUST_PATH" command -v cargo >/dev/null || PATH="$NO_RUST_PATH" command -v rustc >/dev/null; then
  echo "tests/install: could not make a PATH without cargo and rustc" >&2
  exit 1
fi

# Runs a command the way a user without Rust would: no cargo/rustc, no CARGO_* hints.
without_rust() {
  env -u CARGO_HOME -u RUSTUP_HOME -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR PATH="$NO_RUST_PATH" "$@"
}

need() {
  if [[ ! -e "$1" ]]; then
    echo "tests/install: $1 is missing; run scripts/dist first" >&2
    exit 1
  fi
}
