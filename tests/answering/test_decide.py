"""The calibrated answer-or-decline decision: the fitted model decides, preconditions hold, reasons are named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from bot.answering.abstention import Counted, decide, states_count
from bot.answering.service import AnsweringService
from bot.domain import Chunk, SearchHit
from bot.retrieval.features import candidate_features
from bot.retrieval.hybrid import Retrieval
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.ranker import ANSWER_FEATURES, LinearModel
from bot.retrieval.text import stem
from bot.texts import answers as texts
from tests.retrieval import corpus

CHUNKS = corpus.chunks()
KEYWORD = KeywordIndex(CHUNKS)
BY_ID = {c.chunk_id: c for c in CHUNKS}


def _model(**weights: float) -> LinearModel:
    """An answerability model that weighs only the named signals (threshold 0.5)."""
    n = len(ANSWER_FEATURES)
    return LinearModel(features=ANSWER_FEATURES, coef=tuple(weights.get(f, 0.0) for f in ANSWER_FEATURES),
                       intercept=weights.get("intercept", 0.0), mean=(0.0,) * n, scale=(1.0,) * n, threshold=0.5)


def _retrieval(question: str, *chunk_ids: str) -> Retrieval:
    chunks = [BY_ID[c] for c in chunk_ids]
    features = {c.chunk_id: candidate_features(question, c, KEYWORD, kw_rank=i + 1, kw_score=10.0 - i, kw_best=10.0,
                                               dense_rank=i + 1, dense_cos=0.9 - i / 10, dense_best=0.9,
                                               letter_intent=0.5, named_laws=[])
                for i, c in enumerate(chunks)}
    scores = {c.chunk_id: 1.0 - i / 10 for i, c in enumerate(chunks)}
    return Retrieval(hits=[SearchHit(chunk=c, score=scores[c.chunk_id]) for c in chunks], features=features,
                     scores=scores)


TOLK = f"{corpus.KSL}|§3|p1"
LETTER = f"{corpus.LETTER}|Status for lovbrudd nå i 2024 – er de lukket?|p1"


def test_the_model_answers_when_its_probability_clears_the_threshold() -> None:
    question = "må kommunen sørge for kvalifisert tolk?"
    sure = decide(question, _retrieval(question, TOLK), KEYWORD, _model(top_coverage=10.0, intercept=-2.0), BY_ID)
    assert sure.answerable and sure.probability is not None and sure.probability > 0.5
    unsure = decide(question, _retrieval(question, TOLK), KEYWORD, _model(intercept=-3.0), BY_ID)
    assert not unsure.answerable and unsure.reason == "coverage"


def test_a_missing_kind_of_fact_declines_whatever_the_model_says() -> None:
    question = "hva er telefonnummeret til krisesenteret?"
    judgement = decide(question, _retrieval(question, TOLK, LETTER), KEYWORD, _model(intercept=9.0), BY_ID)
    assert not judgement.answerable and judgement.reason == "phone"
    assert judgement.probability is not None and judgement.probability > 0.99  # the model alone would answer


def test_a_precondition_calibration_dropped_leaves_the_decision_to_the_model() -> None:
    """A veto the fitted model does not keep (`AnswerModel.vetoes`) declines nothing by itself: the
    probability decides, and a kept veto still declines."""
    question = "hva er telefonnummeret til krisesenteret?"
    retrieval = _retrieval(question, TOLK, LETTER)
    dropped = replace(_model(intercept=9.0), vetoes=("count_missing",))
    assert decide(question, retrieval, KEYWORD, dropped, BY_ID).answerable
    kept = replace(_model(intercept=9.0), vetoes=("kind_missing",))
    judgement = decide(question, retrieval, KEYWORD, kept, BY_ID)
    assert not judgement.answerable and judgement.reason == "phone"
    unsure = decide(question, retrieval, KEYWORD, replace(_model(intercept=-9.0), vetoes=()), BY_ID)
    assert not unsure.answerable and unsure.reason == "phone"  # the reason still names what is missing


def test_a_kind_of_fact_added_since_the_veto_choice_is_held_to_the_veto() -> None:
    """Calibration let the model answer when the best units hold no fact of the kind asked for, on grades of the
    kinds it knew (`AnswerModel.kinds`); a kind added since (the date of an event) was never graded so: a passage
    with no date does not answer "når ble avtalen signert?" however sure the model is (ne047, fresh215)."""
    question = "Når ble den nye samarbeidsavtalen signert?"
    retrieval = _retrieval(question, TOLK)
    waived = replace(_model(intercept=9.0), vetoes=())
    assert decide(question, retrieval, KEYWORD, waived, BY_ID).answerable  # no kinds recorded: as the vetoes say
    assert decide(question, retrieval, KEYWORD, replace(waived, kinds=("date", "phone")), BY_ID).answerable
    judgement = decide(question, retrieval, KEYWORD, replace(waived, kinds=("phone", "duration")), BY_ID)
    assert not judgement.answerable and judgement.reason == "date"
    # a kind the veto choice saw stays with the model (calibration dropped its veto)
    phone = "hva er telefonnummeret til krisesenteret?"
    assert decide(phone, _retrieval(phone, TOLK), KEYWORD, replace(waived, kinds=("phone",)), BY_ID).answerable


def test_a_count_question_needs_a_stated_number_of_the_counted_thing() -> None:
    question = "hvor mange bydeler fikk lovbrudd?"
    with_number = decide(question, _retrieval(question, LETTER), KEYWORD, _model(intercept=9.0), BY_ID)
    assert with_number.answerable  # "lovbrudd i totalt tre bydeler"
    without = decide(question, _retrieval(question, TOLK), KEYWORD, _model(intercept=9.0), BY_ID)
    assert not without.answerable and without.reason == "count"


def test_a_declined_focus_question_names_the_missing_word() -> None:
    question = "hva er straffen for å bryte samordningsplikta?"
    judgement = decide(question, _retrieval(question, f"{corpus.KSL}|§4|p1"), KEYWORD, _model(intercept=-9.0), BY_ID)
    assert not judgement.answerable and judgement.reason == "focus" and judgement.missing == "straffen"


def test_a_focus_decline_does_not_say_the_knowledge_base_lacks_a_word_it_holds(
        make_service: Callable[..., AnsweringService]) -> None:
    """The asked-for word is looked for in the best units only, and reported only when some unit of the index
    holds it (`uncovered_focus`): the decline names it as missing from what is nearest the question, not from the
    knowledge base ("Jeg finner ingenting om «Oslo» i kunnskapsbasen" was said of a letter about Oslo)."""
    question = "hva er straffen for å bryte samordningsplikta?"
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=-9.0)
    answer = composer.compose(question, _retrieval(question, f"{corpus.KSL}|§4|p1"), today=date(2026, 3, 2))
    assert answer.abstained and "«straffen»" in answer.text
    assert any(stem("straffen") in KEYWORD.chunk_terms(chunk) for chunk in BY_ID.values())  # the index holds it
    assert "ingenting om «straffen» i kunnskapsbasen" not in answer.text


def test_a_named_section_is_always_answered() -> None:
    question = "hva sier krisesenterlova § 4?"
    retrieval = _retrieval(question, f"{corpus.KSL}|§4|p1")
    retrieval.hits[0] = retrieval.hits[0].model_copy(update={"exact_reference": True})
    assert decide(question, retrieval, KEYWORD, _model(intercept=-9.0), BY_ID).answerable


def test_the_fact_asked_for_must_stand_in_what_is_quoted_not_only_beside_it(
        make_service: Callable[..., AnsweringService]) -> None:
    """The judgement reads the best units of one law ("gratis" in § 2 answers what something costs), but
    the answer quotes only the unit that answers: when "gratis" is not in what is quoted, the price
    question is declined, naming what is missing, not answered from a § that says nothing of a price."""
    question = "hva koster samordninga av tenestetilbodet?"
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=9.0)  # the model alone would answer
    samordning, gratis = f"{corpus.KSL}|§4|p1", f"{corpus.KSL}|§2|p1"
    retrieval = _retrieval(question, samordning, gratis)
    assert decide(question, retrieval, KEYWORD, composer.answerability, BY_ID).answerable  # § 2 beside it
    answer = composer.compose(question, retrieval, today=date(2026, 3, 2))
    assert answer.abstained and not answer.citations
    assert texts.NO_BASIS_KIND.format(what=texts.ANSWER_KINDS["price"]) == answer.text
    # with the kind veto dropped too: no best unit lacked the kind ("gratis" in § 2), so nothing was waived,
    # and what is quoted must still hold it
    composer.answerability = replace(_model(intercept=9.0), vetoes=())
    assert composer.compose(question, retrieval, today=date(2026, 3, 2)).abstained


def test_a_dropped_kind_veto_lets_the_model_answer_what_no_best_unit_holds(
        make_service: Callable[..., AnsweringService]) -> None:
    """When calibration dropped the answer-kind veto and no best unit holds the kind asked for, the model's
    answer is not declined again by the check of what is quoted (the decision waived that precondition)."""
    question = "hva er telefonnummeret til krisesenteret?"
    composer = make_service()._state().composer
    retrieval = _retrieval(question, TOLK, LETTER)
    composer.answerability = replace(_model(intercept=9.0), vetoes=())
    judgement = decide(question, retrieval, KEYWORD, composer.answerability, BY_ID)
    assert judgement.answerable and judgement.waived == {"kind_missing"}
    assert not composer.compose(question, retrieval, today=date(2026, 3, 2)).abstained
    composer.answerability = _model(intercept=9.0)  # no choice recorded: every veto holds
    assert composer.compose(question, retrieval, today=date(2026, 3, 2)).abstained


def test_what_a_place_costs_the_bydel_is_declined_though_the_quote_says_gratis(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Gratis" in krisesenterlova § 2 is what the resident pays: the bydel asking what a place costs it is
    told, in Norwegian, that the sources hold no such sum, not shown § 2 as the answer."""
    question = "hva koster en døgnplass på krisesenteret for bydelen?"
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=9.0)  # the model alone would answer
    answer = composer.compose(question, _retrieval(question, f"{corpus.KSL}|§2|p1"), today=date(2026, 3, 2))
    assert answer.abstained and not answer.citations
    assert answer.text == texts.NO_BASIS_KIND.format(what=texts.ANSWER_KINDS["price_to_body"])
    assert "kommunen eller bydelen" in answer.text


