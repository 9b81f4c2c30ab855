"""Grounded answers: quotes with citations from the index only, currency by the clock, abstention."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.answering.compose import asks_now_of, renumbered
from bot.answering.service import AnsweringService
from bot.domain import Audience, Passage
from bot.errors import IndexUnavailableError
from tests.answering.conftest import AFTER_2026, BEFORE_2026
from tests.retrieval import corpus

OFF_TOPIC = [
    "hva er åpningstidene i barnehagen?",
    "hva er telefonnummeret til Oslo krisesenter?",
    "hva koster det å leie festlokalet i bydelshuset?",
    "når kommer neste tilsyn til vår bydel?",
    "hvordan søker jeg om parkeringstillatelse for el-bil?",
    "hvem er leder for Oslo krisesenter i dag?",  # a name: no source holds one
    "hvor mange plasser har krisesenteret?",  # a count the sources never state
    "kva er vêrmeldinga for Oslo i morgon?",
]


def sections_named(text: str) -> set[str]:
    return {re.sub(r"\s", "", m) for m in re.findall(r"§\s*\d+(?:-\d+)?(?:\s?[a-h]\b)?", text)}


def test_named_section_is_quoted_with_citation(service: AnsweringService) -> None:
    answer = service.answer("hva sier krisesenterlova § 4?")
    assert not answer.abstained
    assert answer.citations[0].label == "krisesenterlova § 4 første ledd"
    assert "«Kommunen skal sørgje for at krisesentertilbodet samarbeider" in answer.text
    assert "https://lovdata.no/lov/2009-06-19-44/§4" in answer.text
    assert len(answer.text) < 900


def test_letter_question_answered_from_the_letter(service: AnsweringService) -> None:
    answer = service.answer("hvor mange bydeler fikk lovbrudd?")
    assert not answer.abstained
    assert "tre bydeler" in answer.text
    assert answer.citations[0].label == "Informasjonsskriv 2/2024, «Status for lovbrudd nå i 2024 – er de lukket?»"


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_declined(service: AnsweringService, question: str) -> None:
    answer = service.answer(question)
    assert answer.abstained
    assert not answer.citations
    assert "Spør Statsforvalteren eller bydelens fagansvarlige" in answer.text


def test_missing_section_is_never_invented(service: AnsweringService) -> None:
    answer = service.answer("hva sier krisesenterlova § 42?")
    assert answer.abstained
    assert "Kunnskapsbasen har ikke krisesenterlova § 42" in answer.text
    assert not answer.citations


def test_unknown_law_is_named_as_missing(service: AnsweringService) -> None:
    answer = service.answer("hva sier straffeloven § 209 om brudd på taushetsplikt?")
    assert "straffelov" in answer.text and "Kunnskapsbasen har ikke" in answer.text
    # a coordinated name whole, as the user wrote it (with a § or without): not its last word
    answer = service.answer("Barnet har ein koordinator etter helse- og omsorgstenestelova § 7-2 a. Kva seier den?")
    assert "Kunnskapsbasen har ikke helse- og omsorgstenestelova, så" in answer.text
    answer = service.answer("Hva sier helse- og omsorgstjenesteloven om barnekoordinator?")
    assert answer.abstained and "Kunnskapsbasen har ikke helse- og omsorgstjenesteloven, så" in answer.text


def test_an_act_cited_by_date_and_number_that_the_index_lacks_is_named_as_missing(service: AnsweringService) -> None:
    """"Kva endrar lov 20. juni 2025 nr. 39 i § 6 …?" asks about an act the index lacks (Lovdata notes only that it
    amends krisesenterlova § 6): read as a bare § 6, it was answered from krisesenterlova § 6 as if that said what
    the act changes (mv022, fresh206)."""
    answer = service.answer("Kva endrar lov 20. juni 2025 nr. 39 i § 6 om opplysningsplikt til barnevernet?")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("Kunnskapsbasen har ikke lov 20. juni 2025 nr. 39, så jeg kan ikke si hva den sier om § 6.")
    answer = service.answer("Hva endret LOV-2021-06-18-97?")
    assert answer.abstained and answer.text.startswith("Kunnskapsbasen har ikke lov 18. juni 2021 nr. 97, så")
    # what it changes in a law the index holds is asked of the act, not of that law ("vedtatt ved …", mz022)
    answer = service.answer("Hva går endringene i krisesenterlova § 4 som ble vedtatt ved lov 20. juni 2025 nr. 39 ut på?")
    assert answer.abstained and answer.text.startswith("Kunnskapsbasen har ikke lov 20. juni 2025 nr. 39, så")
    # … in the present tense too, of a law the index holds
    answer = service.answer("Hva endrer lov 20. juni 2025 nr. 39 i krisesenterlova § 4?")
    assert answer.abstained and answer.text.startswith("Kunnskapsbasen har ikke lov 20. juni 2025 nr. 39, så")
    # asked when the change takes effect, the § and its note answer; what the act says is still not claimed
    when = service.answer("Når trer krisesenterlova § 4 i kraft slik den blir endret ved lov 20. juni 2025 nr. 39?")
    assert not when.abstained and when.text.startswith("Kunnskapsbasen har ikke lov 20. juni 2025 nr. 39, så")
    assert "krisesenterlova § 4" in when.text
    # the act the index holds, cited the same way, is never called missing
    answer = service.answer("Hva endret lov 20. juni 2025 nr. 42 i krisesenterlova § 3?")
    assert not answer.abstained and "Kunnskapsbasen har ikke" not in answer.text


def test_a_missing_section_named_only_in_the_scene_does_not_decline_what_is_asked(service: AnsweringService) -> None:
    """A § of a law the index lacks, named in the scene before the question ("Vi har en sak etter
    barnevernloven § 4-12."), is no reason to decline what is asked after it: the answer says the § is not
    indexed, then answers from what is. Named where the question is asked, it is declined (above)."""
    answer = service.answer("Vi har en sak etter barnevernloven § 4-12. Hva er straffen for brudd på teieplikta?")
    assert not answer.abstained
    assert answer.text.startswith("Kunnskapsbasen har ikke barnevernloven, så jeg kan ikke si hva § 4-12 der sier.")
    assert answer.citations[0].label == "krisesenterlova § 5 første ledd"
    asked = service.answer("Hva er straffen for brudd på teieplikta etter barnevernloven § 4-12?")
    assert asked.abstained and not asked.citations
    # asked of by a word that points back at it
    referred = service.answer("Vi har en sak etter barnevernloven § 4-12. Hva sier paragrafen om teieplikt?")
    assert referred.abstained and referred.text.startswith("Kunnskapsbasen har ikke barnevernloven")


QUESTIONS = [
    "hva sier krisesenterlova § 4?", "kan menn og kvinner bo på samme avdeling?", "hva er teieplikt?",
    "hvem har ansvar for internkontrollen?", "kan statsforvalteren gi pålegg om retting?",
    "hva var faren med manglende rutiner for samarbeid?", "krisesenterlova § 2", "krisesenterlova § 5 a",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_citations_come_only_from_indexed_chunks(service: AnsweringService, question: str) -> None:
    indexed = {c.chunk_id: c for c in corpus.chunks()}
    answer = service.answer(question)
    assert answer.citations, question
    cited_sections: set[str] = set()
    for citation in answer.citations:
        chunk = indexed[citation.chunk_id]  # KeyError = a citation of something not in the index
        assert citation.doc_id == chunk.doc_id and citation.url == chunk.url
        assert " ".join(citation.quote.replace(" …", "").split()[:6]) in " ".join(chunk.text.split()).replace("\n", " ") \
            or citation.quote.split(" … ")[-1][:40] in chunk.text
        cited_sections |= sections_named(" ".join([chunk.text, chunk.section, chunk.amends_section_key,
                                                   chunk.section_key]))
    assert sections_named(answer.text) <= cited_sections


def test_currency_before_change_quotes_current_and_gives_new_wording(make_service: Callable[..., AnsweringService]) -> None:
    answer = make_service(BEFORE_2026).answer("krisesenterlova § 3 – hva sier den om tilrettelegging?")
    assert answer.citations[0].doc_id == corpus.KSL
    note = answer.currency_notes[0]
    assert note.startswith("Merk: krisesenterlova § 3 blir endret ved lov 20. juni 2025 nr. 42, i kraft 1. januar 2026.")
    assert "likeverdige alternative krisesentertilbod" in note


def test_currency_after_change_quotes_new_wording_as_current(make_service: Callable[..., AnsweringService]) -> None:
    answer = make_service(AFTER_2026).answer("krisesenterlova § 3 – hva sier den om tilrettelegging?")
    assert "likeverdige alternative krisesentertilbod" in answer.text
    first = answer.citations[0]
    assert first.doc_id == corpus.ACT
    assert first.label.startswith("krisesenterlova § 3 første ledd (ny ordlyd, lov 20. juni 2025 nr. 42)")
    note = answer.currency_notes[0]
    assert note.startswith("Merk: krisesenterlova § 3 ble endret ved lov 20. juni 2025 nr. 42, i kraft 1. januar 2026.")
    assert "gjeldende ordlyd" in note


def test_ledd_split_by_the_change_is_quoted_in_all_its_parts(make_service: Callable[..., AnsweringService]) -> None:
    # the old § 2 andre ledd held the duty to give support and the list; the change split it into the new
    # andre ledd (the list) and tredje ledd (the support): both are law, so the old wording is not shown as
    # "former wording" (it would read as if the support duty were gone)
    answer = make_service(AFTER_2026).answer("skal tilbodet gi brukarane hjelp til å ta kontakt med andre delar "
                                             "av tenesteapparatet?")
    labels = [c.label for c in answer.citations]
    assert labels[0].startswith("krisesenterlova § 2 tredje ledd (ny ordlyd")
    assert any(label.startswith("krisesenterlova § 2 andre ledd (ny ordlyd") for label in labels)
    assert "delte leddet" in answer.currency_notes[0]
    assert "tidligere ordlyd" not in answer.text


def test_added_section_after_change_quotes_the_new_text(make_service: Callable[..., AnsweringService]) -> None:
    answer = make_service(AFTER_2026).answer("krisesenterlova § 5 a")
    assert "kan behandle personopplysningar" in answer.text
    assert "ingen tekst" not in answer.text
    assert "krisesenterlova § 5 a ble tilføyd ved lov 20. juni 2025 nr. 42" in answer.text  # new, not "endret"
    assert "§ 5 a ble endret" not in answer.text


def test_unchanged_ledd_keeps_consolidated_text_with_note(make_service: Callable[..., AnsweringService]) -> None:
    answer = make_service(AFTER_2026).answer("skal butilbodet til kvinner og menn vere fysisk skilde?")
    assert "fysisk skilde" in answer.text
    assert answer.currency_notes and "§ 2" in answer.currency_notes[0]


def test_follow_up_uses_thread_context(service: AnsweringService) -> None:
    answer = service.answer("og hva med § 30-4?", context=["hva sier kommuneloven § 25-1?"])
    assert answer.citations[0].label.startswith("kommuneloven § 30-4")


def test_officers_documents_never_reach_public_answers(service: AnsweringService) -> None:
    question = "hva står i Bydel Alna sin rutine for samarbeid med krisesenteret om bolig?"
    public = service.answer(question, audience=Audience.PUBLIC)
    assert all(c.doc_id != "innsendt-alna-rutine" for c in public.citations)
    assert all(h.chunk.audience is Audience.PUBLIC for h in public.hits)
    officers = service.answer(question, audience=Audience.OFFICERS)
    assert any(c.doc_id == "innsendt-alna-rutine" for c in officers.citations)


def test_identity_numbers_are_masked_before_retrieval(service: AnsweringService) -> None:
    answer = service.answer("teieplikt for 01010012356?")
    assert "01010012356" not in answer.question


def test_empty_index_says_run_ingest(make_service: Callable[..., AnsweringService]) -> None:
    with pytest.raises(IndexUnavailableError) as error:
        make_service(chunks=[]).answer("hva sier krisesenterlova § 4?")
    assert "tilsynsbot ingest" in error.value.user_message


def test_search_and_index_info(service: AnsweringService) -> None:
    hits = service.search("krisesenterlova § 4", k=3)
    assert hits[0].chunk.section_key == "§4" and len(hits) <= 3
    info = service.index_info()
    assert info["built_at"] and info["chunks"] == len(corpus.chunks())


def test_reload_picks_up_new_chunks(make_service: Callable[..., AnsweringService]) -> None:
    chunks = corpus.chunks()
    service = make_service(chunks=chunks[:3])
    assert service.answer("hvor mange bydeler fikk lovbrudd?").abstained
    service._store.chunks = chunks  # the index was re-ingested
    service._store.vectors = service._store.embedder.embed_documents([c.text for c in chunks])
    service.reload()
    assert not service.answer("hvor mange bydeler fikk lovbrudd?").abstained


def test_pending_change_without_amending_act_says_new_wording_is_missing(
    make_service: Callable[..., AnsweringService],
) -> None:
    chunks = [c for c in corpus.chunks() if c.doc_id != corpus.ACT]  # the amending act is not indexed
    before = make_service(BEFORE_2026, chunks=chunks).answer("krisesenterlova § 3")
    assert "blir endret ved lov 20. juni 2025 nr. 42, i kraft 1. januar 2026" in before.text
    assert "Kunnskapsbasen har ikke den nye ordlyden" in before.text
    after = make_service(AFTER_2026, chunks=chunks).answer("krisesenterlova § 3")
    assert "ble endret ved lov 20. juni 2025 nr. 42" in after.text
    assert "fra før endringen" in after.text


def test_the_new_wording_comes_first_and_the_consolidated_ledd_keep_their_order(service: AnsweringService) -> None:
    """Two consolidated ledd of an amended § (the index holds one unit per ledd) go behind the amending act's
    wording once it is in force, in their own order: not reversed."""
    from bot.domain import SearchHit

    chunks = corpus.chunks()
    whole = next(c for c in chunks if c.doc_id == corpus.KSL and c.section_key == "§2")
    first, second = (whole.model_copy(update={"chunk_id": f"{whole.chunk_id[:-3]}|p{n}"}) for n in (1, 2))
    new = next(c for c in chunks if c.doc_id == corpus.ACT and c.section_key == "§2")
    hits = [SearchHit(chunk=c, score=1.0) for c in (first, second, new)]
    ordered = service._state().composer._current_first(hits, AFTER_2026.date())
    assert [h.chunk.chunk_id for h in ordered] == [new.chunk_id, first.chunk_id, second.chunk_id]


def test_a_question_about_what_changed_gets_the_replaced_ledd_beside_the_new(service: AnsweringService) -> None:
    """"Hva er endret i § 3 første ledd?": the new wording, then the ledd it replaced, whole and dated, so the
    user sees what changed; a ledd the amendment split says where its parts stand now; a new ledd that replaced
    none gets no former wording. Not asked what changed, the answer carries no former wording."""
    changed = service.answer("Hva er endret i krisesenterlova § 3 første ledd?")
    assert not changed.abstained and changed.citations[0].amended
    assert ("Før 1. januar 2026 lød krisesenterlova § 3 første ledd: «Kommunen skal sørgje for at tilbodet så langt "
            "råd er blir lagt til rette slik at det kjem dei individuelle behova til brukarane i møte.»") in changed.text
    split = service.answer("Hva er nytt i krisesenterlova § 2 andre ledd om oppfølging i reetableringsfasen?")
    assert "Før 1. januar 2026 lød krisesenterlova § 2 andre ledd (nå andre og tredje ledd): «Tilbodet skal gi " \
        "brukarane støtte" in split.text
    samisk = service.answer("Hva er nytt i krisesenterlova § 3 andre ledd om samiske brukarar?")
    assert samisk.citations[0].amended and "Før 1. januar 2026" not in samisk.text
    plain = service.answer("Hva sier krisesenterlova § 3 første ledd om likeverdige alternative tilbod?")
    assert plain.citations[0].amended and "Før 1. januar 2026 lød" not in plain.text
    # "gamle" of people is no question about the old wording
    elderly = service.answer("Skal tilbodet til gamle brukarar gi støtte og rettleiing?")
    assert elderly.citations[0].amended and "Før 1. januar 2026 lød" not in elderly.text
    # the old wording is shown once, not also in brief in the note
    assert changed.text.count("lagt til rette slik at det kjem dei individuelle behova til brukarane i møte.»") == 1


def test_the_former_wording_gives_way_before_the_wording_in_force(service: AnsweringService) -> None:
    """Too long for Slack with the old ledd beside them, the new andre and tredje ledd of § 2 stay and the old
    wording goes: a question about what is new must get what is new."""
    answer = service.answer("Hva er nytt i krisesenterlova § 2?")
    labels = [c.label for c in answer.citations]
    assert "krisesenterlova § 2 andre ledd (ny ordlyd, lov 20. juni 2025 nr. 42)" in labels, labels
    assert "krisesenterlova § 2 tredje ledd (ny ordlyd, lov 20. juni 2025 nr. 42)" in labels, labels
    assert len(answer.text) <= 1400


def test_change_in_force_when_the_king_decides(make_service: Callable[..., AnsweringService]) -> None:
    chunks = corpus.chunks()
    teieplikt = next(c for c in chunks if c.section_key == "§5" and c.doc_id == corpus.KSL)
    chunks[chunks.index(teieplikt)] = teieplikt.model_copy(update={
        "pending_change": "Vert endra ved lov 20 juni 2025 nr. 39 (i kraft frå den tid Kongen bestemmer).",
        "pending_change_act": "LOV-2025-06-20-39"})
    answer = make_service(AFTER_2026, chunks=chunks).answer("krisesenterlova § 5")
    assert "Merk: krisesenterlova § 5 blir endret ved lov 20. juni 2025 nr. 39, som trer i kraft når Kongen bestemmer." \
        in answer.text


def test_a_repealed_section_is_never_quoted_as_law_once_the_repeal_is_in_force(
    make_service: Callable[..., AnsweringService],
) -> None:
    """Lovdata's note "Oppheves ved lov … (i kraft …)" announces a repeal, not new wording (pbl §§ 20-9 and 20-10, the
    temporary Ukraine rules, repealed on 1 July 2026). Before that day the § is quoted with a note that it will be
    repealed (no "new wording" to miss); from that day it is no law: asked by its number, or ranked first, the answer
    says it was repealed and quotes nothing of it; named beside a § in force, that one is quoted and the repeal noted."""
    from datetime import UTC, datetime

    chunks = corpus.chunks()
    teieplikt = next(c for c in chunks if c.section_key == "§5" and c.doc_id == corpus.KSL)
    chunks[chunks.index(teieplikt)] = teieplikt.model_copy(update={
        "pending_change": "Oppheves ved lov 25 juni 2024 nr. 53 (i kraft 1 juli 2026).",
        "pending_change_act": "LOV-2024-06-25-53", "pending_change_in_force": "2026-07-01"})
    before = make_service(AFTER_2026, chunks=chunks).answer("krisesenterlova § 5")
    assert not before.abstained and before.citations[0].chunk_id == teieplikt.chunk_id
    assert "Merk: krisesenterlova § 5 blir opphevet ved lov 25. juni 2024 nr. 53, i kraft 1. juli 2026." in before.text
    assert "ny ordlyd" not in before.text.lower() and "nye ordlyden" not in before.text

    after = make_service(datetime(2026, 12, 6, 10, 0, tzinfo=UTC), chunks=chunks)
    named = after.answer("krisesenterlova § 5")
    assert named.abstained and not named.citations
    assert named.text.startswith("Merk: krisesenterlova § 5 ble opphevet ved lov 25. juni 2024 nr. 53, i kraft 1. juli "
                                 "2026, og gjelder ikke lenger.")
    assert "«" not in named.text  # nothing of the old text
    ranked = after.answer("Har dei tilsette på krisesenteret teieplikt?")
    assert ranked.abstained and "ble opphevet" in ranked.text
    # two repealed §§ named: both are said to be repealed
    at = next(i for i, c in enumerate(chunks) if c.section_key == "§4" and c.doc_id == corpus.KSL)
    both_repealed = [*chunks[:at], chunks[at].model_copy(update={
        "pending_change": "Oppheves ved lov 25 juni 2024 nr. 53 (i kraft 1 juli 2026).",
        "pending_change_act": "LOV-2024-06-25-53", "pending_change_in_force": "2026-07-01"}), *chunks[at + 1:]]
    two = make_service(datetime(2026, 12, 6, 10, 0, tzinfo=UTC), chunks=both_repealed).answer(
        "Hva sier krisesenterlova § 5 og § 4?")
    assert two.abstained and "krisesenterlova § 5 ble opphevet" in two.text and "krisesenterlova § 4 ble opphevet" in two.text
    both = after.answer("Hva sier krisesenterlova § 5 og § 4?")
    assert not both.abstained and all(c.chunk_id != teieplikt.chunk_id for c in both.citations)
    assert "krisesenterlova § 5 ble opphevet" in both.text and "krisesenterlova § 4" in both.text


def test_new_ingest_is_picked_up_without_restart(settings, fake_embedder) -> None:  # noqa: ANN001
    from tests.fakes.chunk_store import InMemoryChunkStore
    from tests.fakes.clock import FakeClock

    chunks = corpus.chunks()
    store = InMemoryChunkStore(chunks[:3], fake_embedder)
    state = {"built_at": "2026-03-01T08:00:00+00:00"}
    seconds = [0.0]
    service = AnsweringService(settings, store=store, embedder=fake_embedder, clock=FakeClock(AFTER_2026),
                               law_names=corpus.ALIASES, info=lambda: dict(state), reload_check_s=10,
                               monotonic=lambda: seconds[0])
    assert service.answer("hvor mange bydeler fikk lovbrudd?").abstained
    store.chunks, store.vectors = chunks, fake_embedder.embed_documents([c.text for c in chunks])
    state["built_at"] = "2026-03-02T08:00:00+00:00"  # another process re-ingested
    seconds[0] = 5.0
    assert service.answer("hva sier krisesenterlova § 1?").index_date == "2026-03-01T08:00:00+00:00"  # not checked yet
    seconds[0] = 11.0
    answer = service.answer("hvor mange bydeler fikk lovbrudd?")
    assert not answer.abstained and answer.index_date == "2026-03-02T08:00:00+00:00"


def test_named_amended_section_reads_as_it_stands_today(make_service: Callable[..., AnsweringService]) -> None:
    answer = make_service(AFTER_2026).answer("hva sier krisesenterlova § 2?")
    first, second = answer.citations[:2]
    assert first.doc_id == corpus.KSL and first.quote.startswith("Kommunen skal sørgje for eit krisesentertilbod")
    assert second.doc_id == corpus.ACT and second.label.startswith("krisesenterlova § 2 andre ledd (ny ordlyd")
    assert "— lov 20. juni 2025 nr. 42 (https://lovdata.no/lov/2025-06-20-42)" in answer.text
    before = make_service(BEFORE_2026).answer("hva sier krisesenterlova § 2?")
    assert all(c.doc_id == corpus.KSL for c in before.citations)  # new wording only in the note
    assert "endret ved lov 20. juni 2025 nr. 42, i kraft 1. januar 2026" in before.text


def test_law_not_in_the_index_is_named_not_answered(service: AnsweringService) -> None:
    answer = service.answer("hva sier forvaltningsloven om taushetsplikt?")
    assert answer.abstained and "Kunnskapsbasen har ikke forvaltningsloven," in answer.text
    assert not service.answer("hva sier plan- og bygningsloven om tilsyn i byggesaker?").abstained
    # asked after the scene that names it, and referred back to, it is still what is asked about
    answer = service.answer("Vi bruker forvaltningsloven mye. Hva sier den om taushetsplikt?")
    assert answer.abstained and "Kunnskapsbasen har ikke forvaltningsloven," in answer.text


def test_a_law_not_indexed_named_only_in_the_scene_does_not_decline_what_is_asked(service: AnsweringService) -> None:
    """"En beboer har individuell plan etter helse- og omsorgstjenesteloven. Har krisesentertilbudet plikt
    til å delta?" asks about the crisis centre's duty: the answer decision weighs it (here, with no fitted
    model, the coverage rule: it answers from krisesenterlova § 4)."""
    answer = service.answer("Jeg jobber etter helse- og omsorgstjenesteloven. "
                            "Skal kommunen samordne tenestetilbodet til brukarane?")
    assert "Kunnskapsbasen har ikke" not in answer.text
    assert not answer.abstained and answer.citations[0].doc_id == corpus.KSL


def test_a_law_not_indexed_named_in_the_opening_condition_does_not_decline_what_is_asked(
        service: AnsweringService) -> None:
    """"Hvis barnet har koordinator etter helse- og omsorgstjenesteloven, hvem skal samordne …?" asks who
    coordinates under the laws indexed: the condition describes the case. Asked of that law after the comma,
    it is declined."""
    answer = service.answer("Hvis en bruker har koordinator etter helse- og omsorgstjenesteloven, "
                            "skal kommunen da samordne tenestetilbodet til brukarane?")
    assert "Kunnskapsbasen har ikke" not in answer.text
    assert not answer.abstained and answer.citations[0].doc_id == corpus.KSL
    asked = service.answer("Hvis brukeren har koordinator, hva sier helse- og omsorgstjenesteloven om samordning?")
    assert asked.abstained and "Kunnskapsbasen har ikke helse- og omsorgstjenesteloven" in asked.text
    # a topic opener is no condition, and a rest that points back at the law asks about it
    for topic in ("Når det gjelder barnevernloven, hva sier loven om samordning av tenestetilbodet?",
                  "Om et barn bor på krisesenter etter barnevernloven, hvem skal samordne tenestetilbodet etter loven?"):
        declined = service.answer(topic)
        assert declined.abstained and "Kunnskapsbasen har ikke barnevernloven" in declined.text, topic


def test_a_bydel_the_letter_does_not_name_is_declined_with_the_name(service: AnsweringService) -> None:
    """The letter counts the bydeler with lovbrudd but names none: it cannot say whether this one was."""
    answer = service.answer("Var Bydel Grünerløkka en av bydelene som fikk lovbrudd?")
    assert answer.abstained and not answer.citations
    assert "Tilsynsdokumentene jeg har nevner ikke «Grünerløkka»" in answer.text


def test_which_bydeler_got_lovbrudd_is_declined_when_the_letter_names_none(service: AnsweringService) -> None:
    answer = service.answer("Hvilke tre bydeler var det som fikk lovbrudd?")
    assert answer.abstained and not answer.citations
    assert "navngir ikke bydelene" in answer.text


def test_a_section_of_a_law_not_indexed_is_named_before_the_section_that_refers_to_it(
        service: AnsweringService) -> None:
    """"forvaltningsloven § 13 b, som krisesenterlova § 5 viser til": the bot can quote § 5, but says first
    that it does not have § 13 b, so the quote does not read as what § 13 b says."""
    answer = service.answer("Hva står i forvaltningsloven § 13 b, som krisesenterlova § 5 viser til?")
    assert not answer.abstained and answer.citations[0].doc_id == corpus.KSL
    assert answer.text.startswith("Kunnskapsbasen har ikke forvaltningsloven, så jeg kan ikke si hva § 13 b der sier.")


def test_a_named_section_asked_for_a_fact_it_does_not_hold_says_so_first(service: AnsweringService) -> None:
    """"Hva koster tolk etter krisesenterlova § 3?": § 3 is quoted (the user named it), but the
    answer first says that it holds no price, so the quote does not read as one."""
    answer = service.answer("Hva koster tolk etter krisesenterlova § 3?")
    assert not answer.abstained and answer.citations[0].doc_id == corpus.KSL
    assert answer.text.startswith("Bestemmelsen du viser til, inneholder ikke priser")
    assert not service.answer("Hva sier krisesenterlova § 3 om tolk?").text.startswith("Bestemmelsen du viser til")


def test_a_named_section_asked_for_a_number_of_weeks_it_does_not_hold_says_so_first(service: AnsweringService) -> None:
    """"Hvor mange uker har bydelen på å rette etter kml § 30-4?": § 30-4 is quoted (the user named it), but the
    answer first says it holds no time limit, so the quote does not read as one. A count of something else the §
    may state by a list's items or by naming them, so only a length of time gets the note."""
    answer = service.answer("Hvor mange uker har bydelen på å rette forholdet etter kommuneloven § 30-4?")
    assert not answer.abstained and answer.citations[0].section == "§ 30-4"
    assert answer.text.startswith("Bestemmelsen du viser til, inneholder ikke noen tidsfrist")
    other = service.answer("Hvor mange punkter har kommuneloven § 30-4?")
    assert not other.text.startswith("Bestemmelsen du viser til")


