#!/usr/bin/env bash
# The test command: installs what is missing, then runs the whole test suite.
# Exits non-zero when any test fails.
#   Scripts/test.sh                      the suite, as CI runs it
#   Scripts/test.sh --sanitize thread    the same suite under ThreadSanitizer (or: address),
#                                        built in its own .build-<sanitizer> folder
set -euo pipefail
cd "$(dirname "$0")/.."

build_options=()
if [[ $# -gt 0 ]]; then
    if [[ $# -ne 2 || $1 != --sanitize || ! $2 =~ ^(thread|address)$ ]]; then
        echo "usage: Scripts/test.sh [--sanitize thread|address]" >&2
        exit 2
    fi
    build_options=(--sanitize="$2" --scratch-path ".build-$2")
    # Everything runs several times slower: tests stretch their upper time bounds by this.
    export SIGHTLINE_TEST_TIME_SCALE=10
    # ...and the suites' fixed time limits (a minute a test) start when a test starts: with every
    # test started at once on a two-core machine, they timed out waiting for a core. At most two
    # tests a core run at a time.
    export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(( 2 * $(nproc) ))
    export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt"
    # The one ThreadSanitizer report that is the concurrency runtime's unannotated handoff, not a
    # race (a continuation resumed before its task suspends); see the file.
    export TSAN_OPTIONS="suppressions=$PWD/Scripts/tsan-suppressions.txt"
    # What LeakSanitizer still reports at exit are cycles only (no direct leak): SDKs the tests
    # never shut down, whose export loop waits for work for good. Not failures; see RELIABILITY.md.
    export ASAN_OPTIONS="detect_leaks=0"
fi

Scripts/install-dependencies.sh
# The viewer's browser tests drive Debian's chromium through chromium-driver.
Scripts/install-browser-dependencies.sh

# The interop tests decode what the OTLP encoders write with the reference Python classes
# (opentelemetry-proto), and send traces to the collector with the Python SDK's OTLP/HTTP
# exporter, a real sender; the viewer's tests drive the browser with Selenium. The venv is
# created once and reused; the tests fail under CI when SIGHTLINE_INTEROP_PYTHON is missing.
if ! .venv-interop/bin/python -c 'import opentelemetry.proto.collector.trace.v1.trace_service_pb2, opentelemetry.sdk.trace, opentelemetry.exporter.otlp.proto.http.trace_exporter, selenium' 2>/dev/null; then
    echo "Creating .venv-interop with opentelemetry-proto, -sdk, -exporter-otlp-proto-http and selenium"
    python3 -m venv .venv-interop
    .venv-interop/bin/pip install -q opentelemetry-proto opentelemetry-sdk opentelemetry-exporter-otlp-proto-http selenium
fi
export SIGHTLINE_INTEROP_PYTHON="$PWD/.venv-interop/bin/python"

# The ClickHouse store's tests run against the ClickHouse engine of PyPI's chdb-core behind a
# small HTTP front (Tests/SightlineCollectorTests/ClickHouse/chdb_http.py), on a free loopback
# port, in a fresh directory; no ClickHouse server package installs here. Set
# SIGHTLINE_TEST_CLICKHOUSE=http://user:password@host:8123 beforehand to use a real server instead.
if [[ -z "${SIGHTLINE_TEST_CLICKHOUSE:-}" ]]; then
    if ! .venv-interop/bin/python -c 'import chdb' 2>/dev/null; then
        echo "Installing chdb-core into .venv-interop"
        .venv-interop/bin/pip install -q chdb-core
    fi
    clickhouse_directory=$(mktemp -d)
    .venv-interop/bin/python Tests/SightlineCollectorTests/ClickHouse/chdb_http.py \
        --path "$clickhouse_directory/data" --port-file "$clickhouse_directory/port" >"$clickhouse_directory/log" 2>&1 &
    clickhouse_front=$!
    # The front is killed (chdb can outlive SIGTERM); its status 137 is no verdict on the tests.
    trap 'kill -KILL "$clickhouse_front" 2>/dev/null; wait "$clickhouse_front" 2>/dev/null || true; rm -rf "$clickhouse_directory"' EXIT
    for _ in $(seq 300); do
        [[ -s "$clickhouse_directory/port" ]] && break
        kill -0 "$clickhouse_front" 2>/dev/null || { cat "$clickhouse_directory/log" >&2; exit 1; }
        sleep 0.1
    done
    export SIGHTLINE_TEST_CLICKHOUSE="http://127.0.0.1:$(cat "$clickhouse_directory/port")"
fi

swift build --build-tests "${build_options[@]}"
# The retry, deadline, fault-injection, client-timeout and store-lane tests bound wall-clock time to within a few hundred milliseconds; on two
# cores the parallel run's CPU-bound tests delay their timers by more than that. They run on their
# own afterwards, so their bounds measure the exporter and not the machine.
timing_suites='OTLPHTTPExporterRetryTests|SightlineClientTests|ExporterFaultTests|StoreLaneTests'
# The suites that call the ClickHouse store in process run on their own too: they call it
# synchronously from the test, on the concurrency pool's threads (two here), and on the test
# engine (chdb behind a front that answers one query at a time) a call takes up to seconds, which
# would hold up every other test's servers and timers past their bounds. The collectors on
# ClickHouse run after them, alone: behind that one-query-at-a-time engine, the in-process
# suites' queries made the collectors' replies wait past the senders' 30 s.
clickhouse_store_suites='StoreParityTests|QueryFilterTests'
clickhouse_collector_suites='ClickHouseCollectorTests'
# The span pipeline's stress test keeps every core busy for tens of seconds (ten million spans
# from sixteen tasks): it runs alone, not beside tests that bound their time.
stress_suites='SpanStressTests'
swift test --skip-build "${build_options[@]}" --skip "$timing_suites|$clickhouse_store_suites|$clickhouse_collector_suites|$stress_suites"
swift test --skip-build "${build_options[@]}" --filter "$timing_suites"
swift test --skip-build "${build_options[@]}" --filter "$stress_suites"
swift test --skip-build "${build_options[@]}" --filter "$clickhouse_store_suites"
swift test --skip-build "${build_options[@]}" --filter "$clickhouse_collector_suites"
# The API reference: every library module's DocC documentation builds without a warning.
if [[ ${#build_options[@]} -eq 0 ]]; then
    Scripts/build-docs.sh
fi
