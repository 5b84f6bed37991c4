#!/usr/bin/env bash
# The fine-tuning-length study (bench/pretraining/FINDINGS.md, "A second question"): SCN, RUL, EAC
# and POSTER-lite on the validation draw (data.seed=1, ll-syn-raf, quick), training seeds 0–4,
# 8 (the default) against 16 epochs. Two runs side by side, one thread each, seed by seed, so that
# an interrupted study has whole seeds; finished runs are reused and interrupted ones resume.
#   usage: bench/pretraining/study2.sh STORE [LLDIF-BINARY]
# Judge with: python3 bench/pretraining/study_table.py STORE
set -euo pipefail
store=${1:?usage: study2.sh STORE [LLDIF-BINARY]}
bin=${2:-$store/lldif-bin}
mkdir -p "$store/logs"
export LLDIF_THREADS=1
common=(--dataset ll-syn-raf --profile quick --set data.seed=1 --store "$store")
# The first run alone: it trains the shared face pretraining, so that two jobs do not wait on it together.
"$bin" train --model scn --seed 0 "${common[@]}" > "$store/logs/scn-s0-default.log" 2>&1
jobs=()
for seed in 0 1 2 3 4; do
  for model in scn rul eac poster-lite; do
    jobs+=("$model $seed default" "$model $seed epochs16")
  done
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c '
  model=$0 seed=$1 variant=$2
  extra=(); [ "$variant" = epochs16 ] && extra=(--set train.epochs=16)
  '"$bin"' train --model "$model" --seed "$seed" '"${common[*]}"' "${extra[@]}" \
    > '"$store"'/logs/$model-s$seed-$variant.log 2>&1 && echo "done $model seed $seed $variant $(date +%H:%M)"'
