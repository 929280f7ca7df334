#!/usr/bin/env bash
# Browser benchmark on the built release site: first render, frame times with ~1,000
# messages in flight at 100×, sim events per second, and the command line's lab 004
# benchmark run in the page (BENCH_ORDERS, default 100,000). Prints figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null 2>&1 || bash scripts/build.sh
# The engine as the site ships it: the size-optimised profile.
cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p sim_wasm_check
node tests/bench/browser-bench.mjs
