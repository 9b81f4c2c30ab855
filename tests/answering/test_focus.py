"""Abstention when the word a question asks about is in none of the passages found.

"hva er straffen for vold i nære relasjoner?" shares "vold i nære relasjonar" with krisesenterlova
§ 1, but § 1 says nothing about punishment: the bot must decline rather than quote § 1.
"""

from __future__ import annotations

import pytest

from bot.answering.abstention import focus_word, judge, uncovered_focus
from bot.domain import SearchHit
from bot.retrieval.keyword import KeywordIndex
from tests.retrieval import corpus

CHUNKS = corpus.chunks()
BY_KEY = {(c.doc_id, c.section_key): c for c in CHUNKS}
FORMAL = BY_KEY[(corpus.KSL, "§1")]
KRAV = BY_KEY[(corpus.KSL, "§2")]
TEIEPLIKT = BY_KEY[(corpus.KSL, "§5")]


def _hits(*chunks) -> list[SearchHit]:  # noqa: ANN002
    return [SearchHit(chunk=c, score=1.0 - i / 10) for i, c in enumerate(chunks)]


@pytest.mark.parametrize(("question", "word"), [
    ("hva er straffen for vold i nære relasjoner?", "straffen"),
    ("kva er budsjettet til krisesenteret?", "budsjettet"),
    ("når åpnet Oslo krisesenter?", "åpnet"),
    ("hva er reglene for hundehold?", ""),  # a generic head: the question is about what follows
    ("kva er eigentleg meint med fysisk sikkerheit?", ""),  # a definition question
    ("kven har ansvaret når fleire tenester er involverte?", ""),  # "når" inside a sentence is a conjunction
    ("når skal vi melde fra?", ""),  # a function word after "når" names nothing
])
def test_focus_word(question: str, word: str) -> None:
    assert focus_word(question) == word


def test_question_about_something_no_passage_holds_is_declined() -> None:
    keyword = KeywordIndex(CHUNKS)
    question = "hva er straffen for vold i nære relasjoner?"
    assert uncovered_focus(question, _hits(FORMAL, KRAV), keyword) == "straffen"
    judgement = judge(question, _hits(FORMAL, KRAV), keyword)
    assert not judgement.answerable and judgement.reason == "focus"


def test_the_same_question_is_answered_when_a_passage_holds_the_word() -> None:
    keyword = KeywordIndex(CHUNKS)
    question = "hva er straffen for brot på teieplikta?"
    assert uncovered_focus(question, _hits(TEIEPLIKT, FORMAL), keyword) == ""
    assert judge(question, _hits(TEIEPLIKT, FORMAL), keyword).answerable


def test_a_word_no_source_uses_is_left_to_the_coverage_share() -> None:
    """Users paraphrase: an unseen word ("rullestolbrukeren") cannot be demanded from any passage."""
    keyword = KeywordIndex(CHUNKS)
    assert uncovered_focus("hva er rullestolbrukeren sin rett til tilrettelegging?", _hits(FORMAL), keyword) == ""


def test_declining_names_the_missing_word(make_service) -> None:  # noqa: ANN001
    service = make_service()
    answer = service.answer("hva er straffen for vold i nære relasjoner?")
    assert answer.abstained and not answer.citations
    assert "«straffen»" in answer.text and "Spør Statsforvalteren" in answer.text