def test_the_judgement_reads_an_abbreviation_spelled_out(make_service: Callable[..., AnsweringService]) -> None:
    """The rankers read "SFs" as statsforvalteren; so must the judgement, or the capitalised "SFs" is a
    name the letter never gives and a question the letter answers is declined (fk038 was)."""
    question = "Hvor mange bydeler fikk lovbrudd etter SFs tilsyn?"
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=9.0)  # the model alone would answer
    answer = composer.compose(question, _retrieval(question, LETTER), today=date(2026, 3, 2))
    assert not answer.abstained and answer.citations[0].chunk_id == LETTER


def test_a_count_question_is_declined_when_the_quote_shown_gives_no_number_of_what_is_counted(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Enkelte bydeler hadde ikke en slik plan" is no answer to "hvor mange bydeler manglet plan?": a vague
    quantity is not a count, and "samtlige bydeler" in another section of the letter, ranked beside it but not
    quoted, does not make the quote answer. The user is told the sources hold no such number instead."""
    vague = corpus.letter("Handlingsplan mot vold", [
        "Det varierte mellom bydelene om handlingsplanene mot vold var av nyere dato. Enkelte bydeler manglet en "
        "slik handlingsplan."])
    counted = corpus.letter("Åpningsmøte", ["Samtlige bydeler møtte med 1-3 representanter hver."])
    assert not states_count(vague.text, Counted(("bydeler",)))
    assert states_count(counted.text, Counted(("bydeler",)))  # all of them: a count
    assert states_count(BY_ID[LETTER].text, Counted(("bydeler",)))  # "totalt tre bydeler"
    question = "Hvor mange bydeler manglet handlingsplan mot vold?"
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=9.0)  # the model alone would answer
    composer.by_id = {**composer.by_id, vague.chunk_id: vague, counted.chunk_id: counted}
    chunks = [vague, counted]
    features = {c.chunk_id: candidate_features(question, c, KEYWORD, kw_rank=i + 1, kw_score=10.0 - i, kw_best=10.0,
                                               dense_rank=i + 1, dense_cos=0.9 - i / 10, dense_best=0.9,
                                               letter_intent=0.9, named_laws=[])
                for i, c in enumerate(chunks)}
    scores = {vague.chunk_id: 1.0, counted.chunk_id: 0.5}
    retrieval = Retrieval(hits=[SearchHit(chunk=c, score=scores[c.chunk_id]) for c in chunks], features=features,
                          scores=scores)
    answer = composer.compose(question, retrieval, today=date(2026, 3, 2))
    assert answer.abstained and not answer.citations, answer.text
    assert answer.text == texts.NO_BASIS_KIND.format(what=texts.ANSWER_KINDS["count"])
    # asked for the count the letter does give, the unit that gives it answers
    asked = "Hvor mange bydeler fikk lovbrudd?"
    assert not composer.compose(asked, _retrieval(asked, LETTER), today=date(2026, 3, 2)).abstained


def test_whether_a_regulation_was_given_is_answered_by_its_own_text_and_not_by_the_power_to_give_one(
        make_service: Callable[..., AnsweringService]) -> None:
    """The decision and the quote shown read one rule (`holds_kind`): a regulation quoted first holds that it was
    given (the decision let it through and the check of the quote declined it, saying the knowledge base held
    nothing of the kind it quoted); a law's "departementet kan gi forskrift" holds no such thing and is declined."""
    rules, power = corpus.SAFETY_RULES, corpus.REGULATION_POWER
    composer = make_service()._state().composer
    composer.answerability = _model(intercept=9.0)  # the model alone would answer
    composer.by_id = {**composer.by_id, rules.chunk_id: rules, power.chunk_id: power}
    keyword = KeywordIndex([*CHUNKS, rules, power])

    def retrieval(question: str, chunk: Chunk) -> Retrieval:
        features = {chunk.chunk_id: candidate_features(question, chunk, keyword, kw_rank=1, kw_score=10.0,
                                                       kw_best=10.0, dense_rank=1, dense_cos=0.9, dense_best=0.9,
                                                       letter_intent=0.1, named_laws=[])}
        return Retrieval(hits=[SearchHit(chunk=chunk, score=1.0)], features=features, scores={chunk.chunk_id: 1.0})

    given = "Har departementet gitt forskrift om fysisk tryggleik i krisesentertilbodet?"
    answer = composer.compose(given, retrieval(given, rules), today=date(2026, 12, 7))
    assert not answer.abstained and answer.citations[0].chunk_id == rules.chunk_id, answer.text
    asked = "Har departementet gitt forskrift om behandling av personopplysningar i krisesentertilbodet?"
    answer = composer.compose(asked, retrieval(asked, power), today=date(2026, 12, 7))
    assert answer.abstained and answer.text == texts.NO_BASIS_KIND.format(what=texts.ANSWER_KINDS["issued"])
