"""Answers with guidance: the law first, the comment on it as explanation, labelled by kind, linked,
and a note when the comment predates the wording of the § it explains."""

from __future__ import annotations

from collections.abc import Callable

from bot.answering.citations import label
from bot.answering.service import AnsweringService
from bot.domain import Chunk, Passage, SourceKind
from tests.answering.conftest import AFTER_2026, BEFORE_2026
from tests.retrieval import corpus

OTPRP_URL = "https://www.regjeringen.no/nn/dokumenter/otprp-nr-96-2008-2009-/id561009/?ch=12"


def comment(kind: SourceKind, short: str, key: str, text: str, *, published: str, anchor: str) -> Chunk:
    doc = short.upper().replace(" ", "-")
    heading = f"Til § {key[1:]}"
    return Chunk(chunk_id=f"{doc}|{heading}|p1", source_id=doc.lower(), doc_id=doc, kind=kind, title=short,
                 short_title=short, section=heading, heading_path=[short, heading], text=f"{heading}\n{text}",
                 passages=[Passage(text=text)], language="nn", url=f"{OTPRP_URL}#{anchor}", published=published,
                 explains_doc_id=corpus.KSL, explains_section_key=key)


OTPRP_2 = comment(SourceKind.PREPARATORY_WORK, "Ot.prp. nr. 96 (2008–2009)", "§2",
                  "Fiktiv testtekst: ein kan møte opp på krisesenteret utan henvisning frå legen og utan å bestille "
                  "time.", published="2009", anchor="kap12-2")
RUNDSKRIV_2 = comment(SourceKind.GUIDANCE, "Bufdir rundskriv 20/2026", "§2",
                      "Fiktiv testtekst: ingen trenger henvisning fra legen for å komme til krisesenteret.",
                      published="2026-01-01", anchor="paragraf-2")


def test_labels_by_kind() -> None:
    assert label(OTPRP_2) == "Forarbeider: Ot.prp. nr. 96 (2008–2009), merknad til § 2"
    assert label(RUNDSKRIV_2) == "Bufdir rundskriv 20/2026, til § 2"


def test_everyday_question_gets_the_law_first_then_the_comment_with_age_note(
    make_service: Callable[..., AnsweringService],
) -> None:
    service = make_service(AFTER_2026, chunks=[*corpus.chunks(), OTPRP_2])
    answer = service.answer("Trenger jeg henvisning fra legen for å komme til krisesenteret?")
    assert not answer.abstained, answer.text
    labels = [c.label for c in answer.citations]
    assert labels[0].startswith("krisesenterlova § 2") or "§ 2" in labels[0]
    assert labels[-1] == "Forarbeider: Ot.prp. nr. 96 (2008–2009), merknad til § 2"
    assert answer.text.index("krisesenterlova") < answer.text.index("Forarbeider:")
    assert f"{OTPRP_URL}#kap12-2" in answer.text
    assert "merknaden i Ot.prp. nr. 96 (2008–2009) er fra 2009, eldre enn gjeldende ordlyd i krisesenterlova § 2" in answer.text


def test_no_age_note_for_current_guidance_or_before_the_change(make_service: Callable[..., AnsweringService]) -> None:
    question = "Trenger jeg henvisning fra legen for å komme til krisesenteret?"
    current = make_service(AFTER_2026, chunks=[*corpus.chunks(), RUNDSKRIV_2]).answer(question)
    assert "Bufdir rundskriv 20/2026, til § 2" in current.text and "eldre enn gjeldende" not in current.text
    before = make_service(BEFORE_2026, chunks=[*corpus.chunks(), OTPRP_2]).answer(question)
    assert "Forarbeider:" in before.text and "eldre enn gjeldende" not in before.text


def test_a_comment_dropped_for_length_takes_its_age_note_with_it(make_service: Callable[..., AnsweringService]) -> None:
    long = comment(SourceKind.PREPARATORY_WORK, "Ot.prp. nr. 96 (2008–2009)", "§2",
                   "Fiktiv testtekst: ein kan møte opp utan henvisning frå legen " + "og så vidare " * 120 + ".",
                   published="2009", anchor="kap12-2")
    answer = make_service(AFTER_2026, chunks=[*corpus.chunks(), long]).answer(
        "Trenger jeg henvisning fra legen for å komme til krisesenteret?")
    assert not answer.abstained and answer.citations[0].label.startswith("krisesenterlova")
    quoted = any(c.label.startswith("Forarbeider:") for c in answer.citations)
    assert quoted == ("eldre enn gjeldende" in answer.text)
