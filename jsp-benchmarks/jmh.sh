#!/usr/bin/env bash
# JMH micro-benchmarks of the packet path (io.jetstreamproto.benchmarks.path) with the GC profiler, on one JDK.
#
#   jsp-benchmarks/jmh.sh                      # every path benchmark, Java on the PATH (Java 17 here)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jsp-benchmarks/jmh.sh
#   jsp-benchmarks/jmh.sh --build              # package the benchmark jar first (mvn, no tests)
#   jsp-benchmarks/jmh.sh 'FrameCodec|StreamScheduler' -f 2      # a subset; extra arguments go to JMH
#
# Results: JMH's table on stdout, JSON in jsp-benchmarks/target/jmh-<java version>.json. "gc.alloc.rate.norm" is
# bytes allocated per operation; BulkPathBenchmark's divided by its message size is bytes per payload byte.
# The idle-heap harness is not JMH (it needs full GCs and a heap reading):
#   java -cp jsp-benchmarks/target/jsp-benchmarks.jar io.jetstreamproto.benchmarks.path.IdleConnectionHeap \
#       [--connections 2000] [--warm 200] [--idle-seconds 30] [--histogram 15] [--breakdown 4]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${JAVA:-java}"
if [[ "${1:-}" == "--build" ]]; then
  shift
  (cd "$here/.." && mvn -B -q -pl jsp-benchmarks -am package -DskipTests)
fi
jar="$here/target/jsp-benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "no $jar: run with --build first" >&2
  exit 1
fi
filter='io.jetstreamproto.benchmarks.path.'
if [[ $# -gt 0 && "$1" != -* ]]; then
  filter="io.jetstreamproto.benchmarks.path.($1)"
  shift
fi
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
exec "$java" -jar "$jar" "$filter" -prof gc -rf json -rff "$here/target/jmh-$version.json" "$@"
