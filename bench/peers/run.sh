#!/usr/bin/env bash
# Side-by-side benchmark of parley's peers (XState v5, inkjs). Run by hand,
# not in CI. Arguments go to bench.mjs: --json, --quick, --runs N, --target-ms MS.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
else
  npm install --no-audit --no-fund --loglevel=error >&2
fi
exec node bench.mjs "$@"
