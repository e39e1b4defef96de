#!/usr/bin/env bash
# The lossy-link matrix of issue 16: RTT 0/50/100/200 ms x random loss 0/1/2/5/10/20 % and Gilbert-Elliott burst
# loss, with jitter, through the user-space impairment proxy, for JSP (every congestion controller x FEC off/adaptive)
# and Netty QUIC; then the fairness check (a JSP flow and a Netty QUIC flow through one rate-limited bottleneck).
# Writes docs/benchmarks/lossy-javaNN.json and regenerates the lossy section of docs/BENCHMARKS-peers.md.
#
#   jsp-benchmarks/lossy.sh                      # full matrix (about 30 min on the 2-core machine)
#   jsp-benchmarks/lossy.sh --quick              # smoke run
#   jsp-benchmarks/lossy.sh --rtts 100 --losses 2 --fec off,fixed,adaptive --quic-cc CUBIC,BBR
#   jsp-benchmarks/lossy.sh --only-fairness
#   jsp-benchmarks/lossy.sh --java-home /usr/lib/jvm/temurin-25-jdk-amd64
exec "$(dirname "$0")/peers.sh" --main io.jetstreamproto.benchmarks.peers.LossyMain "$@"
