#!/usr/bin/env bash
# GZip load benchmark: one Jetty 12 server (GzipBenchServer) serving the same JSON through our
# GzipFilter (/ours), Jetty's own GzipHandler (/jetty) and uncompressed (/plain); wrk on loopback
# with Accept-Encoding: gzip. Prints requests/s, bytes on the wire per response, compression ratio
# and server CPU per request, and each as a ratio to Jetty's GzipHandler.
#
# Usage: benchmarks/gzip-wrk.sh [duration-seconds] [connections] [our-level]
# Needs wrk (apt-get install -y wrk) and benchmarks/target/benchmarks.jar
# (mvn -B package -pl benchmarks -am -DskipTests).
set -euo pipefail

DURATION=${1:-10}
CONNECTIONS=${2:-50}
LEVEL=${3:-6}
THREADS=2
PORT=${GZIP_BENCH_PORT:-8099}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/target/benchmarks.jar"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B package -pl benchmarks -am -DskipTests" >&2; exit 1; }

java -Xms512m -Xmx512m -cp "$JAR" org.raktakosh.stability.benchmarks.GzipBenchServer "$PORT" "$LEVEL" \
  >/tmp/gzip-bench-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$BASE/plain/1k" && break
  sleep 0.1
done

TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

# An independent client decodes each variant: curl --compressed must give the plain bytes.
for size in 64k 1k; do
  want=$(curl -s "$BASE/plain/$size" | sha1sum)
  for variant in ours jetty; do
    got=$(curl -s --compressed "$BASE/$variant/$size" | sha1sum)
    [ "$got" = "$want" ] || { echo "curl --compressed decoded $variant/$size wrongly" >&2; exit 1; }
  done
done

declare -A RPS CPU WIRE
printf '%-6s %-5s %12s %14s %8s %14s\n' size case 'requests/s' 'wire bytes' ratio 'CPU us/req'
for size in 64k 1k; do
  for variant in jetty ours plain; do
    url="$BASE/$variant/$size"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H 'Accept-Encoding: gzip' "$url" >/dev/null # warm-up
    before=$(cpu_ticks)
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H 'Accept-Encoding: gzip' "$url")
    after=$(cpu_ticks)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    wire=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$url")
    plain=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/plain/$size")
    ratio=$(awk -v p="$plain" -v w="$wire" 'BEGIN {printf "%.2f", p / w}')
    cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" \
      'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
    RPS[$size.$variant]=$rps; CPU[$size.$variant]=$cpu; WIRE[$size.$variant]=$wire
    printf '%-6s %-5s %12s %14s %8s %14s\n' "$size" "$variant" "$rps" "$wire" "$ratio" "$cpu"
  done
done

echo
echo "ours / Jetty GzipHandler (throughput > 1 is better; wire bytes and CPU < 1 are better):"
for size in 64k 1k; do
  awk -v s="$size" -v r1="${RPS[$size.ours]}" -v r0="${RPS[$size.jetty]}" \
    -v w1="${WIRE[$size.ours]}" -v w0="${WIRE[$size.jetty]}" \
    -v c1="${CPU[$size.ours]}" -v c0="${CPU[$size.jetty]}" \
    'BEGIN {printf "%-4s requests/s %.2f   wire bytes %.2f   CPU/request %.2f\n", s, r1 / r0, w1 / w0, c1 / c0}'
done
echo "(wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, loopback, deflate level $LEVEL; $(nproc) cores shared by wrk and the server)"
