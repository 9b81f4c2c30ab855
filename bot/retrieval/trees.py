"""A boosted-trees answer model stored as data: the answerability decision as a sum of small trees.

Why trees for this one decision: the answer model weighs signals whose effect is not one slope each.
A high keyword score means little when the question names another law; "a kind of fact is missing"
matters only when coverage is also low. A logistic model adds the signals up and cannot express
"this one only together with that one"; depth-3 trees can. Measured on the tuning pool's out-of-fold
answers (2,382 questions, tenth round, same threshold rule): ROC AUC 0.983 → 0.988 and utility at the
chosen threshold 1,377 → 1,409 against the logistic model. Built and measured in the eleventh round:
better out of fold again, but on new writers' questions it answered more and more of it wrong, so
the committed model is logistic (BENCHMARKS.md); these trees remain selectable.

The trees are fitted offline by `bench/calibrate.py` (scikit-learn's HistGradientBoostingClassifier)
and exported as plain arrays, so the bot reads JSON, not pickles, and needs no scikit-learn at run
time. Scoring walks each tree from its root: at a split node go left when the value is at most the
node's threshold; the log-odds is the baseline plus the leaves reached.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.retrieval.odds import read_kinds, read_vetoes, sigmoid, written_kinds, written_vetoes

KIND = "boosted_trees"  # the `kind` recorded in the JSON file (`bot.retrieval.ranker.read_answer_model`)


@dataclass(frozen=True)
class Tree:
    """One regression tree as parallel arrays over its nodes (node 0 is the root).

    `feature[i] < 0` marks a leaf, whose log-odds contribution is `value[i]`; a split node sends a
    value at most `threshold[i]` to `left[i]`, a larger one to `right[i]`."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def __post_init__(self) -> None:
        n = len(self.feature)
        if not n or any(len(a) != n for a in (self.threshold, self.left, self.right, self.value)):
            raise ValueError("a tree's node arrays must be non-empty and of equal length")
        if not all(math.isfinite(x) for x in (*self.threshold, *self.value)):
            raise ValueError("a tree's thresholds and leaf values must be finite numbers")
        for i, f in enumerate(self.feature):  # children come after their parent: no loops, no dangling index
            if f >= 0 and not (i < self.left[i] < n and i < self.right[i] < n):
                raise ValueError(f"node {i} points outside its tree")

    def leaf_value(self, row: Sequence[float]) -> float:
        node = 0
        while self.feature[node] >= 0:
            node = self.left[node] if row[self.feature[node]] <= self.threshold[node] else self.right[node]
        return self.value[node]

    def as_json(self) -> dict[str, list[float]]:
        """Full precision (JSON floats round-trip): a rounded threshold could move a value across it."""
        return {"feature": list(self.feature), "threshold": list(self.threshold),
                "left": list(self.left), "right": list(self.right), "value": list(self.value)}

    @classmethod
    def from_json(cls, data: Mapping[str, Sequence[float]]) -> Tree:
        return cls(feature=tuple(int(f) for f in data["feature"]),
                   threshold=tuple(float(t) for t in data["threshold"]),
                   left=tuple(int(i) for i in data["left"]), right=tuple(int(i) for i in data["right"]),
                   value=tuple(float(v) for v in data["value"]))


@dataclass(frozen=True)
class TreeModel:
    """P(answer) = sigmoid(baseline + Σ tree leaf values) over named features.

    `fill`: the value a feature takes when its signal could not be computed (NaN): the mean it had
    in fitting, as the logistic model reads a NaN (`LinearModel.logit`), so a missing signal moves
    the answer as little as it can."""

    features: tuple[str, ...]
    trees: tuple[Tree, ...]
    baseline: float
    fill: tuple[float, ...]
    threshold: float = 0.5
    meta: Mapping[str, object] = field(default_factory=dict)
    vetoes: tuple[str, ...] | None = None  # as `bot.retrieval.ranker.AnswerModel.vetoes`
    kinds: tuple[str, ...] | None = None  # as `bot.retrieval.ranker.AnswerModel.kinds`

    def __post_init__(self) -> None:
        if len(self.fill) != len(self.features):
            raise ValueError("one fill value per feature")
        if not all(math.isfinite(x) for x in (self.baseline, *self.fill)):
            # JSON accepts NaN: a NaN log-odds would read as certain (`sigmoid` clamps it to the top)
            raise ValueError("the baseline and fill values must be finite numbers")
        for tree in self.trees:
            if any(f >= len(self.features) for f in tree.feature):
                raise ValueError("a tree splits on a feature the model does not name")

    def number(self, key: str, default: float = 0.0) -> float:
        value = self.meta.get(key, default)
        return float(value) if isinstance(value, (int, float)) else default

    def logit(self, values: Mapping[str, float] | Sequence[float]) -> float:
        if isinstance(values, Mapping):
            raw = [float(values.get(name, 0.0)) for name in self.features]
        else:
            raw = [float(v) for v in values]
        if len(raw) != len(self.features):
            raise ValueError(f"expected {len(self.features)} values, got {len(raw)}")
        row = [m if math.isnan(x) else x for x, m in zip(raw, self.fill, strict=True)]
        return self.baseline + sum(tree.leaf_value(row) for tree in self.trees)

    def probability(self, values: Mapping[str, float] | Sequence[float]) -> float:
        return sigmoid(self.logit(values))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TreeModel:  # parsed JSON
        if data.get("kind") != KIND:
            raise ValueError(f"not a {KIND} model")
        return cls(features=tuple(str(f) for f in data["features"]),
                   trees=tuple(Tree.from_json(t) for t in data["trees"]), baseline=float(data["baseline"]),
                   fill=tuple(float(f) for f in data["fill"]), threshold=float(data.get("threshold", 0.5)),
                   meta=dict(data.get("meta", {})), vetoes=read_vetoes(data), kinds=read_kinds(data))

    @classmethod
    def load(cls, path: Path) -> TreeModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def dump(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"kind": KIND, "features": list(self.features), "baseline": self.baseline,
                   "fill": list(self.fill), "threshold": round(self.threshold, 4),
                   **written_vetoes(self.vetoes), **written_kinds(self.kinds), "meta": dict(self.meta), "trees": [t.as_json() for t in self.trees]}
        path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
