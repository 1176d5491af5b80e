#!/usr/bin/env bash
# Clean debug build time of the same tiny app (ten spans, OTLP/HTTP export) written with
# Sightline (Benchmarks/BuildTime/SightlineApp: products Sightline + SightlineOTLP) and with
# swift-otel 1.6.0 (Benchmarks/BuildTime/SwiftOTelApp), one after the other on this machine.
#   Scripts/measure-build-time.sh [rounds]
# Each build starts with `rm -rf .build` and no Package.resolved, so it resolves, checks out and
# compiles everything; SwiftPM's shared repository cache is left alone and serves both alike.
# With more than one round the order alternates (Sightline first, then swift-otel first, ...).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-1}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Prints the seconds a clean `swift build -c debug` of the app in Benchmarks/BuildTime/$1 takes.
clean_build_seconds() {
    local app="$root/Benchmarks/BuildTime/$1"
    rm -rf "$app/.build" "$app/Package.resolved"
    local start end
    start=$(date +%s.%N)
    if ! swift build -c debug --package-path "$app" >"$log" 2>&1; then
        echo "build of $1 failed:" >&2
        tail -40 "$log" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    awk "BEGIN { printf \"%.1f\", $end - $start }"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
sightline_total=0
otel_total=0
for ((round = 1; round <= rounds; round++)); do
    if ((round % 2 == 1)); then order=(SightlineApp SwiftOTelApp); else order=(SwiftOTelApp SightlineApp); fi
    for app in "${order[@]}"; do
        seconds=$(clean_build_seconds "$app")
        printf 'round %d  %-13s %7.1f s   (load average %s)\n' "$round" "$app" "$seconds" "$(cut -d' ' -f1-3 /proc/loadavg)"
        if [[ $app == SightlineApp ]]; then
            sightline_total=$(awk "BEGIN { print $sightline_total + $seconds }")
        else
            otel_total=$(awk "BEGIN { print $otel_total + $seconds }")
        fi
    done
done
awk "BEGIN {
    printf \"Sightline app:  %.1f s (mean of %d)\\n\", $sightline_total / $rounds, $rounds
    printf \"swift-otel app: %.1f s (mean of %d)\\n\", $otel_total / $rounds, $rounds
    printf \"ratio (Sightline / swift-otel): %.2f\\n\", $sightline_total / $otel_total
}"
