"""Weighted reciprocal-rank fusion."""

from __future__ import annotations

from bot.retrieval.fusion import reciprocal_rank_fusion


def test_agreement_wins_and_top_scores_one() -> None:
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["a", "c", "d"], 1.0)], k=5)
    assert [key for key, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == 1.0


def test_weights_decide_between_rankers() -> None:
    keyword_first = reciprocal_rank_fusion([(["k"], 1.0), (["d"], 0.2)], k=5)
    assert [key for key, _ in keyword_first] == ["k", "d"]
    dense_first = reciprocal_rank_fusion([(["k"], 0.2), (["d"], 1.0)], k=5)
    assert [key for key, _ in dense_first] == ["d", "k"]


def test_small_dense_weight_cannot_overturn_a_clear_keyword_lead() -> None:
    # x: 1/6 = 0.167; z: 1/8 + 0.2/6 = 0.158 -> keyword rank 1 stays first; z still passes y (1/7 = 0.143)
    fused = reciprocal_rank_fusion([(["x", "y", "z"], 1.0), (["z"], 0.2)], k=5)
    assert [key for key, _ in fused] == ["x", "z", "y"]


def test_empty_ranker_does_not_shrink_scores() -> None:
    fused = reciprocal_rank_fusion([(["a"], 1.0), ([], 0.5)], k=5)
    assert fused == [("a", 1.0)]
