#!/usr/bin/env bash
# Whole-stack load and fault runs against the RaktaKosh example back end, on loopback only:
#   1. overhead: every Stability filter on vs --stability.enabled=false, same endpoint (small JSON)
#   2. overload: 10x more concurrent slow requests than the bulkhead admits, for 30 s, with a
#      prober on /health; heap in use after a full GC, before and after
#   3. faults: 1 % of requests throw; requests slower than a 1 s timeout
#   4. shutdown under load: SIGTERM in the middle of a run; sent vs answered vs lost
#
#   benchmarks/stack-wrk.sh [seconds per measured run, default 15]
#
# Needs wrk (apt-get install wrk) and the built jars (mvn -B -q install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

SECS="${1:-15}"
APP="$ROOT/examples/raktakosh-backend/target/raktakosh-backend-0.1.0-SNAPSHOT.jar"
LOAD="$ROOT/benchmarks/target/benchmarks.jar"
LUA="$ROOT/benchmarks/status-count.lua"
FAULTS="$ROOT/benchmarks/faults.lua"
PORT="${PORT:-18003}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[[ -f "$APP" && -f "$LOAD" ]] || mvn -B -q -ntp install -DskipTests

WORK="$(mktemp -d)" # the example's ./data and ./backups
APP_PID=""
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_app() {
  (cd "$WORK" && exec java -Xms256m -Xmx256m -jar "$APP" --server.port="$PORT" \
    --logging.level.root=WARN --logging.level.org.raktakosh.stability.shutdown=INFO "$@" \
    >"$WORK/app.log" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 300); do
    # Not /health: with --stability.enabled=false there is none.
    if curl -fs "$BASE/demo/slow?ms=0" >/dev/null 2>&1; then return; fi
    sleep 0.2
  done
  cat "$WORK/app.log" >&2
  echo "the example did not start" >&2
  exit 1
}

stop_app() {
  kill -TERM "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

heap_after_gc() { # MiB in use after a full GC
  jcmd "$APP_PID" GC.run >/dev/null
  jcmd "$APP_PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K,?", "", v); printf "%.1f MiB", v / 1024; exit } }'
}

summary() { # file -> "req/s p50 p99 statuses errors"
  local f="$1"
  printf '%s | p50 %s | p99 %s | %s %s' \
    "$(awk '/^Requests\/sec/ { print $2 " req/s" }' "$f")" \
    "$(awk '$1 == "50%" { print $2 }' "$f")" \
    "$(awk '$1 == "99%" { print $2 }' "$f")" \
    "$(grep -h '^STATUS\|^FAULTS' "$f" || true)" \
    "$(grep -h 'Socket errors' "$f" | tr -s ' ' || echo 'no socket errors')"
}

echo "# stack-wrk.sh: wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), $(nproc) cores, $(java -version 2>&1 | head -1), ${SECS}s runs"

echo "## 1. overhead: GET /demo/slow?ms=0 ({\"sleptMs\":0}), wrk -t2 -c50, on/off alternated twice"
for round in 1 2; do
  for mode in on off; do
    if [[ "$mode" == on ]]; then
      # Every filter on; the rate limit high enough that one load generator never meets it.
      start_app --stability.rate-limit.limit-for-period=1000000000
    else
      start_app --stability.enabled=false
    fi
    wrk -t2 -c50 -d5s "$BASE/demo/slow?ms=0" >/dev/null # warm-up
    wrk -t2 -c50 -d"${SECS}s" --latency -s "$LUA" "$BASE/demo/slow?ms=0" \
      >"$WORK/overhead-$mode-$round.txt"
    echo "- round $round, stability $mode: $(summary "$WORK/overhead-$mode-$round.txt")"
    stop_app
  done
done
rate() { cat "$@" | awk '/^Requests\/sec/ { sum += $2; n++ } END { print sum / n }'; }
on=$(rate "$WORK"/overhead-on-*.txt)
off=$(rate "$WORK"/overhead-off-*.txt)
echo "- mean throughput on $on req/s, off $off req/s, ratio on/off: $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')"

echo "## 2. overload: bulkhead 20, 200 connections on /demo/slow?ms=100 for 30 s, prober on /health"
start_app --stability.rate-limit.enabled=false --stability.concurrency-limit.max-concurrent=20 \
  --server.tomcat.threads.max=250
echo "- heap in use after GC, before: $(heap_after_gc)"
wrk -t2 -c200 -d30s --latency -s "$LUA" "$BASE/demo/slow?ms=100" >"$WORK/overload.txt" &
LOAD_PID=$!
wrk -t1 -c2 -d30s --latency -s "$LUA" "$BASE/health" >"$WORK/probe.txt"
wait "$LOAD_PID"
echo "- /demo/slow: $(summary "$WORK/overload.txt")"
echo "- /health:    $(summary "$WORK/probe.txt")"
echo "- heap in use after GC, after: $(heap_after_gc)"
stop_app

echo "## 3. faults"
start_app --stability.rate-limit.enabled=false
wrk -t2 -c50 -d"${SECS}s" --latency -s "$FAULTS" "$BASE/" >"$WORK/faults.txt"
echo "- 1 % of requests throw: $(summary "$WORK/faults.txt")"
stop_app
start_app --stability.rate-limit.enabled=false --stability.timeout.duration=1s
wrk -t2 -c20 -d"${SECS}s" --latency --timeout 10s -s "$LUA" "$BASE/demo/slow?ms=3000" >"$WORK/timeouts.txt"
echo "- every request sleeps 3 s, timeout 1 s: $(summary "$WORK/timeouts.txt")"
stop_app

echo "## 4. shutdown under load: 50 clients on /demo/slow?ms=50 for 12 s, SIGTERM after 4 s"
start_app --stability.rate-limit.enabled=false --stability.shutdown.grace-period=10s
java -cp "$LOAD" org.raktakosh.stability.benchmarks.servers.ShutdownLoad "$PORT" \
  "/demo/slow?ms=50" 50 12 >"$WORK/shutdown.txt" &
LOAD_PID=$!
sleep 4
kill -TERM "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
wait "$LOAD_PID"
echo "- $(cat "$WORK/shutdown.txt")"
grep -h "Shutdown" "$WORK/app.log" | sed 's/^.*GracefulShutdown[^-]*- /- app: /'
