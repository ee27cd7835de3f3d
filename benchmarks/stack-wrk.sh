#!/usr/bin/env bash
# Whole-stack load and fault runs against the RaktaKosh example back end, on loopback only:
#   1. overhead: every Stability filter on vs --stability.enabled=false vs nine filters that do
#      nothing (the floor of any nine-filter stack), all three servers up and warm,
#      taking turns; a 13-byte JSON (/demo/slow?ms=0) and a database read (/api/inventory)
#   2. overload: 10x more concurrent slow requests than the bulkhead admits, for 30 s, with a
#      prober on /health: right after the example's warm-up (readiness UP), then on a JVM without
#      warm-up cold and warm; heap in use after a full GC, before and after
#   3. faults: 1 % of requests throw; requests slower than a 1 s timeout
#   4. shutdown under load: SIGTERM in the middle of a run; sent vs answered vs lost, with clients
#      that keep sending, then with clients that follow readiness as a load balancer does
#
#   [BURST=5] [PAIRS=2] [PIN=1] [SECTIONS="1 2 3 4"] [OFF_ARGS=...] [PEER_ARGS=...] \
#     [OVERHEAD_PATHS="/a /b"] benchmarks/stack-wrk.sh [seconds per fault run, default 15]
#
# PIN=1 gives the overhead run's servers core 1 and wrk core 0 (taskset), as a load generator on
# another machine would: the server's own cost per request shows undiluted by wrk's share.
#
# About 20 minutes (the overhead run alone, SECTIONS=1, about 13; PEER_ARGS=none, about 9).
#
# Needs wrk (apt-get install wrk) and the built jars (mvn -B -q install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

