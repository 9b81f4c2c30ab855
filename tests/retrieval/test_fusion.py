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


def test_a_list_silent_about_a_key_it_cannot_rank_is_imputed_by_share() -> None:
    # "p" ranks only the keys it covers ({"a"}); "b" is first by text but has no curated questions
    rankings = [(["b", "a"], 1.0), (["a"], 4.0)]
    plain = reciprocal_rank_fusion(rankings, k=5, covers=[None, {"a"}])
    assert [key for key, _ in plain] == ["a", "b"]  # impute 0: ranked nowhere by "p", as before
    full = reciprocal_rank_fusion(rankings, k=5, covers=[None, {"a"}], impute=1.0)
    # b: 1/6 + 4 * 1/6 = 5/6 of the best; a: 1/7 + 4/6 (ranked by "p", no imputation)
    assert [key for key, _ in full] == ["b", "a"]
    assert abs(dict(full)["b"] - 1.0) < 1e-9  # 5/6 scaled by the best possible, (1 + 4)/6
    half = dict(reciprocal_rank_fusion(rankings, k=5, covers=[None, {"a"}], impute=0.5))
    assert abs(half["b"] - (1 / 6 + 0.5 * 4 / 6) / (5 / 6)) < 1e-9
    assert abs(half["a"] - dict(plain)["a"]) < 1e-9  # a covered key is never imputed


def test_imputation_reads_only_lists_that_cover_every_key() -> None:
    # "c" is ranked by neither full list: nothing to impute from, its score stays what "q" gave
    fused = dict(reciprocal_rank_fusion([(["a"], 1.0), (["c"], 2.0), (["a", "c"], 1.0)], k=5,
                                        covers=[None, {"c"}, {"a", "c"}], impute=1.0))
    assert abs(fused["c"] - (2 / 6 + 1 / 7) / (4 / 6)) < 1e-9
    # a: 1/6, plus 1.0 × (1/6) × 2 (the list "c" that does not cover it), plus 1/6 from the third
    assert abs(fused["a"] - (1 / 6 + 2 / 6 + 1 / 6) / (4 / 6)) < 1e-9