def test_an_unchanged_ledd_of_an_amended_section_is_cited_by_its_number_today() -> None:
    """"Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd": the tolk rule, unchanged, is
    § 3 fjerde ledd today; a ledd the note does not move is cited without a number, never a stale one."""
    act = corpus.amendment("§3", [(1, "Ny første ledd.")], "Noverande § 3 andre og tredje ledd blir tredje og nytt "
                           "fjerde ledd.")
    moved = renumbered(Passage(text="Kommunen skal sørgje for tolk.", ledd=3), [act])
    assert moved is not None and moved.ledd == 4 and moved.text == "Kommunen skal sørgje for tolk."
    assert renumbered(Passage(text="Gammal første ledd.", ledd=1), [act]) is None
    assert renumbered(None, [act]) is None


def test_a_question_about_now_answered_from_a_dated_document_says_when_it_was_written(
        service: AnsweringService) -> None:
    """The 2024 letter's status of the lovbrudd is not today's (2026): asked "nå", the answer says the
    letter describes the situation as it was, and that the sources have no later status."""
    now = service.answer("Er lovbruddene lukket nå?")
    assert not now.abstained and now.citations[0].doc_id == corpus.LETTER
    assert "beskriver situasjonen da det ble skrevet (2024)" in now.text
    then = service.answer("Hva er faren når rutiner for samarbeid er fraværende?")
    assert not then.abstained and then.citations[0].section == "Hva fant vi i tilsynet?"
    assert "beskriver situasjonen da det ble skrevet" not in then.text