SECS="${1:-15}"
BURST="${BURST:-5}" # seconds per turn in the overhead run
PAIRS="${PAIRS:-2}" # pairs of JVMs (on, off) in the overhead run: JVMs differ by +-10 % among themselves
SECTIONS="${SECTIONS:-1 2 3 4}" # which of the runs below
PIN="${PIN:-0}" # 1: overhead run with the servers on core 1, wrk (one thread) on core 0
# The overhead run's endpoints, separated by spaces: a 13-byte JSON and a database read.
OVERHEAD_PATHS="${OVERHEAD_PATHS:-/demo/slow?ms=0 /api/inventory}"
read -r -a OVERHEAD <<<"$OVERHEAD_PATHS" # split on spaces only: '?' stays literal
# What the "off" server of the overhead run gets; e.g. to price single filters:
# OFF_ARGS="--stability.rate-limit.limit-for-period=1000000000 --stability.gzip.enabled=false"
OFF_ARGS="${OFF_ARGS:---stability.enabled=false}"
# The third server of the overhead run ("peer"), compared with "off" in the same rounds: by
# default the floor of any stack of nine filters, three of them wrapping (the example's
# pass-through filters, with Stability off); PEER_ARGS=none leaves it out. The same features
# written by hand (the example's HandRolledFilters), as the peer:
# PEER_ARGS="--stability.enabled=false --raktakosh.demo.hand-rolled=true
#   --server.compression.enabled=true --server.compression.min-response-size=1KB
#   --stability.rate-limit.limit-for-period=1000000000"
PEER_ARGS="${PEER_ARGS:---stability.enabled=false --raktakosh.demo.pass-through-filters=9 --raktakosh.demo.pass-through-wrapping=3}"
[[ "$PEER_ARGS" == none ]] && PEER_ARGS=""
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
cleanup() { [[ -n "$APP_PID" ]] && kill $APP_PID 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_app() { start_app_at "$PORT" "$@"; }

start_app_at() { # port, arguments
  # The example's warm-up is off unless WARMUP=true: every run but section 2's first starts loading
  # as soon as the port answers, as before the warm-up existed.
  local port="$1" dir="$WORK/$1"
  shift
  mkdir -p "$dir"
  if curl -s "http://127.0.0.1:$port/" >/dev/null 2>&1; then
    echo "port $port is taken: stop what listens there (a server left from an earlier run?)" >&2
    exit 1
  fi
  (cd "$dir" && exec java -Xms256m -Xmx256m -jar "$APP" --server.port="$port" \
    --logging.level.root=WARN --logging.level.org.raktakosh.stability.shutdown=INFO \
    --stability.warmup.enabled="${WARMUP:-false}" "$@" \
    >"$dir/app.log" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 300); do
    # Not /health: with --stability.enabled=false there is none.
    if curl -fs "http://127.0.0.1:$port/demo/slow?ms=0" >/dev/null 2>&1; then return; fi
    sleep 0.2
  done
  cat "$dir/app.log" >&2
  echo "the example did not start" >&2
  exit 1
}

stop_app() {
  # shellcheck disable=SC2086 # one pid, or two or three while the overhead run has its servers up
  kill -TERM $APP_PID 2>/dev/null || true
  # shellcheck disable=SC2086
  wait $APP_PID 2>/dev/null || true
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

# Both JVMs run at once, warm, and take turns: a JVM's throughput on this 2-core VM still climbs for
# about a minute after start (C2 at work) and drifts by +-20 % between runs, so measuring one mode
# after the other, cold, compared the JIT's progress more than the filters.
wants() { [[ " $SECTIONS " == *" $1 "* ]]; }

if wants 1; then
echo "## 1. overhead: every filter on vs --stability.enabled=false$([[ -n "$PEER_ARGS" ]] && echo " vs peer ($PEER_ARGS)"), all running, warm, taking turns"
echo "   ($PAIRS pairs of fresh JVMs, 10 rounds of ${BURST}s each per pair and endpoint$([[ "$PIN" == 1 ]] && echo ', servers on core 1, wrk -t1 on core 0'))"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
allocated() { java -XX:TieredStopAtLevel=1 -cp "$LOAD" org.raktakosh.stability.benchmarks.servers.ProcessCounters "$1" | cut -d' ' -f1; }
burst() { # port pid path seconds -> "req/s µs-cpu/request p99 bytes-allocated/request"
  local t0 t1 a0 a1 out
  a0=$(allocated "$2")
  t0=$(cpu_ticks "$2")
  if [[ "$PIN" == 1 ]]; then
    out=$(taskset -c 0 wrk -t1 -c50 -d"$4s" --latency "http://127.0.0.1:$1$3")
  else
    out=$(wrk -t2 -c50 -d"$4s" --latency "http://127.0.0.1:$1$3")
  fi
  t1=$(cpu_ticks "$2")
  a1=$(allocated "$2")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo "unexpected answers on $3:" >&2; echo "$out" >&2; exit 1; fi
  awk -v t=$((t1 - t0)) -v a=$((a1 - a0)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1 } /^Requests\/sec/ { r = $2 } $1 == "99%" { p = $2 }
    END { printf "%s %.1f %s %.0f\n", r, t * 1e6 / hz / n, p, a / n }' <<<"$out"
}
PORT_OFF=$((PORT + 1))
PORT_PEER=$((PORT + 2))
MODES="on off"
[[ -n "$PEER_ARGS" ]] && MODES="on off peer"
for path in "${OVERHEAD[@]}"; do : >"$WORK/overhead-${path//[^a-z]/}.txt"; done
for pair in $(seq 1 "$PAIRS"); do
start_app --stability.rate-limit.limit-for-period=1000000000 # no single client reaches it
ON_PID="$APP_PID"
# shellcheck disable=SC2086 # OFF_ARGS is a list of arguments
start_app_at "$PORT_OFF" $OFF_ARGS
OFF_PID="$APP_PID"
PEER_PID=""
if [[ -n "$PEER_ARGS" ]]; then
  # shellcheck disable=SC2086 # PEER_ARGS is a list of arguments
  start_app_at "$PORT_PEER" $PEER_ARGS
  PEER_PID="$APP_PID"
fi
APP_PID="$ON_PID $OFF_PID $PEER_PID"
port_of() { case "$1" in on) echo "$PORT" ;; off) echo "$PORT_OFF" ;; peer) echo "$PORT_PEER" ;; esac; }
pid_of() { case "$1" in on) echo "$ON_PID" ;; off) echo "$OFF_PID" ;; peer) echo "$PEER_PID" ;; esac; }
if [[ "$PIN" == 1 ]]; then
  # Every thread of the JVMs (threads started later inherit it); wrk gets core 0 in burst().
  for pid in $ON_PID $OFF_PID $PEER_PID; do taskset -a -p -c 1 "$pid" >/dev/null; done
