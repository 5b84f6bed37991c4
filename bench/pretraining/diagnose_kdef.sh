#!/usr/bin/env bash
# LLDif's whole chain (stage 0, stage 1, stage 2) for a list of (draw, seed) pairs, two chains side
# by side on one thread each; finished runs are reused, interrupted ones resume. Written for session
# 18's diagnosis (bench/pretraining/FINDINGS.md, "where does LLDif's ll-syn-kdef seed fall behind?":
# the reported draw's seeds 3, 0, 1, 2, 4, 5 and the validation draw's seeds 0-5, the default list),
# and used by session 19's stage-0 study (entries that name their dataset, arm and settings).
#   usage: [EXTRA="key=value ..."] [NAME=label] [DATASET=d] [PAIRS="draw seed, ..."] diagnose_kdef.sh STORE LLDIF-BINARY
# EXTRA adds settings to every run (a candidate), NAME labels its logs, PAIRS replaces the list of
# (draw, seed) pairs, DATASET (default ll-syn-kdef) another dataset, whose logs carry its name.
# An entry of PAIRS may also be "draw seed dataset name [key=value ...]": its own dataset, label
# (`defaults` for none) and settings, so that every arm of a study shares one queue of two.
# Then: grep -h "test accuracy" STORE/logs/*.log, or python3 bench/pretraining/diagnose_table.py STORE
set -euo pipefail
store=${1:?usage: diagnose_kdef.sh STORE LLDIF-BINARY}
bin=${2:?usage: diagnose_kdef.sh STORE LLDIF-BINARY}
mkdir -p "$store/logs"
export LLDIF_THREADS=1 LLDIF_STORE="$store" LLDIF_BIN="$bin"
# The face pretraining (on syn-faces) is trained by the first chain that needs it; the others wait
# for it and reuse it.
pairs=${PAIRS:-0 3, 1 0, 1 1, 1 2, 1 3, 1 4, 1 5, 0 0, 0 1, 0 2, 0 4, 0 5}
export DEFAULT_DATASET=${DATASET:-ll-syn-kdef} DEFAULT_NAME=${NAME:-defaults} DEFAULT_EXTRA=${EXTRA:-}
echo "$pairs" | tr ',' '\n' | xargs -P 2 -L 1 bash -c '
  draw=$0 seed=${1:-} dataset=${2:-$DEFAULT_DATASET} name=${3:-$DEFAULT_NAME}
  if ! [[ "$draw" =~ ^[0-9]+$ && "$seed" =~ ^[0-9]+$ ]] || [ $# -eq 2 ]; then
    echo "diagnose_kdef.sh: PAIRS entry \"$0 $*\" is not \"draw seed\" or \"draw seed dataset name [key=value ...]\"" >&2
    exit 255  # xargs stops the queue
  fi
  if [ $# -ge 3 ]; then shift 3; settings="$*"; else settings=$DEFAULT_EXTRA; fi
  extra="" suffix=""
  for setting in $settings; do extra+=" --set $setting"; done
  [ "$dataset" != ll-syn-kdef ] && suffix="-$dataset"
  [ "$name" != defaults ] && suffix="$suffix-$name"
  for model in lldif-stage0 lldif-stage1 lldif; do
    "$LLDIF_BIN" train --model $model --dataset "$dataset" --seed "$seed" --profile quick --set data.seed=$draw \
      $extra --store "$LLDIF_STORE" > "$LLDIF_STORE/logs/$model-draw$draw-s$seed$suffix.log" 2>&1 || {
      echo "failed: $model, draw $draw seed $seed $dataset $name (see $LLDIF_STORE/logs/$model-draw$draw-s$seed$suffix.log)" >&2
      exit 1
    }
  done
  echo "done draw $draw seed $seed $dataset $name $(date +%H:%M)"'
