#!/usr/bin/env python3
"""CPU time of a plan's training runs, from their epoch logs, per model.

A run paused mid-epoch (SIGSTOP during a CI run) logs that epoch's pause as wall time; an epoch
longer than twice its run's median epoch is counted as twice the median, which removes such pauses
(and any heavy contention) from the total. Runs train with one thread, so epoch wall time is CPU
time. Usage:
    lldif plan --profile quick --format json > plan.json   (with LLDIF_RUNS set to the store)
    python3 bench/engine/epoch_time.py plan.json STORE
"""
import collections
import json
import statistics
import sys

plan, store = sys.argv[1], sys.argv[2]
raw, clipped, count = collections.Counter(), collections.Counter(), collections.Counter()
for line in open(plan):
    if not line.strip():
        continue
    run = json.loads(line)
    try:
        epochs = [json.loads(l)["wall_seconds"] for l in open(f"{store}/{run['run']}/log.jsonl")]
    except FileNotFoundError:
        print(f"{run['run']}: no epoch log (not trained?)", file=sys.stderr)
        continue
    median = statistics.median(epochs)
    raw[run["model"]] += sum(epochs)
    clipped[run["model"]] += sum(min(e, 2 * median) for e in epochs)
    count[run["model"]] += 1
for model, seconds in clipped.most_common():
    print(f"{model:14} {count[model]:3} runs  {seconds / 3600:5.2f} h  (raw {raw[model] / 3600:5.2f} h)")
print(f"{'total':14} {sum(count.values()):3} runs  {sum(clipped.values()) / 3600:5.2f} h  (raw {sum(raw.values()) / 3600:5.2f} h)")
