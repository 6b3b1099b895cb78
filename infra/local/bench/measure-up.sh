#!/usr/bin/env bash
# Measures `newsflow infra up` with a cold jar cache (fresh NEWSFLOW_INFRA_CACHE; mvn copies from ~/.m2, or downloads
# everything when MAVEN_OPTS=-Dmaven.repo.local=<empty dir> is given) and warm (cache complete, data kept), and the RSS
# of each JVM after start and after the integration tests. Runs its own stack on other ports in a temporary run
# folder (its own redis-server too), so a stack already running on the default ports is not touched; stops it at the end.
# Usage: bash infra/local/bench/measure-up.sh        (from the repo root, after `npx tsc -b libs/cli`)
set -euo pipefail
cd "$(dirname "$0")/../../.."
export NEWSFLOW_RUN_DIR="$(mktemp -d /tmp/newsflow-measure-run.XXXXXX)"
export KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 OPENSEARCH_PORT=19200 OPENSEARCH_TRANSPORT_PORT=19300 REDIS_PORT=16379
trap 'node libs/cli/bin/newsflow.js infra down >/dev/null; rm -rf "$NEWSFLOW_RUN_DIR"' EXIT
cli() { node libs/cli/bin/newsflow.js "$@"; }
secs() { python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.1f}')" "$1" "$2"; }
rss() { cli infra status --json | python3 -c "import json,sys; print(', '.join(f\"{s['name']} {s.get('rssMiB','-')} MiB\" for s in json.load(sys.stdin) if s['name'] != 'redis'))"; }

cold_cache="$(mktemp -d /tmp/newsflow-cold-cache.XXXXXX)"
cli infra down >/dev/null
t0=$(date +%s%N); NEWSFLOW_INFRA_CACHE="$cold_cache" cli infra up >/tmp/measure-up-cold.log; t1=$(date +%s%N)
echo "cold up (empty jar cache $cold_cache, maven repo ${MAVEN_OPTS:-~/.m2}, empty run folder): $(secs "$t0" "$t1") s"
grep -E 'jars cached|compiling' /tmp/measure-up-cold.log || true
NEWSFLOW_INFRA_CACHE="$cold_cache" cli infra down >/dev/null
rm -rf "$cold_cache"

cli infra up >/dev/null # make sure the default cache is complete
cli infra down >/dev/null
t0=$(date +%s%N); cli infra up >/tmp/measure-up-warm.log; t1=$(date +%s%N)
echo "warm up (complete jar cache, servers stopped): $(secs "$t0" "$t1") s"
t0=$(date +%s%N); cli infra up >/dev/null; t1=$(date +%s%N)
echo "up again (servers already running): $(secs "$t0" "$t1") s"
echo "RSS right after start: $(rss)"
sleep 20
echo "RSS 20 s after start (idle): $(rss)"
npx vitest run --config vitest.integration.config.mts >/tmp/measure-up-int.log 2>&1 || echo "(integration tests failed: see /tmp/measure-up-int.log)"
echo "RSS after the integration tier: $(rss)"
