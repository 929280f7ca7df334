#!/usr/bin/env bash
# Browser benchmark on the built release site: first render, frame times with ~1,000
# messages in flight at 100×, sim events per second, and the command line's lab 004
# benchmark run in the page (BENCH_ORDERS, default 100,000). Prints figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null 2>&1 || bash scripts/build.sh
# The engine as the site ships it: the size-optimised profile, then wasm-opt with the
# parameters index.html gives Trunk for the site (about 10% faster than without).
cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p sim_wasm_check
params="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)"
[ -n "$params" ] || { echo "bench-browser: no data-wasm-opt-params in index.html" >&2; exit 1; }
mkdir -p target/bench
# shellcheck disable=SC2086 # the parameters are a list of flags
wasm-opt --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals $params \
  target/wasm32-unknown-unknown/wasm-release/sim_wasm_check.wasm -o target/bench/sim_wasm_check.wasm
orders="${BENCH_ORDERS:-100000}"
figures="$(BENCH_ORDERS="$orders" node tests/bench/browser-bench.mjs)"
echo "$figures"
wasm_s="$(echo "$figures" | sed -n 's/^lab 004, .* in the page (wasm): \([0-9.]*\) s.*/\1/p')"
# The same run natively, right after, for the ratio the issue asks about.
cargo build --quiet --release -p sim_cli
native_s="$(target/release/sim_cli bench --orders "$orders" | sed -n 's/^  cpu time *\([0-9.]*\) s.*/\1/p' | head -1)"
awk -v w="$wasm_s" -v n="$native_s" -v o="$orders" 'BEGIN {
  printf "lab 004, %d orders natively (sim_cli bench, cpu time): %.3f s; in the page: %.2f× native\n", o, n, w / n }'
