#!/usr/bin/env bash
# The main job: installs what is missing, then runs `sightline demo`: the instrumented chat
# service exports to a collector started in-process, then the queries show what it stored.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-dependencies.sh
swift run sightline demo
