#!/usr/bin/env bash
# The main job: installs what is missing, then runs the instrumented chat service example,
# which prints its traces (console exporter by default; OTEL_* variables redirect it).
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-dependencies.sh
swift run ChatService
