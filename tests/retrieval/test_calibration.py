"""The calibration scores candidates exactly as the retriever fuses them (`bench/calibrate.py`).

Why: the answer model's inputs (the best unit's fused score, its margin) are computed offline from
the candidates' ranks; if the offline score differed from the live one, the threshold would be fitted
on one scale and used on another. Lists that return nothing are left out of the scale at run time
(a question that shares no word with any probe question), so they must be offline too.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bench.calibrate import (
    INTENT_MIN_DF,
    WRONG_COST,
    Pool,
    _choose_vetoes,
    _forced,
    _grade_for,
    _outcome,
    _threshold,
    _unseen_veto_outcome,
    _weights,
    as_linear,
    fit_intent,
    fit_lr,
    intent_vocabulary,
    writer_groups,
)
from bot.domain import Answer, Chunk, Passage
from bot.retrieval.hybrid import HybridRetriever, Retrieval
from bot.retrieval.probes import ProbeMatrix, StoredProbe
from bot.retrieval.ranker import PRECONDITIONS, WORD_FEATURE, Models, intent_inputs, intent_terms
from bot.retrieval.references import ReferenceParser
from bot.settings import Settings
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.index.conftest import make_chunk

CHUNKS = [
    make_chunk("krisesenterlova", "§4", "§ 4 Kommunen skal samordne tenestetilbodet til brukarane.", doc_id="LOV-KSL",
               passages=[Passage(text="Kommunen skal samordne tenestetilbodet til brukarane.", ledd=1)]),
    make_chunk("kommuneloven", "§30-5", "§ 30-5 Kommunen kan klage på vedtak etter tilsyn.", doc_id="LOV-KL"),
    make_chunk("kommuneloven", "§30-4", "§ 30-4 Statsforvalteren kan gi pålegg om retting.", doc_id="LOV-KL"),
]


@pytest.mark.parametrize("impute", [0.0, 0.6])  # units without curated questions: ranked nowhere, or imputed
@pytest.mark.parametrize("question", [
    "Kan bydelen klage på pålegget?",  # every list finds something
    "samordne tenestetilbodet",  # no probe question shares a word: the probe keyword list is empty
])
def test_the_offline_fused_score_is_the_retrievers(question: str, impute: float) -> None:
    embedder = HashingEmbedder()
    probes = ProbeMatrix([StoredProbe(CHUNKS[1].chunk_id, embedder.embed_query("Kan bydelen klage?"),
                                      "Kan bydelen klage på pålegg fra SF?")])
    weights = _weights(0.7, 1.2, 0.9)
    retriever = HybridRetriever(CHUNKS, parser=ReferenceParser.from_names([]), dense=InMemoryChunkStore(CHUNKS, embedder),
                                embedder=embedder, probes=probes, dense_weight=0.7, probe_weight=1.2,
                                probe_keyword_weight=0.9, probe_impute=impute, collect_features=True)
    found = retriever.retrieve(question)
    pool = Pool.of([(cid, f, False) for cid, f in found.features.items()])
    offline = pool.scores(weights, 0.0, 0.5, impute)
    live = np.array([found.scores[cid] for cid in pool.ids])
    assert len(pool.ids) >= 2
    assert pool.probed.tolist() == [cid == CHUNKS[1].chunk_id for cid in pool.ids]
    assert offline == pytest.approx(live)
    if question == "samordne tenestetilbodet":  # the case this test is for: one list returned nothing
        assert not pool.present[3]


def test_a_grade_counts_only_for_the_answer_it_judged() -> None:
    assert _grade_for([("correct", "A|§1|p1")], "A|§1|p1") == "correct"
    assert _grade_for([("correct", "A|§1|p1")], "A|§2|p1") is None  # the best unit changed: the proxy
    assert _grade_for([("false_abstention", "")], "A|§2|p1") == "false_abstention"  # a decline quoted nothing
    # graded as a right decline although the answer quoted a unit: that answer's unit must still be the best
    assert _grade_for([("correct_abstention", "A|§1|p1")], "A|§2|p1") is None
    assert _grade_for(None, "A|§1|p1") is None


def test_an_earlier_grade_of_the_best_unit_s_answer_counts_again() -> None:
    """A refit ranked §2 first and its answer was graded; this one ranks §1 first again: §1's grade holds. Of two
    grades of the same unit's answer the later counts; a later grade of another unit leaves a decline's grade
    behind it."""
    history = [("correct", "A|§1|p1"), ("wrong", "A|§2|p1")]
    assert _grade_for(history, "A|§1|p1") == "correct"
    assert _grade_for(history, "A|§2|p1") == "wrong"
    assert _grade_for(history, "A|§3|p1") is None
    assert _grade_for([("partial", "A|§1|p1"), ("correct", "A|§1|p1")], "A|§1|p1") == "correct"
    assert _grade_for([("false_abstention", ""), ("wrong", "A|§2|p1")], "A|§1|p1") is None


def test_the_grid_search_scores_every_point_as_the_single_point_search_does() -> None:
    """`_grid_mrr` ranks all weightings at once; it must agree with `_mrr` point by point, ties included
    (a stable sort puts the earlier candidate first among equal scores)."""
    from bench.calibrate import FUSION_GRID, _grid_mrr, _mrr

    rng = np.random.default_rng(3)
    questions = []
    for n in (1, 4, 12, 30):
        ranks = rng.integers(0, 6, size=(n, 4)).astype(float)  # 0: not in that list; equal ranks make ties
        # a candidate the probe lists rank has curated questions; some others have none (imputed)
        features = [{name: (1.0 / r if r else 0.0) for name, r in
                     zip(("kw_rr", "dense_rr", "probe_rr", "probe_kw_rr"), row, strict=True)}
                    | {"letter": float(i % 2), "probed": float(bool(row[2] or row[3]) or i % 3 == 0)}
                    for i, row in enumerate(ranks)]
        hits = [bool(i % 5 == 3) or n == 1 for i in range(n)]
        questions.append((Pool.of([(f"c{i}", f, h) for i, (f, h) in enumerate(zip(features, hits, strict=True))]),
                          float(rng.uniform(0.05, 0.95))))
    grid = _grid_mrr(questions)
    for index in range(0, len(FUSION_GRID), 97):
        w, lam, pw, qw, im = FUSION_GRID[index]
        assert grid[index] == pytest.approx(_mrr(questions, _weights(w, pw, qw), lam, im))
    assert any(im > 0 for *_, im in FUSION_GRID[::97])  # the imputed share is checked too


ASKED = "Må SF snakke med bydelen før pålegget?"


def _with_probes() -> tuple[HybridRetriever, ProbeMatrix]:
    """A retriever whose probe questions are ASKED (on § 30-4) and one other (on § 30-5)."""
    embedder = HashingEmbedder()
    probes = ProbeMatrix([StoredProbe(CHUNKS[2].chunk_id, embedder.embed_query(ASKED), ASKED),
                          StoredProbe(CHUNKS[1].chunk_id, embedder.embed_query("Kan vi klage?"), "Kan vi klage?")])
    retriever = HybridRetriever(CHUNKS, parser=ReferenceParser.from_names([]), dense=InMemoryChunkStore(CHUNKS, embedder),
                                embedder=embedder, probes=probes, probe_weight=1.0, probe_keyword_weight=1.0,
                                collect_features=True)
    return retriever, probes


def test_a_question_is_ranked_without_its_own_probe_when_left_out() -> None:
    retriever, probes = _with_probes()
    with_own = retriever.retrieve(ASKED).features[CHUNKS[2].chunk_id]
    assert with_own["probe_rr"] == 0.5 and with_own["probe_kw_rr"] == 0.5  # first in both probe lists
    retriever.use_probes(probes.without([ASKED]))
    left_out = retriever.retrieve(ASKED).features.get(CHUNKS[2].chunk_id, {})
    assert left_out.get("probe_rr", 0.0) == 0.0 and left_out.get("probe_kw_rr", 0.0) == 0.0
    assert probes.without([ASKED]).texts == ["Kan vi klage?"]


def test_a_sets_own_probes_come_back_after_it_is_ranked() -> None:
    """`own_probes_left_out` is how the calibration and the regrading answers rank a tuning set; the
    retriever must hold every probe question again afterwards, also when ranking failed."""
    from bench.calibrate import own_probes_left_out

    retriever, probes = _with_probes()
    with pytest.raises(RuntimeError), own_probes_left_out(retriever, {ASKED}):
        assert retriever.probes is not None and retriever.probes.texts == ["Kan vi klage?"]
        raise RuntimeError("ranking failed")
    assert retriever.probes is probes
    assert retriever.retrieve(ASKED).features[CHUNKS[2].chunk_id]["probe_rr"] == 0.5


def test_the_threshold_is_not_the_middle_of_a_lopsided_plateau() -> None:
    # 100 questions with P(answerable) spread evenly: those from 0.7 are right to answer (gain 1; declining
    # costs 1), those below are nearly harmless to answer (cost 0.05): utility is near its best all the way
    # down from 0.7 and falls steeply above it. The plateau's middle (~0.35) would answer 35 needless
    # questions; the best threshold is 0.7 (the smoothing may move it by a step or three)
    p = np.linspace(0.0, 0.99, 100)
    outcomes = np.where((p >= 0.7)[:, None], [[1.0, -1.0]], [[-0.05, 0.0]])
    threshold, utility = _threshold([p], outcomes)
    assert 0.64 <= threshold <= 0.71
    assert utility >= 29.0


def test_on_a_flat_top_the_threshold_is_the_highest_the_data_cannot_tell_from_the_best() -> None:
    # 200 questions: from P 0.6 answering is right (gain 1, declining costs 1); between 0.4 and 0.6 three of
    # five answers are right and two wrong (cost 3), so answering them gains as much as it costs and the
    # curve is flat there, its maximum wherever the noise puts it; below 0.4 every answer is wrong. The
    # one-standard-error rule takes the safe end of the flat part (at most a few steps beyond it, as far as
    # the noise of the flat part reaches), not a maximum the noise put in its lower half
    p = np.linspace(0.0, 0.995, 200)
    right = (p >= 0.6) | ((p >= 0.4) & np.isin(np.arange(200) % 5, [0, 1, 3]))
    outcomes = np.where(right[:, None], [[1.0, -1.0]], [[-3.0, 0.0]])
    threshold, _ = _threshold([p], outcomes)
    assert 0.55 <= threshold <= 0.65
    # where the curve has one clear peak, the rule keeps it
    clear = np.where((p >= 0.3)[:, None], [[1.0, -1.0]], [[-3.0, 0.0]])
    assert 0.27 <= _threshold([p], clear)[0] <= 0.33


def test_coverage_is_of_what_is_asked_not_of_the_scene_set_before_it() -> None:
    """"Eg er tolk og minoritetsrådgjevar. Skal …?": who asks is not what a unit must cover; the
    unit's share of the question is the same with and without the scene sentence."""
    retriever, _ = _with_probes()
    plain = retriever.retrieve(ASKED).features
    scene = retriever.retrieve("Eg er tolk og minoritetsrådgjevar i Vestland. " + ASKED).features
    shared = set(plain) & set(scene)
    assert shared
    for cid in shared:
        assert scene[cid]["coverage"] == pytest.approx(plain[cid]["coverage"])
        assert scene[cid]["probe_coverage"] == pytest.approx(plain[cid]["probe_coverage"])


