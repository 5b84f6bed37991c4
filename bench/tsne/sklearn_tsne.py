"""Python twin of `bench-tsne`: scikit-learn's Barnes-Hut t-SNE (and openTSNE when installed) on
the input `bench-tsne generate` wrote, from the same PCA initialisation and with the same schedule
(perplexity 30, early exaggeration 12 for 250 iterations, 1000 iterations, learning rate "auto",
theta 0.5, 2 threads). Writes each embedding as raw float32 and the timings to python.json in the
work directory; `bench-tsne compare` scores every embedding with the same Swift code.

Usage: sklearn_tsne.py WORK_DIR [SIZES]   (SIZES: comma-separated, default 3068,10000)
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.manifold import TSNE, trustworthiness

DIMENSIONS = 512


def load(work, n):
    x = np.fromfile(work / f"data_{n}.f32", dtype="<f4").reshape(n, DIMENSIONS)
    init = np.fromfile(work / f"init_{n}.f32", dtype="<f4").reshape(n, 2)
    return x, init


def run_sklearn(x, init):
    tsne = TSNE(n_components=2, perplexity=30.0, early_exaggeration=12.0, learning_rate="auto",
                max_iter=1000, init=init.copy(), method="barnes_hut", angle=0.5, n_jobs=2,
                random_state=0)
    start, start_cpu = time.perf_counter(), time.process_time()
    y = tsne.fit_transform(x)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    return y, {"seconds": seconds, "cpu_seconds": cpu_seconds, "kl_reported": float(tsne.kl_divergence_), "n_iter_": int(tsne.n_iter_)}


def run_opentsne(x, init):
    import openTSNE
    # openTSNE's learning rate "auto" is N / exaggeration in its (4x smaller) convention, the same
    # step as scikit-learn's max(N / 12 / 4, 50) for N >= 2400; its default gradient is FFT.
    tsne = openTSNE.TSNE(n_components=2, perplexity=30, early_exaggeration=12, early_exaggeration_iter=250,
                         n_iter=750, initialization=init.astype(np.float64), neighbors="exact",
                         negative_gradient_method="fft", n_jobs=2, random_state=0)
    start, start_cpu = time.perf_counter(), time.process_time()
    y = tsne.fit(x)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    return np.asarray(y), {"seconds": seconds, "cpu_seconds": cpu_seconds, "kl_reported": float(y.kl_divergence), "gradient": "fft"}


def main():
    work = Path(sys.argv[1])
    sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "3068,10000").split(",")]
    results = {}
    tools = [("sklearn", run_sklearn)]
    try:
        import openTSNE  # noqa: F401
        tools.append(("opentsne", run_opentsne))
    except ImportError:
        print("openTSNE is not installed; measuring scikit-learn only")
    for n in sizes:
        x, init = load(work, n)
        results[str(n)] = {}
        for name, run in tools:
            print(f"[{name}] N={n}: t-SNE...", flush=True)
            y, info = run(x, init)
            info["trustworthiness_sklearn"] = float(trustworthiness(x, y, n_neighbors=5))
            y.astype("<f4").tofile(work / f"{name}_{n}.f32")
            results[str(n)][name] = info
            print(f"[{name}] N={n}: {info['seconds']:.2f} s (CPU {info['cpu_seconds']:.2f} s), KL {info['kl_reported']:.4f}, "
                  f"trustworthiness {info['trustworthiness_sklearn']:.4f}", flush=True)
    (work / "python.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
