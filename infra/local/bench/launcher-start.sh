#!/usr/bin/env bash
# Measures seconds from `java` exec to the OPENSEARCH_READY line, for the compiled launcher vs single-file source mode.
# Usage: bash infra/local/bench/launcher-start.sh [runs]   (needs `newsflow infra up` to have filled the jar cache once,
# and ports HTTP_PORT/TRANSPORT_PORT, default 19200/19300, free)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NEWSFLOW_INFRA_CACHE:-$HOME/.cache/newsflow/infra}"
ver="$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$here/opensearch/pom.xml")"
libs="$cache/opensearch-$ver/libs"
classes="$cache/opensearch-$ver/classes"
runs="${1:-3}"
once() { # $1 label, rest: java args after the memory/tmpdir flags; prints ms to OPENSEARCH_READY
  local label="$1"; shift
  local home; home="$(mktemp -d)"
  local t0; t0=$(date +%s%N)
  java -Xms1g -Xmx1g -Djava.io.tmpdir="$home" "$@" "$home/node" "${HTTP_PORT:-19200}" "${TRANSPORT_PORT:-19300}" \
    "$here/opensearch/log4j2.properties" >"$home/out.log" 2>&1 &
  local pid=$!
  until grep -q OPENSEARCH_READY "$home/out.log"; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: died"; tail "$home/out.log"; exit 1; }
    sleep 0.05
  done
  local t1; t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  echo $(( (t1 - t0) / 1000000 ))
}
# alternate the two modes so that load from other processes hits both alike
compiled=(); source=()
for i in $(seq 1 "$runs"); do
  compiled+=("$(once compiled -cp "$libs/*:$classes" OsLauncher)")
  source+=("$(once source-mode -cp "$libs/*" "$here/opensearch/OsLauncher.java")")
  echo "run $i: compiled ${compiled[-1]} ms, source mode ${source[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median to OPENSEARCH_READY: compiled $(median "${compiled[@]}") ms, source mode $(median "${source[@]}") ms (load: $(cut -d' ' -f1-3 /proc/loadavg))"
