"""When a law came into force, in the answer: a time counted from then is given as the day it ends
(`currency.counted_from_in_force`), and the in-force § carries Lovdata's footnote saying when (`in_force_footnotes`)."""

from __future__ import annotations

from datetime import date

from bot.answering.currency import counted_from_in_force, in_force_footnotes, in_force_in_parts
from bot.dates import add_months
from tests.retrieval import corpus

BSL_10 = corpus.law("LOV-2022-12-20-121", "§10", "Overgangsregel", [
    "Kravene til planstrategi og kommuneplan etter § 5 annet ledd skal være oppfylt senest fire år etter at loven "
    "trer i kraft."], short="boligsosialloven", language="nb", in_force="2023-07-01")
BSL_11 = corpus.law("LOV-2022-12-20-121", "§11", "Ikrafttredelse", ["Loven gjelder fra den tiden Kongen bestemmer."],
                    short="boligsosialloven", language="nb", in_force="2023-07-01",
                    footnotes=["[1] Fra 1. juli 2023 iflg. res. 20 des 2022 nr. 2299."])
TODAY = date(2026, 12, 6)


def test_a_deadline_counted_from_the_laws_entry_into_force_is_given_as_a_date() -> None:
    """"Senest fire år etter at loven trer i kraft" left the reader to find when that was: three readers graded
    such answers partial. The law's in-force date (Lovdata's) and the day the time ends are said."""
    note = counted_from_in_force(BSL_10.text, BSL_10, [BSL_11], TODAY)
    assert "1. juli 2023" in note and "1. juli 2027" in note and "«fire år etter at loven trer i kraft»" in note
    assert counted_from_in_force("innen to år etter lovens ikrafttreden", BSL_10, [BSL_11], TODAY).endswith("1. juli 2025.")


def test_no_date_is_given_where_none_is_counted_from_the_laws_own_entry_into_force() -> None:
    """A chapter may come into force on another day than the law; a quote counting nothing gets no note, nor
    one of a unit whose law's in-force date is unknown."""
    assert counted_from_in_force("senest fire år etter at kapittel 18 og 19 i loven her trer i kraft", BSL_10, [BSL_11],
                                 TODAY) == ""
    assert counted_from_in_force("Loven gjelder fra den tiden Kongen bestemmer.", BSL_10, [BSL_11], TODAY) == ""
    unknown = BSL_10.model_copy(update={"in_force": ""})
    assert counted_from_in_force(BSL_10.text, unknown, [BSL_11], TODAY) == ""
    assert counted_from_in_force(BSL_10.text, BSL_10, [BSL_11], date(2023, 6, 30)) == ""  # not in force yet


def test_no_date_is_given_for_a_law_that_came_into_force_in_parts() -> None:
    """Plan- og bygningsloven's planning part came into force in 2009, its building part in 2010; kommuneloven lets
    the King set parts in force at different times. The law's one in-force date is then not the day every "etter
    at loven trer i kraft" counts from."""
    by_notes = BSL_11.model_copy(update={"footnotes": [
        "[1] Iflg. res. 12 juni 2009 nr. 638 trådte plandelen ikr. 1 juli 2009. Ved res. 18 juni 2010 nr. 896 ble "
        "byggesaksdelen satt ikr. 1 juli 2010."]})
    assert in_force_in_parts([by_notes]) and not in_force_in_parts([BSL_11])
    by_text = BSL_11.model_copy(update={"text": "Kongen kan sette i kraft de enkelte bestemmelsene til forskjellig tid."})
    assert in_force_in_parts([by_text])
    assert counted_from_in_force(BSL_10.text, BSL_10, [by_notes], TODAY) == ""


def test_months_are_added_on_the_calendar() -> None:
    assert add_months(date(2023, 7, 1), 48) == date(2027, 7, 1)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_the_in_force_section_carries_lovdatas_footnote_saying_when() -> None:
    """"Lova blir sett i kraft frå den tid Kongen bestemmer" says nothing of when; Lovdata's footnote does. Another
    §'s footnotes are editorial history, not an answer."""
    in_force = corpus.law(corpus.KSL, "§11", "Ikraftsetjing og overgangsreglar", [
        "Lova blir sett i kraft frå den tid Kongen bestemmer."], short="krisesenterlova",
        footnotes=["[1] Frå 1 jan 2010 iflg. res. 4 sep 2009 nr. 1155."])
    assert in_force_footnotes(in_force) == [
        "Lovdatas merknad til krisesenterlova § 11: Frå 1 jan 2010 iflg. res. 4 sep 2009 nr. 1155."]
    other = in_force.model_copy(update={"section_title": "Teieplikt"})
    assert in_force_footnotes(other) == []


def test_the_dates_reach_the_answer(settings, fake_embedder) -> None:  # noqa: ANN001
    """Through the whole answer: the deadline's end and the in-force § with Lovdata's note, each where it is quoted."""
    from bot.answering.service import AnsweringService
    from tests.answering.conftest import AFTER_2026
    from tests.fakes.chunk_store import InMemoryChunkStore
    from tests.fakes.clock import FakeClock

    store = InMemoryChunkStore([*corpus.chunks(), BSL_10, BSL_11], fake_embedder)
    service = AnsweringService(settings, store=store, embedder=fake_embedder, clock=FakeClock(AFTER_2026),
                               law_names=[*corpus.ALIASES, ("LOV-2022-12-20-121", ["boligsosialloven"])],
                               info=lambda: {"built_at": "2026-03-01T08:00:00+00:00", "sources": [], "chunks": 1})
    deadline = service.answer("Hva sier boligsosialloven § 10 om planstrategi og kommuneplan?")
    assert "så «fire år etter at loven trer i kraft» er 1. juli 2027" in deadline.text
    in_force = service.answer("Fra når gjelder boligsosialloven?")
    assert not in_force.abstained and in_force.citations[0].section == "§ 11"
    assert "Lovdatas merknad til boligsosialloven § 11: Fra 1. juli 2023" in in_force.text
    # how long a law has been in force runs from the day its in-force § gives: no "holds no length of time" before it
    how_long = service.answer("Hvor lenge har boligsosialloven vært i kraft?")
    assert not how_long.abstained and how_long.citations[0].section == "§ 11"
    assert how_long.text.startswith("Dette står i boligsosialloven § 11")
    # … but asked how long something in the § lasts, that § holds no length of time and says so
    transition = service.answer("Hvor lenge varer overgangsperioden etter boligsosialloven § 11?")
    assert transition.text.startswith("Bestemmelsen du viser til, inneholder ikke")
