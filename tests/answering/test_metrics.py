"""The evaluation metrics on a tiny hand-made set, computed by hand in the comments."""

from __future__ import annotations

import pytest

from bot.domain import Chunk, SourceKind
from bot.eval.metrics import EvalItem, Outcome, fact_found, is_hit, normalise_fact_text, report, summarise


def chunk(doc: str, key: str = "", text: str = "") -> Chunk:
    return Chunk(chunk_id=f"{doc}|{key}|{text[:10]}", source_id=doc, doc_id=doc, kind=SourceKind.LAW, title=doc,
                 section_key=key, text=text or f"{doc} {key}")


A4 = chunk("A", "§4")
A5 = chunk("A", "§5")
B4 = chunk("B", "§4")
LETTER = chunk("L", "", "Det er  fare for at arbeidet\nblir tilfeldig og personavhengig.")


def test_hit_rules() -> None:
    assert is_hit(A4, {"doc": "A", "section": "§4"})
    assert not is_hit(B4, {"doc": "A", "section": "§4"})  # same § number, other law
    assert is_hit(LETTER, {"doc": "L", "contains": "ARBEIDET blir tilfeldig"})  # case and whitespace collapsed
    assert not is_hit(LETTER, {"doc": "A", "contains": "arbeidet blir tilfeldig"})


def test_fact_normalisation() -> None:
    assert normalise_fact_text("Kommuneloven § 25-1 – tre bydeler") == "kommuneloven §25-1 - 3 bydeler"
    assert fact_found("3 bydeler", "Det gjaldt tre  bydeler.")
    assert fact_found("taushetsplikt|teieplikt", "Alle har teieplikt.")
    assert not fact_found("treff", "tre ff")  # number words only as whole words
    assert normalise_fact_text("TREDJE") == "tredje"


def test_summary_by_hand() -> None:
    items = [
        EvalItem("q1", "?", "law", [{"doc": "A", "section": "§4"}], ["x", "y"]),  # hit at rank 2
        EvalItem("q2", "?", "law", [{"doc": "A", "section": "§5"}], ["z"]),  # hit at rank 7
        EvalItem("q3", "?", "letter", [{"doc": "L", "contains": "personavhengig"}], ["tilfeldig"]),  # rank 1
        EvalItem("q4", "?", "unanswerable"),  # declined
        EvalItem("q5", "?", "unanswerable"),  # answered
    ]
    filler = [chunk("C", f"§{i}") for i in range(10)]
    outcomes = [
        Outcome(items[0], [B4, A4, *filler], "x og ikke den andre", False),  # facts 1/2
        Outcome(items[1], [*filler[:6], A5], "z", False),  # facts 1/1
        Outcome(items[2], [LETTER], "Jeg finner ikke noe grunnlag", True),  # declined: facts 0/1
        Outcome(items[3], [], "Jeg finner ikke noe grunnlag", True),
        Outcome(items[4], [A4], "noe", False),
    ]
    s = summarise(outcomes)
    assert s["recall@5"] == pytest.approx(2 / 3)
    assert s["mrr@10"] == pytest.approx((1 / 2 + 1 / 7 + 1) / 3)
    assert s["abstention_accuracy"] == pytest.approx(1 / 2)
    assert s["false_abstention_rate"] == pytest.approx(1 / 3)
    assert s["key_fact_coverage"] == pytest.approx((0.5 + 1 + 0) / 3)
    assert s["all_key_facts"] == pytest.approx(1 / 3)
    per_kind = report(outcomes)
    assert per_kind["letter"]["recall@5"] == 1.0 and per_kind["law"]["recall@5"] == 0.5
    assert per_kind["unanswerable"]["recall@5"] is None


def test_answer_metrics_judge_the_cited_sources() -> None:
    items = [
        EvalItem("r", "?", "law", [{"doc": "A", "section": "§4", "ledd": [2]}]),  # first cited: right §, right ledd
        EvalItem("l", "?", "law", [{"doc": "A", "section": "§4", "ledd": [2]}]),  # right §, another ledd
        EvalItem("s", "?", "law", [{"doc": "A", "section": "§5"}]),  # right source only second: not right_first
        EvalItem("w", "?", "law", [{"doc": "A", "section": "§5"}]),  # no cited source is expected: wrong_source
        EvalItem("d", "?", "law", [{"doc": "A", "section": "§5"}]),  # declined: neither right nor wrong
        EvalItem("u", "?", "unanswerable"),
    ]
    outcomes = [
        Outcome(items[0], [A4], "x", False, cited=[(A4, 2)]),
        Outcome(items[1], [A4], "x", False, cited=[(A4, 3)]),
        Outcome(items[2], [A4, A5], "x", False, cited=[(A4, 1), (A5, None)]),
        Outcome(items[3], [B4], "x", False, cited=[(B4, 1)]),
        Outcome(items[4], [], "Jeg finner ikke", True),
        Outcome(items[5], [], "Jeg finner ikke", True),
    ]
    s = summarise(outcomes)
    assert s["right_first"] == pytest.approx(2 / 5)  # r and l (the § is right; the ledd is not asked here)
    assert s["right_ledd"] == pytest.approx(1 / 5)  # only r names the decisive ledd
    assert s["wrong_source"] == pytest.approx(1 / 5)  # w
    assert s["false_abstention_rate"] == pytest.approx(1 / 5)
