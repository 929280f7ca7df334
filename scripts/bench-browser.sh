#!/usr/bin/env bash
# Browser benchmark on the built release site: first render, frame times with ~1,000
# messages in flight at 100×, sim events per second. Prints figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null 2>&1 || bash scripts/build.sh
node tests/bench/browser-bench.mjs
