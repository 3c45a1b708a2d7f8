#!/usr/bin/env bash
# Installs the release artifacts in dist/ the way users do and uses them, each in a fresh
# environment: the wheel, the sdist, both npm tarballs, and a Next.js app. Run by
# scripts/test after scripts/dist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

for step in wheel sdist npm nextjs; do
  printf -- '-- install test: %s\n' "$step"
  started=$SECONDS
  bash "$here/$step.sh"
  printf -- '-- %s: ok (%d s)\n' "$step" $((SECONDS - started))
done