def test_a_dated_passage_that_speaks_of_its_own_present_is_dated_however_the_question_is_asked(
        service: AnsweringService) -> None:
    """"Status for lovbrudd nå i 2024": the letter's "nå" is 2024's. Quoted in 2026 to a question in the past
    tense, it still reads as today's status unless the answer says when it was written."""
    answer = service.answer("Hvor mange bydeler hadde lukket lovbruddene sine?")
    assert not answer.abstained and answer.citations[0].section.startswith("Status for lovbrudd")
    assert "beskriver situasjonen da det ble skrevet (2024)" in answer.text


def test_a_section_of_a_law_we_lack_named_by_its_abbreviation_is_said_to_be_missing(settings, fake_embedder) -> None:  # noqa: ANN001
    """"bvl § 25-1": the knowledge base has kommuneloven § 25-1, but the user asked barnevernsloven's."""
    from tests.fakes.chunk_store import InMemoryChunkStore
    from tests.fakes.clock import FakeClock

    store = InMemoryChunkStore(corpus.chunks(), fake_embedder)
    service = AnsweringService(settings, store=store, embedder=fake_embedder, clock=FakeClock(AFTER_2026),
                               law_names=corpus.ALIASES, other_law_names=[("barnevernsloven", ["bvl"])],
                               info=lambda: {"built_at": "2026-03-01T08:00:00+00:00", "sources": [], "chunks": 1})
    answer = service.answer("hva sier bvl § 25-1 om internkontroll?")
    assert answer.text.startswith("Kunnskapsbasen har ikke barnevernsloven, så jeg kan ikke si hva § 25-1 der sier.")


