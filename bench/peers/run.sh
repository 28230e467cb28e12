#!/usr/bin/env bash
# Side-by-side benchmark of parley and its peers (XState v5, inkjs) on one tree, with the ratios.
# Run by hand, not in CI. Arguments go to bench.mjs: --json, --quick, --runs N, --target-ms MS,
# --parley BINARY. Builds parley's side (build-bench/, the bench preset) when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
if [[ " $* " != *" --parley "* && ! -x ../../build-bench/bench/parley_bench_peer_tree ]]; then
  (cd ../.. && cmake --preset bench >&2 && cmake --build --preset bench --target parley_bench_peer_tree >&2)
fi
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
else
  npm install --no-audit --no-fund --loglevel=error >&2
fi
exec node bench.mjs "$@"
