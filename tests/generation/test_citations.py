"""The citation check on its own: which answers pass and why the others are rejected."""

from __future__ import annotations

import pytest

from bot.generation.citations import check_answer, cited_ids, replace_citations
from bot.retrieval.references import SectionMention, section_mentions
from tests.generation.conftest import AMENDING, INJECTED, K2, K4, KL25, LETTER

PASSAGES = {"P1": K4, "P2": LETTER, "P3": KL25, "P4": K2, "P5": INJECTED}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("krisesenterlova § 4 første ledd", [SectionMention("4", "krisesenterlov")]),
        ("§ 25-1 i kommuneloven", [SectionMention("25-1", "kommunelov")]),
        ("§ 5 a", [SectionMention("5a", None)]),
        ("§§ 2 og 3", [SectionMention("2", None), SectionMention("3", None)]),
        ("§§ 2–4", [SectionMention(s, None) for s in ("2", "3", "4")]),
        ("§§ 2-4", [SectionMention(s, None) for s in ("2", "3", "4")]),
        ("§ 4 i krisesenterlova", [SectionMention("4", "krisesenterlov")]),
        ("§ 4 andre ledd bokstav d", [SectionMention("4", None)]),
        ("pbl. § 5-1", [SectionMention("5-1", None)]),
        # the genitive of a regulation reads like the law's ("lovens § 4"); "forskriftens" alone names none
        ("sikkerhetsforskriftens § 3", [SectionMention("3", "sikkerhetsforskrift")]),
        ("forskriftens § 3", [SectionMention("3", None)]),
        ("§ 2 i krisesenterlovas", [SectionMention("2", "krisesenterlov")]),
        ("plan- og bygningsloven § 5-1", [SectionMention("5-1", "bygningslov")]),
    ],
)
def test_section_mentions_read_the_forms_answers_use(text: str, expected: list[SectionMention]) -> None:
    assert section_mentions(text) == expected


def test_cited_ids_in_order_without_repeats() -> None:
    assert cited_ids("A [P2]. B [P1, p3] og [P 2].") == ["P2", "P1", "P3"]
    assert cited_ids("C [P4 og P5]; D [P6; P7].") == ["P4", "P5", "P6", "P7"]


def test_internal_ids_are_replaced_by_labels() -> None:
    shown = replace_citations("Kommunen har ansvar [P1, P2].", {"P1": "krisesenterlova § 4", "P2": "kommuneloven § 25-1"})
    assert shown == "Kommunen har ansvar (krisesenterlova § 4; kommuneloven § 25-1)."


def test_answer_citing_the_passage_that_holds_the_section_passes() -> None:
    result = check_answer("Etter krisesenterlova § 4 skal kommunen samordne tenestene [P1].", PASSAGES)
    assert result.ok, result.reason
    assert result.cited == ("P1",)


def test_section_named_only_in_a_cited_letter_passes() -> None:
    text = "Tre bydeler brøt krisesenterlova §§ 2–4 og kommuneloven § 25-1 [P2]."
    assert check_answer(text, PASSAGES).ok


def test_section_from_an_amending_act_passes() -> None:
    result = check_answer("Krisesenterlova § 5 a krever en barnekoordinator [P6].", {**PASSAGES, "P6": AMENDING})
    assert result.ok, result.reason


def test_invented_section_is_rejected_with_a_reason_that_holds_no_answer_text() -> None:
    result = check_answer("Kommunen må ha brukarråd, jf. krisesenterlova § 7 [P1].", PASSAGES)
    assert not result.ok
    assert result.reason == "§ 7 (krisesenterlov) not in a cited passage"
    assert "brukarråd" not in result.reason


def test_section_of_the_wrong_law_is_rejected() -> None:
    # § 4 exists in krisesenterlova (P1), not as kommuneloven § 4 in anything cited.
    assert not check_answer("Etter kommuneloven § 4 skal tenestene samordnast [P1].", PASSAGES).ok


def test_section_in_a_passage_that_is_given_but_not_cited_is_rejected() -> None:
    assert not check_answer("Internkontroll følger av kommuneloven § 25-1 [P1].", PASSAGES).ok


def test_unknown_passage_id_is_rejected() -> None:
    result = check_answer("Kommunen har ansvar [P9].", PASSAGES)
    assert not result.ok and "P9" in result.reason


def test_answer_without_citation_is_rejected() -> None:
    assert check_answer("Kommunen har ansvar etter krisesenterlova § 4.", PASSAGES).reason == "no passage cited"


def test_link_that_is_not_in_a_cited_passage_is_rejected() -> None:
    assert not check_answer("Les mer på https://example.com/svindel [P1].", PASSAGES).ok
    assert check_answer(f"Se {K4.url} [P1].", PASSAGES).ok


def test_section_named_only_in_a_submitted_document_backs_nothing() -> None:
    # The routine says "krisesenterlova § 99" itself; citing it must not make § 99 a source.
    assert not check_answer("Kommunen har hjemmel i krisesenterlova § 99 [P5].", PASSAGES).ok
    assert check_answer("Bydelen har faste møter med krisesenteret [P5].", PASSAGES).ok


def test_manifest_short_names_let_a_law_be_named_as_people_write_it() -> None:
    names = {K4.doc_id: "krisesenterlova krisesenterloven ksl sikkerhetsforskriften"}
    text = "Etter sikkerhetsforskriften § 4 ... [P1]."
    assert not check_answer(text, PASSAGES).ok
    assert check_answer(text, PASSAGES, names).ok


def test_a_manifest_short_name_that_is_no_law_word_names_the_law_too() -> None:
    """"kml § 25-1": the manifest's "kml" is read as kommuneloven's name, so the § is checked against
    that law (it backs the answer when the cited passage is kommuneloven § 25-1, not another law's)."""
    names = {KL25.doc_id: "kommuneloven | kml", K4.doc_id: "krisesenterlova | ksl"}
    assert check_answer("Etter kml § 25-1 skal kommunen ha internkontroll [P3].", PASSAGES, names).ok
    assert not check_answer("Etter ksl § 25-1 skal kommunen ha internkontroll [P3].", PASSAGES, names).ok
    assert section_mentions("kml § 25-1", ["kml"]) == [SectionMention("25-1", "kml")]
    assert section_mentions("kml § 25-1") == [SectionMention("25-1", None)]  # unknown without the manifest