def test_a_law_we_lack_asked_about_is_named_though_an_indexed_law_stands_in_the_scene(
        service: AnsweringService) -> None:
    """"Vi jobber etter krisesenterlova. Hva sier barnevernloven om samarbeid?": the law asked about is one
    the knowledge base lacks; the indexed law in the scene must not keep that from being said."""
    answer = service.answer("Vi jobber etter krisesenterlova. Hva sier barnevernloven om samarbeid?")
    assert answer.abstained and answer.text.startswith("Kunnskapsbasen har ikke barnevernloven")


def test_now_said_only_in_the_scene_adds_no_dated_note(service: AnsweringService) -> None:
    """The note is for a question about how things stand now; "nå" in the sentence before it is scene."""
    answer = service.answer("Vi går nå gjennom tilsynet. Hva er faren når rutiner for samarbeid er fraværende?")
    assert not answer.abstained and answer.citations[0].doc_id == corpus.LETTER
    assert "beskriver situasjonen da det ble skrevet" not in answer.text


def test_a_bydels_submitted_document_of_an_earlier_year_is_dated_when_asked_about_now() -> None:
    """An officer asking how things stand now, answered from a bydel's 2024 submission, is told the document
    describes the situation then, as for the inspection letter."""
    from bot.answering.compose import _dated_note
    from bot.domain import SourceKind

    submitted = corpus.letter("Rutiner", ["Bydelen har ingen rutine for oppfølging."], kind=SourceKind.SUBMITTED)
    guidance = corpus.letter("Veileder", ["Bydelen bør ha rutiner."], kind=SourceKind.GUIDANCE)
    assert "2024" in _dated_note(True, [submitted], AFTER_2026.date())
    assert _dated_note(True, [guidance], AFTER_2026.date()) == ""
    assert _dated_note(False, [submitted], AFTER_2026.date()) == ""


