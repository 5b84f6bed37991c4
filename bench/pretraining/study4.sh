#!/usr/bin/env bash
# Session 22's study (bench/pretraining/FINDINGS.md, "baselines fine-tuned as long as LLDif"): the
# five baselines on the validation draw (data.seed=1, quick), training seeds 6, 7, 8, all three
# datasets, at the defaults (16 epochs) and at train.epochs=32. One queue, two runs side by side on
# one thread each; finished runs are reused and interrupted ones resume.
#   usage: bench/pretraining/study4.sh STORE LLDIF-BINARY
# Judge with: MODEL=m python3 bench/pretraining/judge.py STORE BIN train.epochs=32 MARGIN 3, per model
set -euo pipefail
store=${1:?usage: study4.sh STORE LLDIF-BINARY}
bin=${2:?usage: study4.sh STORE LLDIF-BINARY}
mkdir -p "$store/logs"
export LLDIF_THREADS=1
for model in poster-lite eac scn rul resnet18; do
  for seed in 6 7 8; do
    for dataset in ll-syn-raf ll-syn-ferplus ll-syn-kdef; do
      for epochs in 16 32; do echo "$model $dataset $seed $epochs"; done
    done
  done
done | xargs -P 2 -L 1 bash -c '
  model=$0 dataset=$1 seed=$2 epochs=$3
  '"$bin"' train --model "$model" --dataset "$dataset" --seed "$seed" --profile quick --set data.seed=1 \
    --set train.eval_every_epoch=false --set train.epochs=$epochs --store '"$store"' \
    > '"$store"'/logs/$model-$dataset-s$seed-e$epochs.log 2>&1 \
    && echo "done $model $dataset seed $seed epochs $epochs $(date +%H:%M)"'