def test_a_question_asked_word_for_word_in_two_sets_goes_with_the_first() -> None:
    """The folds keep a writer's questions together; a verbatim copy in another set must not land in
    the training folds while its twin is held out."""
    items = [{"question": "Kan SF gi pålegg?", "set": "fresh.jsonl"},
             {"question": "Hva er IP?", "set": "fresh.jsonl"},
             {"question": "kan sf  gi pålegg?", "set": "fresh19.jsonl"},
             {"question": "Hvem fører tilsyn?", "set": "fresh19.jsonl"}]
    assert writer_groups(items) == ["fresh.jsonl", "fresh.jsonl", "fresh.jsonl", "fresh19.jsonl"]


def test_the_offline_fused_score_is_the_retrievers_when_the_keyword_list_is_empty() -> None:
    """No word of the question is indexed: the keyword list returns nothing, and the imputation must read
    only the dense list, live as offline (its weight is out of the scale on both sides)."""
    embedder = HashingEmbedder()
    probes = ProbeMatrix([StoredProbe(CHUNKS[1].chunk_id, embedder.embed_query("Kan bydelen klage?"),
                                      "Kan bydelen klage på pålegg fra SF?")])
    retriever = HybridRetriever(CHUNKS, parser=ReferenceParser.from_names([]), dense=InMemoryChunkStore(CHUNKS, embedder),
                                embedder=embedder, probes=probes, dense_weight=0.7, probe_weight=1.2,
                                probe_keyword_weight=0.9, probe_impute=0.5, collect_features=True)
    found = retriever.retrieve("zyxw qwerty")
    pool = Pool.of([(cid, f, False) for cid, f in found.features.items()])
    assert not pool.present[0] and pool.present[1]  # the case this test is for
    live = np.array([found.scores[cid] for cid in pool.ids])
    assert pool.scores(_weights(0.7, 1.2, 0.9), 0.0, 0.5, 0.5) == pytest.approx(live)