def _bsl7(ledd: int, text: str) -> object:
    """Boligsosialloven § 7 as the index holds a §: ledd by ledd, each its own unit."""
    return corpus.law("LOV-2022-12-20-121", "§7", "Saksbehandling og klage", [text], short="boligsosialloven",
                      language="nb", chunk_id=f"LOV-2022-12-20-121|§7|p{ledd}", passages=[Passage(text=text, ledd=ledd)])


def test_a_message_asking_two_things_quotes_the_ledd_of_the_same_section_for_each(
        make_service: Callable[..., AnsweringService]) -> None:
    """"… et enkeltvedtak hun kan klage på, og hvem behandler klagen?": the first ledd answers the first
    question, the fourth (statsforvalteren is klageinstans) the second, though it shares too few of the whole
    message's words to be quoted for the message as one question."""
    first = ("Når noen ved søknad ber om bistand fra kommunen til å skaffe bolig, skal kommunen ta stilling til om "
             "personen er vanskeligstilt på boligmarkedet. En avgjørelse om å gi eller avslå bistand, er et enkeltvedtak.")
    fourth = "Ved klage over enkeltvedtak er statsforvalteren klageinstans."
    service = make_service(chunks=[*corpus.chunks(), _bsl7(1, first), _bsl7(4, fourth)])
    answer = service.answer("En beboer ba bydelen om bistand til å skaffe bolig og fikk avslag. Er avslaget et "
                            "enkeltvedtak, og hvem behandler i så fall klagen?")
    assert not answer.abstained
    assert [c.chunk_id for c in answer.citations][:2] == ["LOV-2022-12-20-121|§7|p1", "LOV-2022-12-20-121|§7|p4"]
    assert "statsforvalteren klageinstans" in answer.text


