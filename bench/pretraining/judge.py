#!/usr/bin/env python3
"""Applies a study's adoption rule, fixed in bench/pretraining/FINDINGS.md before its runs.

A variant is adopted if (1) every one of its seeds is at least FLOOR points above its dataset's
majority rate, on every dataset it ran on, and (2) on each dataset the paired 95 % lower bound of
variant − defaults, from `lldif compare` (hierarchical bootstrap, seeds paired by position, test
images paired), is above −MARGIN. Prints each dataset's evidence and the verdict.

A dataset whose arms share fewer than SEEDS seeds has no verdict yet, and neither has the study.
When the variant's settings reach several models of a chain (LLDif's stage 0, 1 and 2 all read
lldif.stage0.epochs), MODEL= names the one judged (e.g. MODEL=lldif, LLDif itself).
REFERENCE= names the arm the variant is compared with (default: "defaults", study_table.py's
reference values; e.g. REFERENCE="train.epochs=32" once 32 epochs became the default).
A variant that costs more than the defaults must also buy something: GAIN=k adds (3), on at least
k datasets the paired 95 % lower bound is above 0.

    usage: python3 bench/pretraining/judge.py STORE LLDIF-BINARY VARIANT MARGIN [SEEDS=5] [FLOOR=10]
    e.g.   python3 bench/pretraining/judge.py /work/runs-val4 /work/runs-val4/lldif-bin \\
               poster.readout=token_mean 2.5
"""
import os
import re
import subprocess
import sys

from study_table import compare_command, read_groups

DIFFERENCE = re.compile(r"minus the reference (-?[\d.]+) \[(-?[\d.]+), (-?[\d.]+)\] pp")


def main(store, binary, variant, margin, planned, floor):
    groups, majority = read_groups(store)
    model = os.environ.get("MODEL")
    if model:
        groups = {key: runs for key, runs in groups.items() if key[0] == model}
    verdicts, gains = [], 0
    gain = os.environ.get("GAIN", "0")
    if not gain.isdigit():
        sys.exit(f"GAIN={gain!r}: give the number of datasets (a whole number) whose lower bound must be above 0")
    required_gains = int(gain)
    reference_arm = os.environ.get("REFERENCE", "defaults")
    datasets = sorted({dataset for (_, dataset, name) in groups if name == variant})
    if not datasets:
        sys.exit(f"no finished run of the variant {variant!r} in {store}")
    for dataset in datasets:
        (subject,) = {s for (s, d, n) in groups if d == dataset and n == variant}
        runs, reference = groups[(subject, dataset, variant)], groups.get((subject, dataset, reference_arm))
        if not reference:
            sys.exit(f"{dataset}: no finished {reference_arm!r} run to compare with")
        lowest = min(accuracy for accuracy, _ in runs.values())
        learns = lowest >= majority[dataset] + floor
        seeds, arguments = compare_command(store, reference, runs)
        if len(seeds) < planned:
            print(f"{dataset}: {len(seeds)} of {planned} seeds finished in both arms; no verdict yet")
            verdicts.append(None)
            continue
        output = subprocess.run([binary] + arguments, capture_output=True, text=True, check=True).stdout
        match = DIFFERENCE.search(output)
        if not match:
            sys.exit(f"{dataset}: no difference in `lldif compare`'s output:\n{output}")
        estimate, low, high = map(float, match.groups())
        inferior = low <= -margin
        gains += low > 0
        print(f"{dataset}: seeds {seeds}; lowest variant seed {lowest:.2f} against majority "
              f"{majority[dataset]:.2f} + {floor} ({'ok' if learns else 'FAILS'}); variant − defaults "
              f"{estimate} [{low}, {high}] pp, lower bound against −{margin} ({'FAILS' if inferior else 'ok'})")
        verdicts.append(learns and not inferior)
    if None in verdicts:
        print("verdict: none yet (the study is unfinished)")
    else:
        if required_gains:
            print(f"lower bound above 0 on {gains} dataset(s), {required_gains} required "
                  f"({'ok' if gains >= required_gains else 'FAILS'})")
        adopted = all(verdicts) and gains >= required_gains
        print("verdict:", "adopted" if adopted else "not adopted", f"({len(datasets)} dataset(s))")


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6, 7):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]),
         int(sys.argv[5]) if len(sys.argv) > 5 else 5, float(sys.argv[6]) if len(sys.argv) > 6 else 10.0)
