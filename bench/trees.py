"""Fit the boosted-trees answer model and export it as data (`bot.retrieval.trees.TreeModel`).

Why a module of its own: the calibration (`bench/calibrate.py`) decides what the answer model learns
and where its threshold lies; this module only knows how to fit trees and turn scikit-learn's fitted
trees into the arrays the bot reads, so the export can be tested against scikit-learn's own
predictions (`tests/retrieval/test_trees.py`).

The hyper-parameters are fixed, not searched: depth-3 trees, 100 rounds at learning rate 0.05, at
least 40 questions per leaf (so no leaf speaks for a handful of one writer's questions). They were
set on the tuning pool's out-of-fold answers in the tenth round (`bench/eval` sets only; never the
test split) and left alone since: a search per refit would fit the threshold's noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from bot.retrieval.trees import Tree, TreeModel

PARAMS: Mapping[str, int | float] = MappingProxyType(
    {"max_iter": 100, "learning_rate": 0.05, "max_depth": 3, "min_samples_leaf": 40})


def fit_trees(x: np.ndarray, y: np.ndarray, seed: int = 0) -> HistGradientBoostingClassifier:
    """Boosted trees on the answer signals (no early stopping: every fit uses all its rows, the same
    number of rounds, so out-of-fold fits and the final one are the same model family)."""
    model = HistGradientBoostingClassifier(**PARAMS, early_stopping=False, random_state=seed)  # type: ignore[arg-type]
    model.fit(x, y)
    return model


def as_tree_model(model: HistGradientBoostingClassifier, names: Sequence[str], fill: Sequence[float],
                  threshold: float, meta: Mapping[str, object]) -> TreeModel:
    """The fitted trees as `TreeModel` arrays. scikit-learn keeps them in `_predictors` (one tree per
    round for a binary model) with `_baseline_prediction` as the starting log-odds; the learning rate
    is already in the leaf values. A split sends a value at most `num_threshold` left, as
    `Tree.leaf_value` does; missing values never reach the trees (the fill stands in for them)."""
    if len(model.classes_) != 2:
        raise ValueError("the answer model is binary")
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not exported")
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(Tree(feature=tuple(int(f) for f in np.where(leaf, -1, nodes["feature_idx"])),
                          threshold=tuple(float(t) for t in np.where(leaf, 0.0, nodes["num_threshold"])),
                          left=tuple(int(i) for i in nodes["left"]), right=tuple(int(i) for i in nodes["right"]),
                          value=tuple(float(v) for v in np.where(leaf, nodes["value"], 0.0))))
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return TreeModel(features=tuple(names), trees=tuple(trees), baseline=baseline,
                     fill=tuple(float(f) for f in fill), threshold=threshold, meta=dict(meta))
