#!/usr/bin/env bash
# Session 18's diagnosis (bench/pretraining/FINDINGS.md, "where does LLDif's ll-syn-kdef seed fall
# behind?"): LLDif's chain on ll-syn-kdef, the reported draw's seeds 3, 0, 1, 2, 4, 5 and the
# validation draw's seeds 0-5, two runs side by side on one thread each; finished runs are reused,
# interrupted ones resume.
#   usage: [EXTRA="key=value ..."] [NAME=label] [PAIRS="draw seed, ..."] diagnose_kdef.sh STORE LLDIF-BINARY
# EXTRA adds settings to every run (a candidate), NAME labels its logs, PAIRS replaces the list of
# (draw, seed) pairs, DATASET (default ll-syn-kdef) another dataset, whose logs carry its name.
# Then: grep -h "test accuracy" STORE/logs/*.log, or python3 bench/pretraining/diagnose_table.py STORE
set -euo pipefail
store=${1:?usage: diagnose_kdef.sh STORE LLDIF-BINARY}
bin=${2:?usage: diagnose_kdef.sh STORE LLDIF-BINARY}
mkdir -p "$store/logs"
export LLDIF_THREADS=1
# The face pretraining (on syn-faces) is trained by the first chain that needs it; the others wait
# for it and reuse it.
pairs=${PAIRS:-0 3, 1 0, 1 1, 1 2, 1 3, 1 4, 1 5, 0 0, 0 1, 0 2, 0 4, 0 5}
dataset=${DATASET:-ll-syn-kdef}
extra="" suffix=""
for setting in ${EXTRA:-}; do extra+=" --set $setting"; done
[ -n "${NAME:-}" ] && suffix="-$NAME"
[ "$dataset" != ll-syn-kdef ] && suffix="-$dataset$suffix"
echo "$pairs" | tr ',' '\n' | xargs -P 2 -L 1 bash -c '
  draw=$0 seed=$1
  for model in lldif-stage0 lldif-stage1 lldif; do
    "'"$bin"'" train --model $model --dataset '"$dataset"' --seed "$seed" --profile quick --set data.seed=$draw \
      '"$extra"' --store "'"$store"'" > "'"$store"'/logs/$model-draw$draw-s$seed'"$suffix"'.log" 2>&1
  done
  echo "done draw $draw seed $seed '"${NAME:-}"' $(date +%H:%M)"'
