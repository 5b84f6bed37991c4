"""Writes the reference values AnalysisTests compares against, computed once with scikit-learn
and SciPy. Run from the repository root with the bench environment:

    bench/.venv/bin/python Tests/AnalysisTests/Fixtures/make_fixtures.py

Writes reference.json next to this script. The tests themselves never need Python.
"""
import json
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest, chi2
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities, _kl_divergence
from sklearn.manifold._utils import _binary_search_perplexity
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score,
                             recall_score, silhouette_score)
from sklearn.metrics.pairwise import pairwise_distances

rng = np.random.default_rng(20240501)
out = {"generator": f"scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}"}

# Classification metrics: 60 samples, 5 classes (class 4 never predicted).
truth = rng.integers(0, 5, 60)
predicted = np.where(rng.random(60) < 0.6, truth, rng.integers(0, 4, 60))
out["classification"] = {
    "truth": truth.tolist(), "predicted": predicted.tolist(), "classes": 5,
    "accuracy": accuracy_score(truth, predicted),
    "balanced_accuracy": balanced_accuracy_score(truth, predicted),
    "macro_f1": f1_score(truth, predicted, average="macro", zero_division=0),
    "recall": recall_score(truth, predicted, average=None, labels=list(range(5)), zero_division=0).tolist(),
    "confusion": confusion_matrix(truth, predicted, labels=list(range(5))).ravel().tolist(),
}

# Silhouette: 45 points in 6-D, 3 overlapping clusters.
x = (rng.normal(size=(45, 6)) + np.repeat(rng.normal(scale=1.5, size=(3, 6)), 15, axis=0)).astype(np.float32)
labels = np.repeat(np.arange(3), 15)
out["silhouette"] = {"x": x.ravel().tolist(), "rows": 45, "columns": 6, "labels": labels.tolist(),
                     "score": float(silhouette_score(x.astype(np.float64), labels))}

# Trustworthiness of a noisy random projection: 50 points, 8-D to 2-D.
x = rng.normal(size=(50, 8)).astype(np.float32)
y = (x[:, :2] + 0.5 * rng.normal(size=(50, 2))).astype(np.float32)
out["trustworthiness"] = {"x": x.ravel().tolist(), "y": y.ravel().tolist(), "rows": 50,
                          "k5": float(trustworthiness(x.astype(np.float64), y.astype(np.float64), n_neighbors=5)),
                          "k3": float(trustworthiness(x.astype(np.float64), y.astype(np.float64), n_neighbors=3))}

# PCA: 60 points in 7-D with distinct variances.
x = (rng.normal(size=(60, 7)) * np.array([5, 3, 2, 1.5, 1, 0.5, 0.2])).astype(np.float32)
pca = PCA(n_components=3, svd_solver="full").fit(x.astype(np.float64))
out["pca"] = {"x": x.ravel().tolist(), "rows": 60, "columns": 7,
              "explained_variance": pca.explained_variance_.tolist(), "components": pca.components_.ravel().tolist()}

# Perplexity calibration of conditional P rows (scikit-learn's binary search). With more rows than
# columns scikit-learn reads each row as neighbour distances (no self entry to skip); 4 rows are kept.
distances = (rng.random(size=(50, 40)) * 10).astype(np.float32)
conditional = _binary_search_perplexity(distances, 8.0, 0)
out["perplexity"] = {"squared_distances": distances[:4].ravel().tolist(), "rows": 4, "columns": 40, "perplexity": 8.0,
                     "p": conditional[:4].ravel().tolist()}

# Exact t-SNE objective: P from 25 points in 5-D (perplexity 5), KL and gradient at a given embedding.
x = rng.normal(size=(25, 5)).astype(np.float32)
d = pairwise_distances(x, metric="euclidean", squared=True).astype(np.float32)
p = _joint_probabilities(d, 5.0, 0)
embedding = rng.normal(size=(25, 2)).astype(np.float32)
kl, grad = _kl_divergence(embedding.ravel().astype(np.float64), p, 1, 25, 2)
out["exact_objective"] = {"x": x.ravel().tolist(), "rows": 25, "columns": 5, "perplexity": 5.0,
                          "embedding": embedding.ravel().tolist(), "kl": float(kl), "gradient": grad.tolist()}

# McNemar: exact binomial (small discordant counts) and chi-square with continuity correction.
out["mcnemar"] = [
    {"b": 9, "c": 3, "exact": True, "p": binomtest(3, 12, 0.5).pvalue},
    {"b": 30, "c": 14, "exact": False, "statistic": (abs(30 - 14) - 1) ** 2 / 44,
     "p": float(chi2.sf((abs(30 - 14) - 1) ** 2 / 44, 1))},
]

# Chi-square distribution function and quantiles (the interval of a standard deviation over seeds).
out["chi_squared"] = [
    {"degrees_of_freedom": k, "x": 3.0, "cdf": float(chi2.cdf(3.0, k)),
     "p": [0.025, 0.5, 0.975], "quantiles": [float(chi2.ppf(q, k)) for q in (0.025, 0.5, 0.975)]}
    for k in (1, 2, 3, 5, 10, 30)
]

Path(__file__).with_name("reference.json").write_text(json.dumps(out, indent=1))
print("wrote reference.json")
