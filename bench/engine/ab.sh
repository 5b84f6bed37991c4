#!/bin/bash
# Compares two builds of bench-engine on one case by alternating them: single runs on this shared
# machine drift by 10-25 % from hour to hour, so only runs taken turn about are compared.
# Usage: [THREADS=n] bench/engine/ab.sh OLD_BIN NEW_BIN "case filter" [rounds=4] [repeats=8]
# Prints each build's best-of-`repeats` Swift time (ms, on THREADS threads, 1 unless set), one per round.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: [THREADS=n] $0 OLD_BIN NEW_BIN \"case filter\" [rounds=4] [repeats=8]" >&2
  exit 2
fi
old=$1 new=$2 filter=$3 rounds=${4:-4} repeats=${5:-8} threads=${THREADS:-1}
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "$0: THREADS must be a positive whole number, not '$threads'" >&2; exit 2; }
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "$0: not an executable: $bin" >&2; exit 2; }
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
declare -A times
for _ in $(seq "$rounds"); do
  for side in old new; do
    bin=$old; [ "$side" = new ] && bin=$new
    ms=$("$bin" --swift-only --filter "$filter" --threads "$threads" --repeats "$repeats" --output "$out" 2>&1 \
      | grep -oE "swift +[0-9.]+ ms" | head -1 | awk '{print $2}' || true)
    [ -n "$ms" ] || { echo "$0: no case matches \"$filter\"" >&2; exit 1; }
    times[$side]="${times[$side]:-} $ms"
  done
done
echo "old:${times[old]}"
echo "new:${times[new]}"
