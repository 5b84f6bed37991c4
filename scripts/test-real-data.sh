#!/usr/bin/env bash
# The real-data paper end to end on folders in the published RAF-DB, FERPlus and KDEF layouts,
# written from SynFER faces (`lldif data real-layout`): every chapter, the report and the claims
# check, then a check that no table, figure caption or run names a SynFER dataset. The one exception
# is `syn-faces`, the face-pretraining corpus, which is SynFER's whatever the data (no expression
# label; it stands in for MS-Celeb-1M and a landmark set): its run and chapter 08's record of it must
# name it, and nothing else may.
# Usage: scripts/test-real-data.sh BIN_DIR   (make test-real-data passes it)
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/lldif" data real-layout --out "$work/data" --crlf
make --no-print-directory paper PROFILE=smoke DATA=real DATA_ROOT="$work/data" FIGURES="$work/figures" LLDIF_RUNS="$work/runs"
status=0
# Every chapter wrote its results on real data, and none names a SynFER dataset (syn-raf, ll-syn-raf, ...).
for chapter in 01-low-light 02-emotion-distribution 03-samples 04-accuracy 05-tsne 06-diffusion-steps 07-ablation 08-training-record; do
  results="$work/figures/$chapter/results.json"
  if [ ! -f "$results" ]; then echo "test-real-data: $chapter wrote no results"; status=1; continue; fi
  grep -q '"data" *: *"real"' "$results" || { echo "test-real-data: $chapter's results are not marked as real data"; status=1; }
  named=$(grep -o '[a-z-]*syn-[a-z]*' "$results" | grep -v '^syn-faces$' | sort -u | tr '\n' ' ' || true)
  if [ -n "$named" ]; then
    echo "test-real-data: $chapter names a SynFER dataset: $named"; status=1
  fi
done
grep -q 'LL-RAF-DB' "$work/figures/04-accuracy/results.json" || { echo "test-real-data: chapter 04 does not name LL-RAF-DB"; status=1; }
# Every run in the store was recorded under a real dataset's name, except the face pretraining on syn-faces.
if grep -L '"model" *: *"face-pretrain"' $(grep -l '"dataset" *: *"[a-z-]*syn-' "$work"/runs/*/*/config.json 2>/dev/null) /dev/null \
    | grep -v '^/dev/null$'; then
  echo "test-real-data: the runs above are recorded under a SynFER name"; status=1
fi
grep -l '"dataset" *: *"syn-faces"' "$work"/runs/face-pretrain/*/config.json >/dev/null 2>&1 \
  || { echo "test-real-data: no face-pretrain run on syn-faces"; status=1; }
grep -q 'landmarks predicted' "$work/figures/04-accuracy/results.json" || { echo "test-real-data: chapter 04 does not say the landmarks are predicted"; status=1; }
[ -s "$work/figures/report.html" ] && [ -s "$work/figures/report.pdf" ] || { echo "test-real-data: no report"; status=1; }
[ "$status" -eq 0 ] && echo "test-real-data: passed (every chapter on real-layout data, no SynFER name in any result or run)"
exit "$status"
