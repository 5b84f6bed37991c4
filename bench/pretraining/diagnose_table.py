"""Session 18's diagnosis table: per draw and seed, the test accuracy of LLDif's stage 0, stage 1
and stage 2 on ll-syn-kdef, read from the logs `diagnose_kdef.sh` wrote, with the rule fixed in
bench/pretraining/FINDINGS.md: a seed falls behind in a stage when it is more than 10 points below
the median of the other seeds of the same draw in that stage (marked with *).

Usage: python3 bench/pretraining/diagnose_table.py STORE
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


def main(store):
    logs = Path(store) / "logs"
    runs = {}
    for log in logs.glob("lldif-stage0-draw*-s*.log"):
        draw, seed = re.match(r"lldif-stage0-draw(\d+)-s(\d+)\.log", log.name).groups()
        runs[(int(draw), int(seed))] = {model: accuracy(logs / f"{model}-draw{draw}-s{seed}.log")
                                        for model, _ in STAGES}
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


if __name__ == "__main__":
    main(sys.argv[1])
