"""Declining salary, amount and person questions the sources cannot answer, and counting questions
whose counted thing follows a function word ("hvor mange *fra* hver bydel").

Hand-made letter chunks: the rules must hold for what the passages say, not for one corpus.
"""

from __future__ import annotations

from bot.answering.abstention import asked_about, counted_noun, judge
from bot.domain import SearchHit
from bot.retrieval.keyword import KeywordIndex
from tests.retrieval import corpus

MEETING = corpus.letter("Åpningsmøte", [
    "Åpningsmøte ble gjennomført hos Statsforvalteren både i 2022 og 2023, hvor samtlige bydeler møtte "
    "med 1-3 representanter hver."])
NO_NUMBER = corpus.letter("Om møtet", [
    "Bydelene møtte på åpningsmøtet hos Statsforvalteren og fikk informasjon om tilsynet."])
INTERVIEW = corpus.letter("Gjennomføring", [
    "Leder for Oslo Krisesenter ble intervjuet og Statsforvalteren ba bydelene svare på spørsmål."])
ROUTINES = corpus.letter("Dokumenter", [
    "Bydelene sendte inn rutiner og prosedyrer for bydelens voldskoordinator og handlingsplan mot vold."])
SUPERVISION = corpus.letter("Tilsynsansvar", [
    "Statsforvalteren er ansvarlig for tilsynet med at kommunen oppfyller pliktene etter krisesenterlova."])
CHUNKS = [*corpus.chunks(), MEETING, NO_NUMBER, INTERVIEW, ROUTINES, SUPERVISION]


def _hits(*chunks) -> list[SearchHit]:  # noqa: ANN002
    return [SearchHit(chunk=c, score=1.0 - i / 10) for i, c in enumerate(chunks)]


def test_counting_rule_skips_function_words_before_the_counted_noun() -> None:
    assert counted_noun("hvor mange fra hver bydel var med på åpningsmøtet?") == "bydel"
    assert counted_noun("hvor mange av bydelene fikk lovbrudd?") == "bydelene"
    assert counted_noun("hvor mange bydeler hadde tilsyn?") == "bydeler"
    assert counted_noun("hva skjedde på møtet?") is None


def test_count_after_a_function_word_is_answered_by_a_passage_with_the_number() -> None:
    keyword = KeywordIndex(CHUNKS)
    question = "hvor mange fra hver bydel var med på åpningsmøtet?"
    assert judge(question, _hits(MEETING), keyword).answerable
    judgement = judge(question, _hits(NO_NUMBER), keyword)
    assert not judgement.answerable and judgement.reason == "count"


def test_salary_question_about_someone_no_passage_mentions_names_the_missing_word() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hva tjener en rådgiver på Oslo krisesenter?", _hits(INTERVIEW, ROUTINES), keyword)
    assert not judgement.answerable
    assert (judgement.reason, judgement.missing) == ("focus", "rådgiver")


def test_salary_question_about_someone_mentioned_is_still_declined_without_an_amount() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hva tjener lederen av Oslo krisesenter?", _hits(INTERVIEW), keyword)
    assert not judgement.answerable and judgement.reason == "price"


def test_amount_question_is_declined_when_no_passage_names_the_receiver() -> None:
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hvor mye får en fosterforelder i godtgjøring?", _hits(INTERVIEW, ROUTINES), keyword)
    assert not judgement.answerable and judgement.missing == "fosterforelder"


def test_named_person_is_declined_with_the_full_name() -> None:
    keyword = KeywordIndex(CHUNKS)
    assert asked_about("hvem er Kari Nordmann i bydel Frogner?") == "Kari Nordmann"
    judgement = judge("hvem er Kari Nordmann i bydel Frogner?", _hits(ROUTINES, INTERVIEW), keyword)
    assert not judgement.answerable
    assert (judgement.reason, judgement.missing) == ("focus", "Kari Nordmann")


def test_role_in_a_compound_asks_for_a_person_the_passages_do_not_name() -> None:
    """The passage mentions the role (voldskoordinator) but names nobody holding it."""
    keyword = KeywordIndex(CHUNKS)
    judgement = judge("hvem er voldskoordinator i bydel Frogner nå?", _hits(ROUTINES), keyword)
    assert not judgement.answerable and judgement.reason == "person"


def test_who_is_responsible_is_still_answered() -> None:
    """"hvem er ansvarlig" asks for an authority the passage names, not for a person's name."""
    keyword = KeywordIndex(CHUNKS)
    assert judge("hvem er ansvarlig for tilsynet med kommunen?", _hits(SUPERVISION), keyword).answerable