def test_a_named_section_asked_about_one_ledd_leads_with_the_ledd_the_rankers_put_first(
        make_service: Callable[..., AnsweringService]) -> None:
    """"Hvem er klageinstans etter boligsosialloven § 7 …?": every ledd of the named § is a hit, in text order;
    the one that answers (the fourth) leads, not the first on its place alone."""
    first = "Kommunen skal ta stilling til om personen er vanskeligstilt. En avgjørelse om bistand er et enkeltvedtak."
    fourth = "Ved klage over enkeltvedtak er statsforvalteren klageinstans."
    service = make_service(chunks=[*corpus.chunks(), _bsl7(1, first), _bsl7(4, fourth)])
    answer = service.answer("Hvem er klageinstans etter boligsosialloven § 7 når bydelen har avslått bistand?")
    assert not answer.abstained
    assert answer.citations[0].chunk_id == "LOV-2022-12-20-121|§7|p4"


def test_a_named_section_asked_about_its_own_subject_is_read_from_the_top(
        make_service: Callable[..., AnsweringService]) -> None:
    """"boligsosialloven § 7 om klage" names only the § title's subject (Saksbehandling og klage): it asks what
    the § says, read from its first ledd, though the fourth shares the word "klage". "Kan jeg klage etter § 7?"
    asks something of its own: the fourth leads."""
    first = "Kommunen skal ta stilling til om personen er vanskeligstilt. En avgjørelse om bistand er et enkeltvedtak."
    fourth = "Ved klage over enkeltvedtak er statsforvalteren klageinstans."
    service = make_service(chunks=[*corpus.chunks(), _bsl7(1, first), _bsl7(4, fourth)])
    answer = service.answer("boligsosialloven § 7 om klage")
    assert not answer.abstained
    assert [c.chunk_id for c in answer.citations][:2] == ["LOV-2022-12-20-121|§7|p1", "LOV-2022-12-20-121|§7|p4"]
    asked = service.answer("Kan jeg klage etter boligsosialloven § 7?")
    assert asked.citations[0].chunk_id == "LOV-2022-12-20-121|§7|p4"


