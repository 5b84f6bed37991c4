#!/usr/bin/env bash
# Session 23's two studies (bench/pretraining/FINDINGS.md, "Session 23"), one queue, two runs side
# by side on one thread each; finished runs are reused and interrupted ones resume.
#   A: SCN with scn.relabel_from=0.5 on the validation draw (data.seed=1), seeds 6, 7, 8, the three
#      low-light datasets, into STORE-A (session 22's store: its 32-epoch SCN runs are the defaults arm).
#   B: normal-light ResNet-18 on syn-kdef and low-light ResNet-18 on ll-syn-kdef, seeds 6, 7, 8, for
#      each syn-kdef candidate (K1, K2), built by the study branch's binary KDEF-BIN (it reads
#      LLDIF_STUDY_KDEF), each candidate in its own store STORE-B-K1, STORE-B-K2 (no shared data cache).
#   usage: bench/pretraining/study5.sh STORE-A BIN KDEF-BIN STORE-B-PREFIX
# Judge A with: MODEL=scn python3 bench/pretraining/judge.py STORE-A BIN scn.relabel_from=0.5 1000 3
# and study_table.py STORE-A; B with study_table.py STORE-B-PREFIX-K1 (and -K2).
set -euo pipefail
store_a=${1:?usage: study5.sh STORE-A BIN KDEF-BIN STORE-B-PREFIX}
bin=${2:?usage: study5.sh STORE-A BIN KDEF-BIN STORE-B-PREFIX}
kdef_bin=${3:?usage: study5.sh STORE-A BIN KDEF-BIN STORE-B-PREFIX}
prefix=${4:?usage: study5.sh STORE-A BIN KDEF-BIN STORE-B-PREFIX}
export LLDIF_THREADS=1
mkdir -p "$store_a/logs"
for k in K1 K2; do
  mkdir -p "$prefix-$k/logs"
  # The face pretraining does not read syn-kdef: every store shares session 22's run.
  [ -d "$prefix-$k/face-pretrain" ] || cp -a "$store_a/face-pretrain" "$prefix-$k/"
done
{
  for seed in 6 7 8; do
    for dataset in ll-syn-raf ll-syn-ferplus ll-syn-kdef; do echo "A - $seed scn $dataset"; done
    for k in K1 K2; do
      for dataset in syn-kdef ll-syn-kdef; do echo "B $k $seed resnet18 $dataset"; done
    done
  done
} | xargs -P 2 -L 1 bash -c '
  study=$0 k=$1 seed=$2 model=$3 dataset=$4
  if [ "$study" = A ]; then
    '"$bin"' train --model scn --dataset "$dataset" --seed "$seed" --profile quick --set data.seed=1 \
      --set train.eval_every_epoch=false --set scn.relabel_from=0.5 --store '"$store_a"' \
      > '"$store_a"'/logs/scn-$dataset-s$seed-relabel-half.log 2>&1
  else
    LLDIF_STUDY_KDEF=$k '"$kdef_bin"' train --model "$model" --dataset "$dataset" --seed "$seed" --profile quick \
      --set data.seed=1 --set train.eval_every_epoch=false --store '"$prefix"'-$k \
      > '"$prefix"'-$k/logs/$model-$dataset-s$seed.log 2>&1
  fi && echo "done $study $k $model $dataset seed $seed $(date +%H:%M)"'
