#!/usr/bin/env bash
# Loopback transport figures (issue 4) with same-run baselines. Build first:
#   mvn -B -q -pl jsp-benchmarks -am package -DskipTests
# Usage: jsp-benchmarks/transport-figures.sh [--json] [--json-file out.json] [--rounds 3] [--figures rtt,heap] ...
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jsp-benchmarks/transport-figures.sh   # another JDK
# Each idle client connection has its own UDP socket: the heap figure needs ~10,200 open files.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=jsp-benchmarks/target/jsp-benchmarks.jar
if [ ! -f "$JAR" ]; then
  echo "missing $JAR: mvn -B -q -pl jsp-benchmarks -am package -DskipTests" >&2
  exit 1
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec "$JAVA" -Xmx4g -cp "$JAR" io.jetstreamproto.benchmarks.transport.TransportFigures "$@"
