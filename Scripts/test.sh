#!/usr/bin/env bash
# The test command: installs what is missing, then runs the whole test suite.
# Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-dependencies.sh

# The interop tests decode what the OTLP encoders write with the reference Python classes
# (opentelemetry-proto), and send traces to the collector with the Python SDK's OTLP/HTTP
# exporter, a real sender. The venv is created once and reused; the tests fail under CI
# when SIGHTLINE_INTEROP_PYTHON is missing.
if ! .venv-interop/bin/python -c 'import opentelemetry.proto.collector.trace.v1.trace_service_pb2, opentelemetry.sdk.trace, opentelemetry.exporter.otlp.proto.http.trace_exporter' 2>/dev/null; then
    echo "Creating .venv-interop with opentelemetry-proto, -sdk and -exporter-otlp-proto-http"
    python3 -m venv .venv-interop
    .venv-interop/bin/pip install -q opentelemetry-proto opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
fi
export SIGHTLINE_INTEROP_PYTHON="$PWD/.venv-interop/bin/python"

swift build --build-tests
swift test
