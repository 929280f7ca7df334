#!/usr/bin/env bash
# Installs what is missing, then runs every test tier:
#   1. formatting and lints   2. native tests (cargo test --workspace)
#   3. the release site, built, then driven in headless Chromium
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "native tests: cargo test --workspace"
cargo test --workspace

step "build the release site (dist/)"
bash scripts/build.sh

step "browser tests: headless Chromium on the built site"
node --test --test-reporter=spec tests/browser/

step "all test tiers passed"
