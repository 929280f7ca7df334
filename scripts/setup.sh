#!/usr/bin/env bash
# Installs what EventLab needs to build, serve and test, and nothing that is
# already there at the right version. Safe to run again and again.
#
#   wasm32 target · Trunk 0.21.14 · wasm-bindgen-cli (= Cargo.lock) ·
#   wasm-opt 132 (npm binaryen) · playwright-core and axe-core (npm) · Chromium + chromedriver (Debian)
#   · cfn-lint (PyPI, in a venv under target/) to check the exported CloudFormation templates
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"

TRUNK_VERSION="0.21.14"
CFN_LINT_VERSION="1.58.0"
WASM_OPT_VERSION="132"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31msetup: %s\033[0m\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo not found. Install the Rust toolchain with rustup (https://rustup.rs) and run this again."
command -v rustup >/dev/null || fail "rustup not found: it is needed to add the wasm32 target. Install Rust with rustup and run this again."
command -v npm >/dev/null || fail "npm not found. Install Node.js 20 or newer (with npm) and run this again."

# 1. The WebAssembly target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "could not add the wasm32 target (rustup target add wasm32-unknown-unknown)"
fi

# 2. Trunk, pinned: 0.22 needs a newer rustc than these machines have.
have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (found: ${have_trunk:-none}); this takes about 5 minutes"
  cargo install trunk --version "$TRUNK_VERSION" --locked || fail "cargo install trunk $TRUNK_VERSION failed"
fi

# 3. wasm-bindgen CLI: must be exactly the wasm-bindgen in Cargo.lock.
want_bindgen="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)"
[ -n "$want_bindgen" ] || fail "could not read the wasm-bindgen version from Cargo.lock"
have_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_bindgen" = "$want_bindgen" ]; then
  say "wasm-bindgen-cli $want_bindgen: present"
else
  say "installing wasm-bindgen-cli $want_bindgen (found: ${have_bindgen:-none}); this takes about 4 minutes"
  # Not --locked: one of its locked dependencies is not on the registry.
  cargo install wasm-bindgen-cli --version "$want_bindgen" || fail "cargo install wasm-bindgen-cli $want_bindgen failed"
fi

# 4. npm tools from package-lock.json: wasm-opt (binaryen), playwright-core, axe-core.
have_wasm_opt="$(wasm-opt --version 2>/dev/null | awk '{print $3}' || true)"
npm_deps_present() {
  node -e 'const p = require("./package.json"); for (const d of Object.keys(p.devDependencies)) require.resolve(d + "/package.json")' 2>/dev/null
}
if [ "$have_wasm_opt" = "$WASM_OPT_VERSION" ] && npm_deps_present; then
  say "npm tools (wasm-opt $WASM_OPT_VERSION, playwright-core, axe-core): present"
else
  say "installing npm tools from package-lock.json: binaryen (wasm-opt $WASM_OPT_VERSION), playwright-core, axe-core"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed"
  have_wasm_opt="$(wasm-opt --version 2>/dev/null | awk '{print $3}' || true)"
  [ "$have_wasm_opt" = "$WASM_OPT_VERSION" ] || fail "wasm-opt $WASM_OPT_VERSION expected after npm ci, found: ${have_wasm_opt:-none}"
fi

# 5. Chromium and chromedriver from Debian (never a downloaded browser build).
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium and chromedriver: present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
else
  say "installing chromium and chromedriver from Debian"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "chromium is missing and installing it needs root: run 'apt-get install chromium chromium-driver' as root"
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
    || fail "apt-get install chromium chromium-driver failed"
  [ -x /usr/bin/chromium ] || fail "chromium was installed but /usr/bin/chromium is missing"
fi

# 6. cfn-lint from PyPI, in a virtual environment under target/ (ignored by git).
CFN_LINT="target/venv/bin/cfn-lint"
have_cfn_lint="$("$CFN_LINT" --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_cfn_lint" = "$CFN_LINT_VERSION" ]; then
  say "cfn-lint $CFN_LINT_VERSION: present ($CFN_LINT)"
else
  command -v python3 >/dev/null || fail "python3 not found: it is needed for cfn-lint. Install Python 3 (apt-get install python3 python3-venv) and run this again."
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    say "installing python3-venv from Debian"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null \
      || fail "apt-get install python3-venv failed"
  fi
  say "installing cfn-lint $CFN_LINT_VERSION from PyPI into target/venv (found: ${have_cfn_lint:-none})"
  python3 -m venv target/venv || fail "python3 -m venv target/venv failed"
  target/venv/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION" \
    || fail "pip install cfn-lint==$CFN_LINT_VERSION failed"
fi

say "ready"
