#!/usr/bin/env bash
# Runs SightlineBenchmarks of an earlier revision and of the working tree side by side:
# both built in release mode with the working tree's benchmark sources, then run one after
# the other, ROUNDS times each, and compared line by line (median of each, after ÷ before).
# On a noisy shared machine only such side-by-side ratios mean something.
#   Scripts/compare-span-benchmarks.sh REVISION [ROUNDS]      (default 5 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: Scripts/compare-span-benchmarks.sh REVISION [ROUNDS]" >&2
    exit 2
fi
revision=$1
rounds=${2:-5}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

quietly() {
    "$@" > "$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
}
quietly git worktree add --detach "$work/before" "$revision"
cp Benchmarks/SightlineBenchmarks/*.swift "$work/before/Benchmarks/SightlineBenchmarks/"
echo "Building $revision and the working tree (release)"
quietly swift build -c release --product SightlineBenchmarks --package-path "$work/before" \
    --scratch-path "$work/before/.build-release"
quietly swift build -c release --product SightlineBenchmarks --scratch-path .build-release

for round in $(seq "$rounds"); do
    "$work/before/.build-release/release/SightlineBenchmarks" > "$work/before.$round"
    .build-release/release/SightlineBenchmarks > "$work/after.$round"
done

python3 - "$work" "$rounds" "$revision" <<'PYTHON'
import re, statistics, sys
work, rounds, revision = sys.argv[1], int(sys.argv[2]), sys.argv[3]
line = re.compile(r"^(.*?)\s+([\d.]+) (ns/span|bytes)")
def figures(path):
    found = {}
    for text in open(path):
        match = line.match(text)
        if match:
            found[match.group(1).strip()] = (float(match.group(2)), match.group(3))
    return found
before = [figures(f"{work}/before.{n}") for n in range(1, rounds + 1)]
after = [figures(f"{work}/after.{n}") for n in range(1, rounds + 1)]
print(f"{'median of ' + str(rounds) + ' runs':60s} {revision[:10]:>10s} {'after':>10s} {'ratio':>7s}")
for name, (_, unit) in before[0].items():
    if not all(name in run for run in after):
        continue
    old = statistics.median(run[name][0] for run in before)
    new = statistics.median(run[name][0] for run in after)
    print(f"{name:60s} {old:10.1f} {new:10.1f} {new / old:7.2f}  {unit}")
PYTHON
