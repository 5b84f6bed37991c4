"""Session 18's diagnosis table: per draw and seed, the test accuracy of LLDif's stage 0, stage 1
and stage 2 on ll-syn-kdef, read from the logs `diagnose_kdef.sh` wrote, with the rule fixed in
bench/pretraining/FINDINGS.md: a seed falls behind in a stage when it is more than 10 points below
the median of the other seeds of the same draw in that stage (marked with *).

Usage: python3 bench/pretraining/diagnose_table.py STORE [NAME [DATASET]]
With NAME (a candidate's label, `diagnose_kdef.sh`'s NAME=), also the candidate's runs beside the
defaults' of the same draw and seed: each arm's mean and sd, the paired differences, and the
screen's reading fixed in FINDINGS ("worth a study" only if LLDif's mean paired difference is
positive and no candidate seed falls behind). With DATASET (other than ll-syn-kdef), the runs
`diagnose_kdef.sh` trained with DATASET= instead.
"""
import re
import statistics
import sys
from pathlib import Path

STAGES = [("lldif-stage0", "stage 0 (LA-CLIP)"), ("lldif-stage1", "stage 1 (oracle)"), ("lldif", "stage 2 (LLDif)")]


def accuracy(log):
    """The test accuracy (%) a finished run's log reports, or None while it runs."""
    if not log.exists():
        return None
    found = re.findall(r"test accuracy ([0-9.]+) on", log.read_text())
    return 100 * float(found[-1]) if found else None


def read_runs(logs, suffix=""):
    """{(draw, seed): {model: accuracy}} for the logs of one arm (`suffix` "" for the defaults)."""
    runs = {}
    for log in logs.glob(f"lldif-stage0-draw*-s*{suffix}.log"):
        match = re.match(rf"lldif-stage0-draw(\d+)-s(\d+){re.escape(suffix)}\.log$", log.name)
        if not match:
            continue
        draw, seed = match.groups()
        runs[(int(draw), int(seed))] = {model: accuracy(logs / f"{model}-draw{draw}-s{seed}{suffix}.log")
                                        for model, _ in STAGES}
    return runs


def compare(defaults, candidate, name):
    """The screen: both arms on the candidate's (draw, seed) pairs, paired differences, reading."""
    keys = sorted(k for k in candidate if k in defaults)
    print(f"\n{name} against the defaults, {len(keys)} paired seeds")
    print("| draw | seed | stage 0: defaults → " + name + " | LLDif: defaults → " + name + " |")
    print("|---|---|---|---|")
    def shown(value):
        return "running" if value is None else f"{value:.1f}"

    for key in keys:
        d, c = defaults[key], candidate[key]
        print(f"| {key[0]} | {key[1]} | {shown(d['lldif-stage0'])} → {shown(c['lldif-stage0'])} | "
              f"{shown(d['lldif'])} → {shown(c['lldif'])} |")
    done = [k for k in keys if candidate[k]["lldif"] is not None]
    if len(done) < 2:
        return
    for model, label in [("lldif-stage0", "stage 0"), ("lldif", "LLDif")]:
        a = [defaults[k][model] for k in done]
        b = [candidate[k][model] for k in done]
        diff = [y - x for x, y in zip(a, b)]
        print(f"{label}: defaults {statistics.mean(a):.1f} ± {statistics.stdev(a):.1f}, {name} "
              f"{statistics.mean(b):.1f} ± {statistics.stdev(b):.1f}; paired difference "
              f"{statistics.mean(diff):+.1f} (per seed: {', '.join(f'{x:+.1f}' for x in diff)})")
    lldif = [candidate[k]["lldif"] for k in done]
    behind = [k for k in done if candidate[k]["lldif"] < statistics.median(
        [candidate[j]["lldif"] for j in done if j != k]) - 10]
    gain = statistics.mean(candidate[k]["lldif"] - defaults[k]["lldif"] for k in done)
    verdict = "worth a study" if gain > 0 and not behind else "not worth a study"
    print(f"reading ({len(done)} of {len(keys)} seeds done, {len(behind)} candidate seeds behind): {verdict}")


def main(store, name=None, dataset="ll-syn-kdef"):
    logs = Path(store) / "logs"
    base = "" if dataset == "ll-syn-kdef" else f"-{dataset}"
    runs = read_runs(logs, base)
    print(f"{dataset}:")
    print("| draw | seed | " + " | ".join(name for _, name in STAGES) + " |")
    print("|---|---|" + "---|" * len(STAGES))
    for (draw, seed) in sorted(runs):
        cells = []
        for model, _ in STAGES:
            value = runs[(draw, seed)][model]
            others = [runs[key][model] for key in runs if key[0] == draw and key != (draw, seed)
                      and runs[key][model] is not None]
            if value is None:
                cells.append("running")
                continue
            behind = len(others) > 0 and value < statistics.median(others) - 10
            cells.append(f"{value:.1f}{' *' if behind else ''}")
        print(f"| {draw} | {seed} | " + " | ".join(cells) + " |")
    if name:
        compare(runs, read_runs(logs, f"{base}-{name}"), name)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, sys.argv[3] if len(sys.argv) > 3 else "ll-syn-kdef")
