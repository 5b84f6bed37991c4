#!/usr/bin/env python3
"""Issue #19's learning targets read over the paper's and the replication's seeds together.

Chapter 04 reads three seeds at a time; its spread target (sd over seeds <= 2 points) is rarely
decided by three. This pools the accuracy-table runs of two plans on one run store (the paper's,
seeds 0-2, and `make replication`'s, seeds 3-5) and prints, per method and dataset, every seed's
test accuracy, the worst seed's margin above the majority-class rate (from its confusion matrix),
the sample standard deviation over all seeds, and the chi-square 95 % interval of the true one
(normal seeds). Which runs count comes from `lldif plan --format json`, the plans' one source:
runs of chapter 04 without a study variant, baselines and LLDif, low-light datasets.

    LLDIF_RUNS=STORE lldif plan --profile quick --set data.source=synthetic --format json > paper.json
    LLDIF_RUNS=STORE lldif plan ... --set paper.seeds=3,4,5 ... --format json > replication.json
    python3 bench/pretraining/six_seeds.py STORE paper.json replication.json
"""
import json
import statistics
import sys
from pathlib import Path

# Chi-square quantiles (2.5 % and 97.5 %) by degrees of freedom, from standard tables: the interval
# of the true sd is [s * sqrt(df / q97.5), s * sqrt(df / q2.5)].
CHI2 = {2: (0.0506, 7.378), 3: (0.2158, 9.348), 4: (0.4844, 11.143), 5: (0.8312, 12.833)}
METHODS = ["resnet18", "scn", "rul", "eac", "poster-lite", "lldif"]


def accuracy_runs(plan_file):
    for line in open(plan_file):
        if not line.strip():
            continue
        run = json.loads(line)
        if (run["model"] in METHODS and "04-accuracy" in run["chapters"] and not run["variant"]
                and run["dataset"].startswith("ll-")):
            yield run


def main(store, *plans):
    cells = {}
    for plan in plans:
        for run in accuracy_runs(plan):
            metrics = json.loads((Path(store) / run["run"] / "metrics.json").read_text())
            rows = [sum(row) for row in metrics["confusion_matrix"]]
            cells.setdefault((run["model"], run["dataset"]), {})[run["seed"]] = (metrics["accuracy"], max(rows) / sum(rows))
    print("| method | dataset | accuracy per seed (%) | worst seed - majority (pp) | sd (pp) | 95 % interval of the true sd | target |")
    print("|---|---|---|---|---|---|---|")
    for (model, dataset), seeds in sorted(cells.items(), key=lambda c: (METHODS.index(c[0][0]), c[0][1])):
        accuracies = [100 * seeds[s][0] for s in sorted(seeds)]
        margin = min(100 * (a - m) for a, m in seeds.values())
        sd = statistics.stdev(accuracies)
        low, high = CHI2[len(accuracies) - 1]
        df = len(accuracies) - 1
        interval = (sd * (df / high) ** 0.5, sd * (df / low) ** 0.5)
        decided = "within" if interval[1] <= 2 else "beyond" if interval[0] > 2 else "undecided"
        met = margin >= 10 and sd <= 2
        print(f"| {model} | {dataset} | {', '.join(f'{a:.1f}' for a in accuracies)} | {margin:.1f} | {sd:.1f} | "
              f"[{interval[0]:.1f}, {interval[1]:.1f}] {decided} | {'met' if met else 'missed'} |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], *sys.argv[2:])
