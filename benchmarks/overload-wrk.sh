#!/usr/bin/env bash
# Overload on loopback: 200 connections against a 10 ms endpoint, with a bulkhead of 50 and without
# one (with a pool big enough for the load, and with a pool as small as the bulkhead), while a
# prober calls /health over two connections. Prints, for each case, the endpoint's answers and throughput
# and the probe's latency percentiles.
#
#   benchmarks/overload-wrk.sh [seconds per case, default 15]
#
# Needs wrk (apt-get install wrk) and the benchmarks jar (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_CASE="${1:-15}"
JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/status-count.lua

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[[ -f "$JAR" ]] || mvn -B -q -ntp -DskipTests package -pl benchmarks -am

run_case() {
  local label="$1" limit="$2" threads="$3" log pid port
  log="$(mktemp)"
  java -Xms512m -Xmx512m -cp "$JAR" \
    org.raktakosh.stability.benchmarks.servers.OverloadServer 0 "$limit" "$threads" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 1 100); do
    port="$(sed -n 's/^PORT=//p' "$log")"
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$log" >&2; echo "server did not start" >&2; exit 1; }
  # Warm up the JIT on both paths.
  wrk -t2 -c50 -d3s "http://127.0.0.1:$port/work" >/dev/null
  wrk -t1 -c1 -d1s "http://127.0.0.1:$port/health" >/dev/null

  local work_out health_out
  work_out="$(mktemp)"
  health_out="$(mktemp)"
  wrk -t2 -c200 -d"${SECONDS_PER_CASE}s" --latency -s "$LUA" \
    "http://127.0.0.1:$port/work" >"$work_out" &
  local wrk_pid=$!
  wrk -t1 -c2 -d"${SECONDS_PER_CASE}s" --latency -s "$LUA" \
    "http://127.0.0.1:$port/health" >"$health_out"
  wait "$wrk_pid"

  echo "== $label"
  printf '  /work   %s  %s  %s\n' \
    "$(grep '^Requests/sec' "$work_out" | tr -s ' ')" \
    "$(grep '^STATUS' "$work_out")" "$(grep '^P50_MS' "$work_out")"
  printf '  /health %s  %s  %s\n' \
    "$(grep '^Requests/sec' "$health_out" | tr -s ' ')" \
    "$(grep '^STATUS' "$health_out")" "$(grep '^P50_MS' "$health_out")"
  rm -f "$log" "$work_out" "$health_out"
}

echo "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), $(nproc) cores, ${SECONDS_PER_CASE}s per case"
run_case "bulkhead of 50, 200 worker threads" 50 200
run_case "no limit, 200 worker threads (enough for the load: nothing queues)" 0 200
run_case "no limit, 50 worker threads (the bulkhead's capacity, but queueing)" 0 50
