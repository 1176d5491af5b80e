#!/usr/bin/env bash
# Builds the DocC documentation of every library module (each target of a library product in
# Package.swift) with swift-docc-plugin and fails on any warning (a broken symbol link, an
# undocumented parameter in a `- Parameters:` list, a missing catalog page).
#   Scripts/build-docs.sh                 every library module
#   Scripts/build-docs.sh Sightline …     only these
# Archives land in .build/plugins/Swift-DocC/outputs/<module>.doccarchive;
# `Scripts/doc-coverage.py --no-build` then counts the documented declarations.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
    read -r -a modules <<<"$(swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
print(" ".join(dict.fromkeys(target for product in package["products"] if "library" in product["type"]
                             for target in product["targets"])))')"
fi

dependency_note="^warning: '[^']*': found [0-9]* file(s) which are unhandled"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
for module in "${modules[@]}"; do
    echo "== $module"
    # --warnings-as-errors makes docc exit non-zero on a warning; the grep also catches a
    # warning printed by the plugin, the build or the symbol graph extraction, which that flag
    # does not cover. Left out: what concerns the dependencies' checkouts, not ours (a compiler
    # warning in their sources, SwiftPM's note that swift-distributed-tracing's manifest does not
    # declare its CMakeLists.txt files).
    status=0
    swift package generate-documentation --target "$module" --warnings-as-errors >"$log" 2>&1 || status=$?
    diagnostics=$(grep -E '^(warning|error):|: (warning|error):' "$log" | grep -v "$dependency_note" \
        | grep -v '/checkouts/' || true)
    if [[ $status -ne 0 || -n $diagnostics ]]; then
        grep -E -A8 '^(warning|error):|: (warning|error):' "$log" | grep -v -A1 "$dependency_note" || tail -20 "$log"
        failed+=("$module")
    else
        grep -E '^Finished building documentation' "$log" || true
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "documentation has warnings or errors: ${failed[*]}" >&2
    exit 1
fi
echo "documentation built without warnings: ${modules[*]}"