fi
for path in "${OVERHEAD[@]}"; do
  for _ in 1 2 3 4; do # warm-up, not counted
    for mode in $MODES; do r=$(burst "$(port_of $mode)" "$(pid_of $mode)" "$path" 10); done
  done
  for round in $(seq 1 10); do
    # Every mode goes first as often as last: odd rounds in order, even rounds reversed.
    if ((round % 2)); then order="$MODES"; else order=$(tr ' ' '\n' <<<"$MODES" | tac | tr '\n' ' '); fi
    for mode in $order; do
      # Assigned first, so that set -e stops the run when a burst fails (not so inside echo).
      r=$(burst "$(port_of $mode)" "$(pid_of $mode)" "$path" "$BURST")
      echo "$mode $r" >>"$WORK/overhead-${path//[^a-z]/}.txt"
    done
  done
done
stop_app
done
for path in "${OVERHEAD[@]}"; do
  awk -v path="$path" '
    { rps[$1] += $2; cpu[$1] += $3; alloc[$1] += $5; n[$1]++
      if ($1 == "on") on[n["on"]] = $2; else if ($1 == "off") off[n["off"]] = $2; else peer[n["peer"]] = $2
      p99[$1] = p99[$1] " " $4 }
    END {
      lo = 9; hi = 0
      for (i = 1; i <= n["on"]; i++) { q = on[i] / off[i]; if (q < lo) lo = q; if (q > hi) hi = q }
      printf "- GET %s: on %.0f req/s (%.1f us server CPU/request), off %.0f req/s (%.1f us); ratio on/off %.3f (rounds %.2f-%.2f); CPU +%.1f us/request\n",
        path, rps["on"] / n["on"], cpu["on"] / n["on"], rps["off"] / n["off"], cpu["off"] / n["off"],
        rps["on"] / rps["off"], lo, hi, (cpu["on"] - cpu["off"]) / n["on"]
      printf "  heap allocated per request: on %.0f B, off %.0f B (+%.0f B)\n",
        alloc["on"] / n["on"], alloc["off"] / n["off"], (alloc["on"] - alloc["off"]) / n["on"]
      printf "  p99 per round, on:%s\n  p99 per round, off:%s\n", p99["on"], p99["off"]
      if (n["peer"] > 0) {
        lo = 9; hi = 0
        for (i = 1; i <= n["peer"]; i++) { q = peer[i] / off[i]; if (q < lo) lo = q; if (q > hi) hi = q }
        printf "  peer %.0f req/s (%.1f us); ratio peer/off %.3f (rounds %.2f-%.2f); CPU +%.1f us/request; heap %.0f B (+%.0f B)\n",
          rps["peer"] / n["peer"], cpu["peer"] / n["peer"], rps["peer"] / rps["off"], lo, hi,
          (cpu["peer"] - cpu["off"]) / n["peer"], alloc["peer"] / n["peer"], (alloc["peer"] - alloc["off"]) / n["peer"]
        printf "  ratio on/peer %.3f; p99 per round, peer:%s\n", rps["on"] / rps["peer"], p99["peer"]
      }
    }' "$WORK/overhead-${path//[^a-z]/}.txt"
done
fi

