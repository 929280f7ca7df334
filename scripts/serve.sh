#!/usr/bin/env bash
# Installs what is missing, then serves EventLab locally with live reload.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
bash scripts/setup.sh
PORT="${PORT:-8080}"
echo "serve: EventLab at http://127.0.0.1:${PORT}/  (Ctrl+C to stop)"
# Served from /; Trunk.toml's public_url "./" is for hosting under any sub-path.
exec trunk serve --offline --address 127.0.0.1 --port "$PORT" --public-url /