def test_a_law_the_best_unit_makes_apply_may_be_quoted_beside_it(service: AnsweringService) -> None:
    """krisesenterlova § 9 andre ledd makes kommuneloven kapittel 30 apply to the inspection: ranked below it,
    § 30-4's pålegg is quoted beside it, though another law's units are otherwise quoted only as the best unit
    (plan- og bygningsloven, which § 9 does not name, is not)."""
    from bot.domain import SearchHit
    from bot.retrieval.hybrid import Retrieval

    question = "Kan statsforvalteren gi pålegg om å rette forhold etter tilsynsverksemda i krisesenterlova?"
    chunks = {(c.doc_id, c.section_key): c for c in corpus.chunks()}
    ranked = [chunks[corpus.KSL, "§9"], chunks[corpus.KOML, "§30-4"], chunks[corpus.PBL, "§25-1"]]
    composer = service._state().composer
    answer = composer.compose(question, Retrieval(hits=[SearchHit(chunk=c, score=1.0 - i / 10) for i, c in
                                                        enumerate(ranked)]), today=AFTER_2026.date())
    labels = [c.label for c in answer.citations]
    assert labels[0].startswith("krisesenterlova § 9") and "kommuneloven § 30-4 første ledd" in labels, labels
    unnamed = [chunks[corpus.KSL, "§9"], chunks[corpus.PBL, "§25-1"]]
    answer = composer.compose("Kan kommunen føre tilsyn med tiltaket i samsvar med tillatelser etter krisesenterlova?",
                              Retrieval(hits=[SearchHit(chunk=c, score=1.0 - i / 10) for i, c in enumerate(unnamed)]),
                              today=AFTER_2026.date())
    assert all(c.doc_id != corpus.PBL for c in answer.citations), [c.label for c in answer.citations]


