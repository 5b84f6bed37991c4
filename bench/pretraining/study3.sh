#!/usr/bin/env bash
# The third question (bench/pretraining/FINDINGS.md, "Session 11: a third question"): POSTER-lite
# on the validation draw (data.seed=1, quick), training seeds 0–4. Phase A: the defaults on
# ll-syn-ferplus and ll-syn-kdef. Phase B: a candidate (extra --set arguments, or another binary)
# against the defaults on all three datasets. Two runs side by side, one thread each; finished runs
# are reused and interrupted ones resume. The face pretraining does not read data.seed, so a copy of
# another store's face-pretrain/ folder saves its 2.5 minutes.
#   usage: bench/pretraining/study3.sh STORE LLDIF-BINARY "DATASETS" [NAME SETTING...]
#   e.g.   study3.sh /work/runs-val3 /work/runs-val3/lldif-bin "ll-syn-ferplus ll-syn-kdef"
# MODEL (default poster-lite), SEEDS (default "0 1 2 3 4") and NAME's settings choose other studies, e.g.
#   MODEL=lldif-stage1 SEEDS="0 1 2" study3.sh STORE BIN ll-syn-raf noprior ablation.prior_modulation=false
# Judge with: python3 bench/pretraining/study_table.py STORE
set -euo pipefail
store=${1:?usage: study3.sh STORE LLDIF-BINARY "DATASETS" [NAME SETTING...]}
bin=${2:?usage: study3.sh STORE LLDIF-BINARY "DATASETS" [NAME SETTING...]}
datasets=${3:?usage: study3.sh STORE LLDIF-BINARY "DATASETS" [NAME SETTING...]}
name=${4:-default}
shift $(( $# < 4 ? $# : 4 ))
settings=""
for setting in "$@"; do settings+=" --set $setting"; done
mkdir -p "$store/logs"
export LLDIF_THREADS=1
model=${MODEL:-poster-lite}
for seed in ${SEEDS:-0 1 2 3 4}; do
  for dataset in $datasets; do echo "$dataset $seed"; done
done | xargs -P 2 -L 1 bash -c '
  dataset=$0 seed=$1
  '"$bin"' train --model '"$model"' --dataset "$dataset" --seed "$seed" --profile quick --set data.seed=1 \
    --store '"$store"' '"$settings"' > '"$store"'/logs/'"$model"'-$dataset-s$seed-'"$name"'.log 2>&1 \
    && echo "done '"$model"' $dataset seed $seed '"$name"' $(date +%H:%M)"'
