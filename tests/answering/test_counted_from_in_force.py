"""When a law came into force, in the answer: a time counted from then is given as the day it ends
(`currency.counted_from_in_force`), and the in-force § carries Lovdata's footnote saying when (`in_force_footnotes`)."""

from __future__ import annotations

from datetime import date

from bot.answering.currency import counted_from_in_force, in_force_footnotes
from bot.dates import add_months
from tests.retrieval import corpus

BSL_10 = corpus.law("LOV-2022-12-20-121", "§10", "Overgangsregel", [
    "Kravene til planstrategi og kommuneplan etter § 5 annet ledd skal være oppfylt senest fire år etter at loven "
    "trer i kraft."], short="boligsosialloven", language="nb", in_force="2023-07-01")


def test_a_deadline_counted_from_the_laws_entry_into_force_is_given_as_a_date() -> None:
    """"Senest fire år etter at loven trer i kraft" left the reader to find when that was: three readers graded
    such answers partial. The law's in-force date (Lovdata's) and the day the time ends are said."""
    note = counted_from_in_force(BSL_10.text, BSL_10)
    assert "1. juli 2023" in note and "1. juli 2027" in note and "«fire år etter at loven trer i kraft»" in note
    assert counted_from_in_force("innen to år etter lovens ikrafttreden", BSL_10).endswith("1. juli 2025.")


def test_no_date_is_given_where_none_is_counted_from_the_laws_own_entry_into_force() -> None:
    """A chapter may come into force on another day than the law; a quote counting nothing gets no note, nor
    one of a unit whose law's in-force date is unknown."""
    assert counted_from_in_force("senest fire år etter at kapittel 18 og 19 i loven her trer i kraft", BSL_10) == ""
    assert counted_from_in_force("Loven gjelder fra den tiden Kongen bestemmer.", BSL_10) == ""
    unknown = BSL_10.model_copy(update={"in_force": ""})
    assert counted_from_in_force(BSL_10.text, unknown) == ""


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
