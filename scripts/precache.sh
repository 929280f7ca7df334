#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): writes the service worker into the staged site
# with the list of every built file (their hashed names) and a version derived from
# their contents, so each build caches exactly what it ships and replaces the last.
set -euo pipefail
stage="${TRUNK_STAGING_DIR:?run by Trunk as a post_build hook}"
template="${TRUNK_SOURCE_DIR:-.}/static/sw.js"
cd "$stage"
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
version=$(printf '%s\n' $files | xargs cat | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__EVENTLAB_VERSION__|$version|" -e "s|__EVENTLAB_FILES__|[$list]|" "$template" > sw.js
echo "precache: sw.js caches $(printf '%s\n' $files | wc -l) files as eventlab-$version"
