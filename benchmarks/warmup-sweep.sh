#!/usr/bin/env bash
# How many warm-up requests the RaktaKosh example needs: for each count, a fresh JVM warms up
# (0 = no warm-up: the load begins as soon as the port answers), then 10x more concurrent slow
# requests than the bulkhead admits for 30 s, with a wrk prober on /health, as in section 2 of
# stack-wrk.sh. Prints the time from port open to readiness and the prober's p99. Loopback only.
#
#   [JAVA_OPTS=...] [APP=jar] benchmarks/warmup-sweep.sh [count ...]   (default: 0 2000 5000 10000; ~1 min each)
#
# Needs wrk and the built example jar (mvn -B -q install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
APP="${APP:-$PWD/examples/raktakosh-backend/target/raktakosh-backend-0.1.0-SNAPSHOT.jar}"
PORT="${PORT:-18201}"
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[[ -f "$APP" ]] || mvn -B -q -ntp install -DskipTests

WORK="$(mktemp -d)" # the example's ./data and ./backups
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
millis() { echo $(($(date +%s%N) / 1000000)); }

for n in "${@:-0 2000 5000 10000}"; do
  for count in $n; do
    if [[ "$count" == 0 ]]; then warm=(--stability.warmup.enabled=false); else warm=(--stability.warmup.requests="$count"); fi
    rm -rf "${WORK:?}"/* && mkdir -p "$WORK/app"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
    (cd "$WORK/app" && exec java -Xms256m -Xmx256m ${JAVA_OPTS:-} -jar "$APP" --server.port="$PORT" \
      --logging.level.root=WARN --stability.rate-limit.enabled=false \
      --stability.concurrency-limit.max-concurrent=20 --server.tomcat.threads.max=250 "${warm[@]}" \
      >"$WORK/app.log" 2>&1) &
    PID=$!
    until curl -fs "$BASE/demo/slow?ms=0" >/dev/null 2>&1; do sleep 0.1; done
    open=$(millis)
    until curl -fs "$BASE/health/ready" >/dev/null 2>&1; do sleep 0.1; done
    ready=$(($(millis) - open))
    wrk -t2 -c200 -d30s "$BASE/demo/slow?ms=100" >"$WORK/load.txt" &
    load=$!
    wrk -t1 -c2 -d30s --latency "$BASE/health" >"$WORK/probe.txt"
    wait "$load"
    echo "warm-up requests $count: ready ${ready} ms after the port opened;" \
      "/health p99 $(awk '/ 99%/ {print $2}' "$WORK/probe.txt")," \
      "$(awk '/requests in/ {print $1}' "$WORK/probe.txt") probes"
    kill -TERM "$PID"
    wait "$PID" 2>/dev/null || true
    PID=""
  done
done
