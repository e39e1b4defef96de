#!/usr/bin/env bash
# The peer benchmark harness (issue 13): JSP against Netty QUIC, TLS 1.3 over TCP (JDK and BoringSSL), java-Kcp with
# FEC, Aeron, raw UDP and raw TCP on loopback, in alternating rounds; writes docs/benchmarks/peers-javaNN.json and
# regenerates its section of docs/BENCHMARKS-peers.md (tables and charts).
#
#   jsp-benchmarks/peers.sh                         # full run on Java 17 (about 30-40 min on the 2-core machine)
#   jsp-benchmarks/peers.sh --quick                 # smoke run, under 3 minutes
#   jsp-benchmarks/peers.sh --java-home /usr/lib/jvm/temurin-25-jdk-amd64   # the same on another JDK, side by side
#   jsp-benchmarks/peers.sh --systems JSP/UDP,"Netty QUIC" --workloads bulk,rr-64B --rounds 5
#   jsp-benchmarks/peers.sh --help                  # every option
#
# Builds the benchmark jar first if it is missing (or with --build). Each idle client has its own socket: the idle
# figure at 10,000 connections needs ~25,000 open files, so the limit is raised here.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_ARG=""
BUILD=0
MAIN=io.jetstreamproto.benchmarks.peers.PeersMain
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --java-home) JAVA_HOME_ARG="$2"; shift 2 ;;
    --java-home=*) JAVA_HOME_ARG="${1#*=}"; shift ;;
    --build) BUILD=1; shift ;;
    --main) MAIN="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
JAVA=java
if [ -n "$JAVA_HOME_ARG" ]; then JAVA="$JAVA_HOME_ARG/bin/java"; fi
JAR=jsp-benchmarks/target/jsp-benchmarks.jar
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -B -q -pl jsp-benchmarks -am package -DskipTests
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT-dirty"; fi
exec "$JAVA" -Xmx4g --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Djsp.bench.commit="$COMMIT" \
  -cp "$JAR" "$MAIN" "${ARGS[@]}"