def test_nynorsk_no_asks_about_now_wherever_it_stands() -> None:
    """"Er alle lovbrota lukka no, og kva frist …?" asks how things stand now, as "nå" does; "no" was read
    only right before a question mark, and the letter's 2024 status was given undated. A domain is no "no"."""
    assert asks_now_of("Er alle lovbrota etter tilsynet lukka no, og kva frist fekk den siste bydelen?")
    assert asks_now_of("Er lovbrota lukka no?")
    assert not asks_now_of("Kor mange bydelar hadde lukka lovbrota sine?")
    assert not asks_now_of("Kva står på lovdata.no om § 2?")
    assert not asks_now_of("Kor mange no-show var det på opningsmøtet?")  # a compound, not "now"
    assert not asks_now_of("Kva er organisasjonsnummeret, NO 123 456 789?")  # a country code in capitals


def test_a_list_ledd_named_by_number_is_quoted_whole_when_asked_for_and_its_item_when_asked_yes_or_no(
        settings, fake_embedder) -> None:  # noqa: ANN001
    """Through the service: "Hva skal planen inneholde etter IP-forskrifta § 9 første ledd?" quotes the named
    ledd whole, every item, though the scene before it shares words with one item; "må samtykket stå i
    planen?" about the same named ledd quotes the item that says so."""
    from tests.fakes.chunk_store import InMemoryChunkStore
    from tests.fakes.clock import FakeClock

    store = InMemoryChunkStore([*corpus.chunks(), corpus.IP_PLAN], fake_embedder)
    service = AnsweringService(settings, store=store, embedder=fake_embedder, clock=FakeClock(AFTER_2026),
                               law_names=[*corpus.ALIASES, ("FOR-2022-06-22-1110", ["ip-forskrifta"])],
                               info=lambda: {"built_at": "2026-03-01T08:00:00+00:00", "sources": [], "chunks": 1})
    whole = service.answer("Bydelen har spurt oss om å bidra med innhold til en individuell plan for en beboer som har "
                           "fått tilbud om koordinator. Hva skal planen inneholde etter IP-forskrifta § 9 første ledd?")
    assert not whole.abstained and whole.citations[0].chunk_id == corpus.IP_PLAN.chunk_id
    assert all(item in whole.text for item in corpus.IP_PLAN_ITEMS)
    one = service.answer("IP-forskrifta § 9 første ledd: må samtykket til taushetsbelagte opplysninger stå i planen?")
    assert not one.abstained and corpus.IP_PLAN_ITEMS[-1] in one.text and corpus.IP_PLAN_ITEMS[0] not in one.text
