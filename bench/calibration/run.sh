#!/bin/bash
# One calibration run: bench/calibration/run.sh TAG MODEL DATASET [key=value ...]
# Appends "TAG | model | dataset | settings | accuracy | wall s | cpu s | per-epoch val" to
# $RESULTS (default /tmp/calib-results.txt); the run store is /tmp/calib-runs.
tag=$1; model=$2; dataset=$3; shift 3
bin=${LLDIF:-/work/wt/calib/.build/release/lldif}
out=/tmp/calib-logs/$tag.out; mkdir -p /tmp/calib-logs
LLDIF_THREADS=${LLDIF_THREADS:-2} /usr/bin/time -v "$bin" train --model "$model" --dataset "$dataset" --profile quick \
    --store ${STORE:-/tmp/calib-runs} --set "$@" > "$out" 2> "$out.time"
acc=$(grep -o 'test accuracy [0-9.]*' "$out" | awk '{print $3}')
wall=$(grep 'Elapsed (wall' "$out.time" | awk '{print $NF}')
user=$(grep 'User time' "$out.time" | awk '{print $NF}'); sys=$(grep 'System time' "$out.time" | awk '{print $NF}')
folder=$(grep '^folder:' "$out" | awk '{print $2}')
vals=$(python3 -c "import json,sys;print(' '.join('%.3f/%.3f/%.2f'%(r.get('loss',0),r.get('train_accuracy',0),r.get('val_accuracy',0)) for r in map(json.loads,open('$folder/log.jsonl'))))" 2>/dev/null)
echo "$tag | $model | $dataset | $* | $acc | $wall | $(echo "$user + $sys" | bc) | $vals" | tee -a ${RESULTS:-/tmp/calib-results.txt}
