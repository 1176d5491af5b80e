#!/usr/bin/env bash
# Fuzzes the collector's request handling and the C OTLP decoder with libFuzzer.
#   Scripts/fuzz.sh [seconds-per-target] [target ...]
# Builds each target of Tests/Fuzz (the Swift ones with SwiftPM in release, the C one with clang,
# all with -sanitize=fuzzer,address, in .build-fuzz) and runs it for the given seconds (150 by
# default: 600 s in all for the four targets), one target at a time in one process, on a
# temporary copy of its seeds in Tests/Fuzz/Corpus/ (FuzzProtobufC shares FuzzOTLPProtobuf's). Prints
# executions, duration and findings per target. A crash, an AddressSanitizer report, a leak, a
# timeout (one input over 10 s), an out-of-memory (over 2 GiB) or a target that reports no
# coverage (not instrumented, so libFuzzer mutates blind) is a finding: the input is kept
# in .build-fuzz/findings/<target>/ and the script exits 1 once every target ran.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-150}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(FuzzProtobufC FuzzOTLPProtobuf FuzzOTLPJSON FuzzCollectorJSON)
fi
if [[ ! $seconds =~ ^[0-9]+$ || $seconds -eq 0 ]]; then
    echo "usage: Scripts/fuzz.sh [seconds-per-target] [FuzzProtobufC|FuzzOTLPProtobuf|FuzzOTLPJSON|FuzzCollectorJSON ...]" >&2
    exit 2
fi

Scripts/install-dependencies.sh

scratch=${SIGHTLINE_FUZZ_SCRATCH:-$PWD/.build-fuzz}
# SwiftPM passes each --sanitize to swiftc as its own -sanitize= flag, and swiftc keeps only the
# last one: with both, Swift code gets AddressSanitizer but no coverage counters, and libFuzzer
# mutates blind. The combined flag, given last, instruments Swift modules for both.
build=(swift build --package-path Tests/Fuzz --scratch-path "$scratch" -c release
       --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address)
bin=$("${build[@]}" --show-bin-path)
# One build for all Swift targets: a build per product plans, and compiles, the shared modules anew.
"${build[@]}"
mkdir -p "$bin"
clang -O1 -g -fsanitize=fuzzer,address -fuse-ld=lld -ISources/COTLP/include $(pkg-config --cflags libprotobuf-c) \
    Tests/Fuzz/C/FuzzProtobufC.c Sources/COTLP/*.c $(pkg-config --libs libprotobuf-c) -o "$bin/FuzzProtobufC"

failed=0
summary=()
for target in "${targets[@]}"; do
    corpus=$(mktemp -d)
    findings="$scratch/findings/$target"
    mkdir -p "$findings"
    seeds=$target
    [[ $target == FuzzProtobufC ]] && seeds=FuzzOTLPProtobuf
    cp Tests/Fuzz/Corpus/"$seeds"/* "$corpus"/
    log="$scratch/findings/$target.log"
    echo "== $target: ${seconds}s on $(ls "$corpus" | wc -l) seeds (log: $log)"
    status=0
    "$bin/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
    # libFuzzer prints no coverage for a target it cannot see being instrumented: a finding too.
    if [[ -z $coverage && $status -eq 0 ]]; then
        status=3
        echo "no coverage counters in $target: is it built with -sanitize=fuzzer?" >>"$log"
    fi
    kept=$(ls "$corpus" | wc -l)
    rm -rf "$corpus"
    if [[ $status -ne 0 ]]; then
        failed=1
        grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|Fatal error|SUMMARY' "$log" || true
        grep -o "Test unit written to .*" "$log" || true
        summary+=("$target: FINDING (exit $status) after ${runs:-?} executions, see $log")
    else
        summary+=("$target: ${runs:-?} executions in ${took:-?} s (${rate:-?} exec/s), $coverage, corpus $kept files, no crash")
    fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