def test_a_veto_is_dropped_only_where_graded_answers_it_declined_were_right() -> None:
    # 200 questions above the threshold: the count veto declines 20 whose answers a reader graded correct
    # (gain 1, declining costs 1); the kind veto 20 graded false answers (cost 3); the name veto 20 with no
    # grade (answering keeps the proxy's cost, not its gain: worth what declining is). Only the count veto goes
    p = np.full(200, 0.9)
    outcomes = np.tile([[1.0, -1.0]], (200, 1))
    fired = [frozenset()] * 200
    for i in range(20):
        fired[i] = frozenset({"count_missing"})
        fired[20 + i] = frozenset({"kind_missing"})
        outcomes[20 + i] = (-3.0, 0.0)
        fired[40 + i] = frozenset({"name_missing"})
        outcomes[40 + i] = (-1.0, -1.0)
    kept = _choose_vetoes([p], outcomes, fired, 0.5)
    assert "count_missing" not in kept and {"kind_missing", "name_missing"} <= set(kept)
    assert _forced(fired, kept).sum() == 40
    # below the threshold the model declines them anyway: nothing to gain by dropping a veto
    assert set(_choose_vetoes([np.full(200, 0.1)], outcomes, fired, 0.5)) == set(PRECONDITIONS)


def test_a_few_lucky_graded_answers_do_not_drop_a_veto() -> None:
    # a veto declining 30 questions, three graded correct and the rest as bad to answer as to decline: the
    # gain (6) is within two standard errors, so the burden of proof keeps it; eight are not
    outcomes = np.tile([[1.0, -1.0]], (600, 1))
    fired = [frozenset({"count_missing"}) if i < 30 else frozenset() for i in range(600)]
    outcomes[3:30] = (-1.0, -1.0)
    assert "count_missing" in _choose_vetoes([np.full(600, 0.9)], outcomes, fired, 0.5)
    outcomes[3:8] = (1.0, -1.0)
    assert "count_missing" not in _choose_vetoes([np.full(600, 0.9)], outcomes, fired, 0.5)


