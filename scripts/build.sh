#!/usr/bin/env bash
# Builds the release site into dist/ (plain static files, host them anywhere).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
trunk build --release --offline
