#!/usr/bin/env python3
"""Per-variant accuracies of a validation-draw study store (bench/pretraining/FINDINGS.md).

Reads every finished run (config.json + metrics.json) under STORE whose data.seed is not the
reported draw's (0), groups them by model and by the settings that differ from the quick profile's
defaults, and prints, per group, the accuracy per training seed, the mean and the sample standard
deviation, and the majority-class rate of its test split (from the confusion matrix), then the
`lldif compare` line that gives each variant's paired interval against the
defaults of the same model (seeds in the same order).

    usage: python3 bench/pretraining/study_table.py STORE
"""
import json
import statistics
import sys
from pathlib import Path

# The settings a study varies, with the values of its reference arm ("defaults"): the quick profile's
# defaults when the studies in FINDINGS.md ran. lldif.stage0.epochs stays 12, the reference arm of
# session 19's study, which made 24 the default, and train.epochs 16, the reference arm of session
# 22's, which made 32 the default; so their judge commands still read as recorded.
VARIED = {"train.epochs": 16, "train.learning_rate": 0.003, "train.warmup_epochs": 1,
          "pretrain.landmark_weight": 100, "lldif.stage0.epochs": 12, "lldif.stage1.epochs": 2, "lldif.stage1.learning_rate": 0.003,
          "poster.readout": "class_token", "scn.relabel_from": 0.25}
# Settings that choose what a study is about rather than a variant of it: part of the model's name.
SUBJECT = {"ablation.prior_modulation": True}


def setting(settings, path, default):
    """The value at a dotted path of a run's settings, or `default` when the run does not read it."""
    for key in path.split("."):
        if not isinstance(settings, dict) or key not in settings:
            return default
        settings = settings[key]
    return settings


def changed(settings, table):
    return [f"{path}={setting(settings, path, default)}" for path, default in table.items()
            if setting(settings, path, default) != default]


def variant(settings):
    return ", ".join(changed(settings, VARIED)) or "defaults"


def read_groups(store):
    """{(subject, dataset, variant): {seed: (accuracy %, run name)}} and {dataset: majority rate %}."""
    groups, majority = {}, {}
    for config_file in sorted(Path(store).glob("*/*/config.json")):
        metrics_file = config_file.with_name("metrics.json")
        spec = json.loads(config_file.read_text())
        settings = spec["settings"]
        if spec["model"] == "face-pretrain" or not metrics_file.exists() or settings["data"]["seed"] == 0:
            continue
        metrics = json.loads(metrics_file.read_text())
        accuracy = metrics["accuracy"]
        confusion = metrics["confusion_matrix"]
        majority[spec["dataset"]] = 100 * max(map(sum, confusion)) / sum(map(sum, confusion))
        subject = " ".join([spec["model"]] + changed(settings, SUBJECT))
        key = (subject, spec["dataset"], variant(settings))
        name = f"{spec['model']}/{config_file.parent.name}"
        groups.setdefault(key, {})[settings["train"]["seed"]] = (100 * accuracy, name)
    return groups, majority


def compare_command(store, reference, runs):
    """The `lldif compare` arguments pairing the seeds both groups have, in seed order."""
    seeds = sorted(set(runs) & set(reference))
    return seeds, ["compare", "--store", store, ",".join(reference[s][1] for s in seeds),
                   ",".join(runs[s][1] for s in seeds)]


def main(store):
    groups, majority = read_groups(store)
    print("| model | dataset | variant | per seed | mean | sd over seeds | majority rate |")
    print("|---|---|---|---|---|---|---|")
    for (model, dataset, name), runs in sorted(groups.items()):
        values = [runs[s][0] for s in sorted(runs)]
        sd = f"{statistics.stdev(values):.2f}" if len(values) > 1 else "–"
        per_seed = ", ".join(f"{s}: {runs[s][0]:.2f}" for s in sorted(runs))
        print(f"| {model} | {dataset} | {name} | {per_seed} | {statistics.mean(values):.2f} | {sd} | {majority[dataset]:.2f} |")
    print()
    for (model, dataset, name), runs in sorted(groups.items()):
        reference = groups.get((model, dataset, "defaults"))
        if name == "defaults" or not reference:
            continue
        seeds, arguments = compare_command(store, reference, runs)
        print(f"# {model} {dataset}: {name} against the defaults, seeds {seeds}")
        print("lldif " + " ".join(arguments))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