def test_an_ungraded_answer_a_veto_declined_keeps_its_cost_and_not_its_gain() -> None:
    # the proxy calls the best unit right: answering is worth no more than declining; a proxy "wrong" keeps
    # its cost; a reader's correct abstention (nothing in the sources answers it) makes answering a false
    # answer, though the grade alone counts as neutral; a graded false abstention stays neutral
    assert _unseen_veto_outcome(None, _outcome(None, True), True) == (-1.0, -1.0)
    assert _unseen_veto_outcome(None, _outcome(None, False), False) == (-WRONG_COST, 0.0)
    assert _outcome("correct_abstention", False) == (0.0, 0.0)
    assert _unseen_veto_outcome("correct_abstention", _outcome("correct_abstention", False), False) == (-WRONG_COST, 0.0)
    assert _unseen_veto_outcome("false_abstention", _outcome("false_abstention", True), True) == (0.0, 0.0)


def test_the_intent_vocabulary_is_the_stems_enough_questions_hold_and_each_row_marks_its_own() -> None:
    """A stem one writer used a few times is no input (`INTENT_MIN_DF`); a row marks a stem once however often
    the question holds it."""
    common = ["hva fant tilsynet i bydelen?"] * INTENT_MIN_DF
    rare = ["tilsynet tilsynet om festlokale"] * (INTENT_MIN_DF - 1)
    vocabulary, bags = intent_vocabulary([*common, *rare])
    assert vocabulary == sorted({"fant", "tilsyn", "bydel"}) and "festlokal" not in vocabulary
    assert bags.shape == (2 * INTENT_MIN_DF - 1, 3)
    assert bags[0].tolist() == [1.0, 1.0, 1.0] and bags[-1].tolist() == [0.0, 0.0, 1.0]


def test_the_intent_model_stored_reads_words_as_they_were_fitted() -> None:
    """The fit reads weight × presence beside the embedding; the stored model reads presence over a scale of
    1 / weight (`main`, step 1): the same log-odds at run time as in the fit."""
    rng = np.random.default_rng(3)
    questions = ["hva fant tilsynet?", "må kommunen ha plan?", "hva sa statsforvalteren i brevet?",
                 "kan vi klage på vedtaket?"] * INTENT_MIN_DF
    vectors = rng.normal(size=(len(questions), 3))
    vocabulary, bags = intent_vocabulary(questions)
    labels = np.array([1, 0, 1, 0] * INTENT_MIN_DF)
    weight = 0.15
    fitted = fit_lr(np.hstack([vectors, weight * bags]), labels, 30.0)
    names = [f"e{i}" for i in range(3)] + [f"{WORD_FEATURE}{t}" for t in vocabulary]
    scale = np.concatenate([np.ones(3), np.full(len(vocabulary), 1.0 / weight)])
    stored = as_linear(fitted, names, np.zeros(len(names)), scale, 0.5, {"embedding_model": "m"})
    expected = fitted.decision_function(np.hstack([vectors, weight * bags]))
    for vector, question, logit in zip(vectors, questions, expected, strict=True):
        assert abs(stored.logit(intent_inputs(list(vector), question)) - logit) < 1e-9
    assert intent_terms(questions[0]) <= set(vocabulary)
    assert Models(intent=stored).letter_intent(list(vectors[0]), questions[0]) > 0.5


