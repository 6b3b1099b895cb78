#!/usr/bin/env bash
# Measures seconds from `java` exec to the OPENSEARCH_READY line, for the compiled launcher vs single-file source mode.
# Usage: bash infra/local/bench/launcher-start.sh [runs]   (needs `newsflow infra up` to have filled the jar cache once,
# and ports 9200/9300 free)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NEWSFLOW_INFRA_CACHE:-$HOME/.cache/newsflow/infra}"
ver="$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$here/opensearch/pom.xml")"
libs="$cache/opensearch-$ver/libs"
classes="$cache/opensearch-$ver/classes"
runs="${1:-3}"
measure() { # $1 label, rest: java args after -cp
  local label="$1"; shift
  for i in $(seq 1 "$runs"); do
    local home; home="$(mktemp -d)"
    local t0; t0=$(date +%s%N)
    java -Xms1g -Xmx1g -Djava.io.tmpdir="$home" "$@" "$home/node" 9200 9300 "$here/opensearch/log4j2.properties" >"$home/out.log" 2>&1 &
    local pid=$!
    until grep -q OPENSEARCH_READY "$home/out.log"; do
      kill -0 "$pid" 2>/dev/null || { echo "$label: died"; tail "$home/out.log"; exit 1; }
      sleep 0.05
    done
    local t1; t1=$(date +%s%N)
    echo "$label run $i: $(( (t1 - t0) / 1000000 )) ms to OPENSEARCH_READY"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$home"
  done
}
measure compiled -cp "$libs/*:$classes" OsLauncher
measure source-mode -cp "$libs/*" "$here/opensearch/OsLauncher.java"
