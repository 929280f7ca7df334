#!/usr/bin/env bash
# Builds the release site and prints each file's raw and gzip size, and the total.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EVENTLAB_ROOT"
if [ "${1:-}" != "--no-build" ]; then
  bash scripts/setup.sh >/dev/null
  bash scripts/build.sh >/dev/null 2>&1 || { bash scripts/build.sh; exit 1; }
fi
[ -d dist ] || { echo "size-report: dist/ is missing; run scripts/build.sh" >&2; exit 1; }
printf '%-44s %12s %12s\n' "file (dist/)" "raw bytes" "gzip -9"
total_raw=0; total_gz=0
while IFS= read -r f; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %12d %12d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f | LC_ALL=C sort)
printf '%-44s %12d %12d\n' "TOTAL" "$total_raw" "$total_gz"
awk -v r="$total_raw" -v g="$total_gz" 'BEGIN { printf "total: %.1f KiB raw, %.1f KiB gzipped\n", r / 1024, g / 1024 }'
