#!/usr/bin/env bash
# Connections one server holds, idle or live, with default settings (issue 10). Build first:
#   mvn -B -q -pl jsp-benchmarks -am package -DskipTests
# Usage: jsp-benchmarks/scale.sh --connections N --duration SECONDS --live-rate R
#            [--handshake-burst B] [--retry always|on-load|never] [--server-heap 6g]
# The server runs in a child JVM; the clients share one client endpoint in this one. The last line is JSON:
#   connections_requested, connections_open, deaths, handshake_failures, server_heap_bytes_per_conn,
#   client_heap_bytes_per_conn, rtt_p50_ms, rtt_p99_ms
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jsp-benchmarks/scale.sh ...   # another JDK
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=jsp-benchmarks/target/jsp-benchmarks.jar
if [ ! -f "$JAR" ]; then
  echo "missing $JAR: mvn -B -q -pl jsp-benchmarks -am package -DskipTests" >&2
  exit 1
fi
# -Xms = -Xmx: a heap that never resizes has no full collections for growing, which stall every connection.
exec "$JAVA" -Xms${CLIENT_HEAP:-8g} -Xmx${CLIENT_HEAP:-8g} ${SCALE_GC:--XX:+UseParallelGC} -cp "$JAR" io.jetstreamproto.benchmarks.scale.Scale "$@"