if wants 2; then
echo "## 2. overload: bulkhead 20, 200 connections on /demo/slow?ms=100 for 30 s, prober on /health"
OVERLOAD_ARGS=(--stability.rate-limit.enabled=false --stability.concurrency-limit.max-concurrent=20
  --server.tomcat.threads.max=250)
overload() { # phase name
  wrk -t2 -c200 -d30s --latency -s "$LUA" "$BASE/demo/slow?ms=100" >"$WORK/overload-$1.txt" &
  LOAD_PID=$!
  wrk -t1 -c2 -d30s --latency -s "$LUA" "$BASE/health" >"$WORK/probe-$1.txt"
  wait "$LOAD_PID"
  echo "- $1, /demo/slow: $(summary "$WORK/overload-$1.txt")"
  echo "- $1, /health:    $(summary "$WORK/probe-$1.txt")"
}
# The example's warm-up on (its default): the overload begins the moment /health/ready turns UP,
# as a load balancer's first traffic would.
started=$(date +%s%N)
WARMUP=true start_app "${OVERLOAD_ARGS[@]}"
port_open=$(date +%s%N)
until curl -fs "$BASE/health/ready" >/dev/null 2>&1; do sleep 0.1; done
echo "- warm-up: port open $(((port_open - started) / 1000000)) ms after the start," \
  "readiness UP $((($(date +%s%N) - port_open) / 1000000)) ms later"
overload "after warm-up"
stop_app
# Warm-up off, twice on one JVM: first from a cold start (the overload begins as soon as the port
# answers, while C2 still compiles on the same two cores), then warm (the steady state).
start_app "${OVERLOAD_ARGS[@]}"
echo "- heap in use after GC, before: $(heap_after_gc)"
overload cold
overload warm
echo "- heap in use after GC, after: $(heap_after_gc)"
stop_app

fi

if wants 3; then
echo "## 3. faults"
start_app --stability.rate-limit.enabled=false
wrk -t2 -c50 -d"${SECS}s" --latency -s "$FAULTS" "$BASE/" >"$WORK/faults.txt"
echo "- 1 % of requests throw: $(summary "$WORK/faults.txt")"
stop_app
start_app --stability.rate-limit.enabled=false --stability.timeout.duration=1s
wrk -t2 -c20 -d"${SECS}s" --latency --timeout 10s -s "$LUA" "$BASE/demo/slow?ms=3000" >"$WORK/timeouts.txt"
echo "- every request sleeps 3 s, timeout 1 s: $(summary "$WORK/timeouts.txt")"
stop_app

fi

if wants 4; then
# SIGTERM 4 s into 12 s of 50 clients on /demo/slow?ms=50; the server started by the caller.
shutdown_under_load() { # extra ShutdownLoad arguments (a readiness path to follow, or none)
  java -cp "$LOAD" org.raktakosh.stability.benchmarks.servers.ShutdownLoad "$PORT" \
    "/demo/slow?ms=50" 50 12 "$@" >"$WORK/shutdown.txt" &
  LOAD_PID=$!
  sleep 4
  kill -TERM "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  wait "$LOAD_PID"
  echo "- $(cat "$WORK/shutdown.txt")"
  grep -h "Shutdown" "$WORK/$PORT/app.log" | sed 's/^.*GracefulShutdown[^-]*- /- app: /'
}

echo "## 4. shutdown under load: 50 clients on /demo/slow?ms=50 for 12 s, SIGTERM after 4 s"
start_app --stability.rate-limit.enabled=false --stability.shutdown.grace-period=10s
shutdown_under_load

# The same behind a client that follows readiness as a load balancer does (probe every 100 ms,
# stop sending once it fails), with a readiness delay well above that interval.
echo "## 4b. the same, clients following /health/ready, readiness-delay 1s"
start_app --stability.rate-limit.enabled=false --stability.shutdown.grace-period=10s \
  --stability.shutdown.readiness-delay=1s
shutdown_under_load /health/ready
fi
