#!/usr/bin/env bash
# Installs what is missing, then runs every test tier:
#   1. formatting and lints   2. native tests (cargo test --workspace)
#   2b. every built-in scenario exported as a CloudFormation template, checked by cfn-lint,
#       and the exported functions' Python handlers run against AWS's events
#   3. the release site, built, then driven in headless Chromium; the core compiled to
#      wasm32 must reproduce the native golden trace hashes
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

step "CloudFormation: every built-in scenario exported, and cfn-lint on it and on tests/templates"
mkdir -p target/cloudformation
for id in $(cargo run --quiet -p sim_cli -- list | awk '{print $1}'); do
  cargo run --quiet -p sim_cli -- export "$id" --format cloudformation --output "target/cloudformation/$id.yaml"
done
target/venv/bin/cfn-lint --non-zero-exit-code error target/cloudformation/*.yaml tests/templates/*.yaml
echo "cfn-lint: no errors in $(ls target/cloudformation/*.yaml tests/templates/*.yaml | wc -l) templates"
# The exported functions' inline Python, run against AWS's events with boto3 recorded.
target/venv/bin/python tests/python/test_handlers.py

step "build the release site (dist/) and the wasm32 determinism check"
bash scripts/build.sh
cargo build --release --quiet --target wasm32-unknown-unknown -p sim_wasm_check

step "browser tier: headless Chromium on the built site, and the core in wasm32"
node --test --test-reporter=spec tests/browser/

step "all test tiers passed"