def test_the_intent_keeps_to_the_word_weights_it_is_given() -> None:
    """Words that tell letter from law questions better than the embedding are chosen when a word weight is
    offered, and not when only the embedding is (`--intent-word-weights 0`: the intent as refit 6 read it)."""
    rng = np.random.default_rng(5)
    questions = ["hva fant tilsynet i bydelen?", "må kommunen ha en plan for dette?"] * (4 * INTENT_MIN_DF)
    labels = np.array([1, 0] * (4 * INTENT_MIN_DF))
    noise = rng.normal(size=(len(questions), 4))  # the embedding says nothing here; the words say it all
    vocabulary, bags = intent_vocabulary(questions)
    groups = [f"w{i % 5}" for i in range(len(questions))]
    offered = fit_intent(noise, labels, groups, bags, (0.0, 0.3))
    alone = fit_intent(noise, labels, groups, bags, (0.0,))
    assert offered.word_weight == 0.3 and offered.log_loss < alone.log_loss
    assert alone.word_weight == 0.0 and alone.out_of_fold.shape == (len(questions),)


def test_an_evaluation_ranks_a_set_without_its_own_probe_questions(tmp_path: Path) -> None:
    """`tilsynsbot eval` ranks a set as the calibration does: a question a tuning set asked word for word (its twin
    among the probes) would find its unit by a perfect match, and the figures would be a known question's. With
    `--own-probes` the twin stays (the earlier figures), and afterwards the retriever holds every probe again."""
    from bot.cli.ask import handle_eval

    retriever, probes = _with_probes()
    ranked: list[dict[str, float]] = []

    class Service:  # the seams `handle_eval` uses, over the real retriever
        @contextmanager
        def probes_left_out(self, questions: Collection[str]) -> Iterator[None]:
            with retriever.probes_left_out(questions):
                yield

        def retrieve(self, question: str, k: int = 10) -> Retrieval:
            retrieval = retriever.retrieve(question, k=k)
            ranked.append(retrieval.features.get(CHUNKS[2].chunk_id, {}))
            return retrieval

        def baseline(self, question: str, name: str, k: int = 10) -> Retrieval:
            return retriever.retrieve(question, k=k)

        def compose(self, question: str, retrieval: Retrieval) -> Answer:
            return Answer(question=question, text="", abstained=True)

        def cited_chunks(self, answer: Answer) -> list[tuple[Chunk, int | None]]:
            return []

    file = tmp_path / "set.jsonl"
    file.write_text(json.dumps({"id": "a", "question": ASKED, "kind": "law_paraphrase",
                                "expected": [{"doc": CHUNKS[2].doc_id, "section": CHUNKS[2].section_key}]}) + "\n",
                    encoding="utf-8")
    for own_probes, expected_rr in ((False, 0.0), (True, 0.5)):
        ranked.clear()
        args = SimpleNamespace(file=file, json=True, own_probes=own_probes)
        handle_eval(args, Settings(), service=Service(), stdout=io.StringIO())  # type: ignore[arg-type]
        assert ranked and ranked[0].get("probe_rr", 0.0) == expected_rr
        assert retriever.probes is probes


def test_a_twin_in_other_letter_case_or_spacing_is_left_out_too() -> None:
    """Writers type the same question as "Oslo Krisesenter" and "oslo  krisesenter": one question to leave out."""
    _, probes = _with_probes()
    assert probes.without(["  må sf snakke med bydelen  før pålegget? "]).texts == ["Kan vi klage?"]


def test_the_probe_lists_come_back_when_building_the_reduced_ones_fails() -> None:
    retriever, probes = _with_probes()
    keyword = retriever.probe_keyword

    def failing(_: ProbeMatrix | None) -> None:
        retriever.probes = None  # half swapped, as a failure inside `use_probes` would leave it
        raise MemoryError("no room for the reduced lists")

    retriever.use_probes = failing  # type: ignore[method-assign]
    with pytest.raises(MemoryError), retriever.probes_left_out({ASKED}):
        pass
    assert retriever.probes is probes and retriever.probe_keyword is keyword
