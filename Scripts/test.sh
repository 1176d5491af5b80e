#!/usr/bin/env bash
# The test command: installs what is missing, then runs the whole test suite.
# Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-dependencies.sh
swift build --build-tests
swift test
