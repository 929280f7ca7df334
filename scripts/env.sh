# Sourced by the other scripts: puts the project's tools on PATH.
# shellcheck shell=bash
EVENTLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EVENTLAB_ROOT
export PATH="$EVENTLAB_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
