"""Currency: is the quoted wording the law in force today, and what is the new wording?

Why: the consolidated krisesenterlova in the index is the text from before 1 January 2026, while
LOV-2025-06-20-42 gives new wording to §§ 2, 3 and adds §§ 5 a, 5 b from that date. An answer that
quotes a changed § must say so, and once the change is in force (by the injected clock) the new
wording IS the law: it is quoted as current and the consolidated text becomes the old wording.
The mechanism is generic: any chunk with `pending_change*` fields gets the same treatment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from bot.answering.citations import law_name
from bot.answering.sentences import is_empty_section, quotable_passages, shorten
from bot.dates import add_months, iso_long, long_date, text_dates
from bot.domain import Chunk, Passage
from bot.retrieval.features import SAME_PROVISION, rewrite_overlap
from bot.retrieval.references import IN_FORCE, ROLE_TITLES, act_name, is_own_provision, repeals, section_display
from bot.retrieval.text import NUMBER_WORDS
from bot.texts import answers as texts

NEW_WORDING_CHARS = 280
OLD_WORDING_CHARS = 160


@dataclass
class Currency:
    """What to say about one quoted unit of a § that has a pending or recent change."""

    note: str
    replacement: Passage | None = None  # new wording to quote instead (change in force)
    replacement_chunk: Chunk | None = None
    # more new wording to quote with it: the amendment split the quoted ledd, and each part is law today
    also: tuple[tuple[Passage, Chunk], ...] = ()
    in_force: bool = False  # the change applies today: the consolidated text is the old wording


# A time counted from the law's own entry into force ("senest fire år etter at loven trer i kraft", "innen to år
# etter lovens ikrafttreden", "etter fire år fra lovens ikrafttreden"): the law or regulation itself, not one of
# its chapters ("etter at kapittel 18 … trer i kraft"), which may have come into force on another day
_FROM_IN_FORCE = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+(?P<unit>år|måneder|månader)\s+(?:etter|fra|frå)\s+"
    r"(?:at\s+)?(?:(?:loven|lova|forskriften|forskrifta|denne\s+lov(?:en)?|denne\s+forskrift(?:en|a)?)\s+(?:trer|trår|tek)\s+"
    r"i\s+kraft|(?:lovens|lovas|forskriftens|forskriftas|denne\s+lovs)\s+ikrafttre(?:den|delse)|"
    r"ikrafttre(?:den|delse)\s+av\s+denne\s+(?:lov|forskrift))\b", re.IGNORECASE)


def counted_from_in_force(quote: str, chunk: Chunk, in_force_units: Sequence[Chunk], today: date) -> str:
    """A note giving the date a quoted time counted from the law's entry into force ends on, from the law's
    in-force date in Lovdata's data ("" when the quote counts none, the date is not known or still to come, or the
    law came into force in parts: `in_force_units`, its in-force §, says so). Why: "senest fire år etter at loven
    trer i kraft" leaves the reader to find out when that was; three readers graded such answers partial for the
    missing date (1 July 2027 for boligsosialloven § 10)."""
    match = _FROM_IN_FORCE.search(quote)
    if match is None or not chunk.in_force or in_force_in_parts(in_force_units):
        return ""
    try:
        start = date.fromisoformat(chunk.in_force[:10])
    except ValueError:
        return ""
    if start > today:
        return ""
    count = int(NUMBER_WORDS.get(match.group("n").lower(), match.group("n")))
    months = count * 12 if match.group("unit").lower() == "år" else count
    return texts.COUNTED_FROM_IN_FORCE.format(law=law_name(chunk), start=long_date(start), phrase=match.group(0),
                                              end=long_date(add_months(start, months)))


# "Kongen kan sette i kraft … til forskjellig tid" (kommuneloven § 31-1); a date in Lovdata's notes ("1 juli 2009",
# "1. juli 2023", "1 jan 2013")
_IN_PARTS = re.compile(r"\b(?:til\s+)?(?:forskjellig|ulik)\s+tid\b", re.IGNORECASE)
# the day the King decided, not a day something came into force ("iflg. res. 20 des 2022 nr. 2299", "vedtak 3 okt 2019")
_DECIDED = re.compile(r"\b(?:res\.|resolusjon|vedtak)\s+\d{1,2}\.?\s+\w+\.?\s+\d{4}", re.IGNORECASE)


def in_force_in_parts(in_force_units: Sequence[Chunk]) -> bool:
    """Did the law come into force in parts, on more than one day? Its in-force § says the King may set parts in
    force at different times, or Lovdata's notes to it give more than one date (plan- og bygningsloven's planning
    part in 2009, its building part in 2010): then the one in-force date in the law's data is not the day every
    "etter at loven trer i kraft" counts from."""
    dates = {day for unit in in_force_units for note in unit.footnotes for day in text_dates(_DECIDED.sub(" ", note))}
    return len(dates) > 1 or any(_IN_PARTS.search(unit.text) for unit in in_force_units)


_FOOTNOTE_MARK = re.compile(r"^\s*\[\d+\]\s*")
FOOTNOTE_CHARS = 400  # Lovdata's notes run to 1,300 characters (plan- og bygningsloven § 34-1): the start says when


def in_force_footnotes(chunk: Chunk) -> list[str]:
    """Lovdata's footnotes to a quoted unit of a law's own entry-into-force § (`ROLE_TITLES`): they say when the
    King put it in force ("Frå 1 jan 2010 iflg. res. 4 sep 2009 nr. 1155."). Why: "Lova blir sett i kraft frå den
    tid Kongen bestemmer", quoted alone, answered "når kom krisesenterlova i kraft?" with no date; a reader graded
    it partial. Footnotes to other §§ are Lovdata's editorial history and stay out of the answer."""
    if not is_own_provision(chunk) or not ROLE_TITLES[IN_FORCE].search(chunk.section_title):
        return []
    label = f"{law_name(chunk)} {chunk.section or section_display(chunk.section_key)}"
    return [texts.LOVDATA_FOOTNOTE.format(provision=label, note=shorten(_FOOTNOTE_MARK.sub("", note).strip(), FOOTNOTE_CHARS))
            for note in chunk.footnotes if note.strip()]


def in_force_date(chunk: Chunk, amendments: Sequence[Chunk]) -> str:
    return chunk.pending_change_in_force or next((a.in_force for a in amendments if a.in_force), "")


def change_in_force(chunk: Chunk, amendments: Sequence[Chunk], today: date) -> bool:
    when = in_force_date(chunk, amendments)
    return bool(when) and has_change(chunk, amendments) and today >= date.fromisoformat(when[:10])


def has_change(chunk: Chunk, amendments: Sequence[Chunk]) -> bool:
    return bool(chunk.pending_change_act or chunk.pending_change or amendments)


def repealed(chunk: Chunk, amendments: Sequence[Chunk], today: date) -> bool:
    """Is the § of `chunk` repealed by today (its note announces a repeal, `repeals`, and the repeal is in force)? Read
    from the note alone: an indexed act that repeals it has no wording to put in its place."""
    return repeals(chunk.pending_change) and change_in_force(chunk, amendments, today)


def matching_passage(unit_text: str, chunk: Chunk, amendments: Sequence[Chunk]) -> tuple[Passage, Chunk] | None:
    """The amending act's passage that rewrites the quoted ledd (or any, when the § had no text)."""
    best: tuple[float, Passage, Chunk] | None = None
    empty = is_empty_section(chunk)
    for passage, amendment in new_ledd(amendments):
        score = 1.0 if empty else rewrite_overlap(unit_text, passage.text)
        if best is None or score > best[0]:
            best = (score, passage, amendment)
    if best is None or best[0] < SAME_PROVISION:
        return None
    return best[1], best[2]


def split_parts(unit_text: str, match: tuple[Passage, Chunk], amendments: Sequence[Chunk]) -> list[tuple[Passage, Chunk]]:
    """The amending act's other passages that carry on part of the quoted unit: a new ledd whose own words
    nearly all stand in the old one. Why: an amendment may split a ledd (krisesenterlova § 2's old andre
    ledd is the new andre ledd's list and the new tredje ledd's duty to give support); quoting only the
    part that took most of the words would drop a duty that is still law, and showing the old wording
    beside it would read as if that duty were gone."""
    return [(passage, amendment) for passage, amendment in new_ledd(amendments)
            if passage.text != match[0].text and rewrite_overlap(passage.text, unit_text) >= SAME_PROVISION]


def new_ledd(amendments: Sequence[Chunk]) -> Iterator[tuple[Passage, Chunk]]:
    """Each new ledd the amending acts give (its lettered items included), with its act; an act's whole
    text when it has no ledd."""
    for amendment in amendments:
        for passage in whole_ledd(quotable_passages(amendment)) or [Passage(text=amendment.text)]:
            yield passage, amendment


def whole_ledd(passages: Sequence[Passage]) -> list[Passage]:
    """One passage per ledd, its lettered items included: an amendment rewrites whole ledd."""
    out: list[Passage] = []
    for passage in passages:
        text = f"{passage.bokstav}) {passage.text}" if passage.bokstav else passage.text
        if out and passage.bokstav and out[-1].ledd == passage.ledd:
            out[-1] = Passage(text=f"{out[-1].text} {text}", ledd=passage.ledd)
        else:
            out.append(Passage(text=text, ledd=passage.ledd))
    return out


def assess(unit_text: str, chunk: Chunk, amendments: Sequence[Chunk], today: date, *,
           old_in_brief: bool = True) -> Currency | None:
    """Currency note (and replacement when the change is in force) for a unit quoted from `chunk`.
    `old_in_brief=False`: the note leaves out the old wording (the answer shows it whole)."""
    if not has_change(chunk, amendments):
        return None
    act = act_name(chunk.pending_change_act or (amendments[0].doc_id if amendments else ""))
    when = in_force_date(chunk, amendments)
    repeal = repeals(chunk.pending_change)  # no new wording follows a repeal
    fmt = {"law": law_name(chunk), "section": chunk.section or section_display(chunk.section_key),
           "act": act, "date": iso_long(when),
           "verb": texts.REPEALED_VERB if repeal else texts.ADDED_VERB if is_empty_section(chunk) else texts.CHANGED_VERB}
    match = matching_passage(unit_text, chunk, amendments)
    if not when:
        note = texts.PENDING_UNDATED.format(**fmt)
        if match:
            note += " " + texts.NEW_WORDING.format(text=shorten(" ".join(match[0].text.split()), NEW_WORDING_CHARS))
        return Currency(note)
    if today < date.fromisoformat(when[:10]):
        note = texts.PENDING_BEFORE.format(**fmt)
        if match:
            note += " " + texts.NEW_WORDING.format(text=shorten(" ".join(match[0].text.split()), NEW_WORDING_CHARS))
        elif amendments:
            note += " " + texts.NEW_WORDING_ELSEWHERE.format(act=act)
        elif not repeal:
            note += " " + texts.NEW_WORDING_MISSING
        return Currency(note)
    note = texts.PENDING_AFTER.format(**fmt)
    if match:
        parts = [] if is_empty_section(chunk) else split_parts(unit_text, match, amendments)
        old = "" if is_empty_section(chunk) else shorten(unit_text, OLD_WORDING_CHARS)
        if parts:
            note += " " + texts.SPLIT_WORDING_NOTE
        elif old and old_in_brief:
            note += " " + texts.CURRENT_WORDING_NOTE.format(text=old)
        return Currency(note, replacement=match[0], replacement_chunk=match[1], in_force=True, also=tuple(parts))
    if not amendments:
        note += " " + texts.OLD_TEXT_WARNING + ("" if repeal else " " + texts.NEW_WORDING_MISSING)
    return Currency(note, in_force=True)


def replaced_ledd(new: Passage, consolidated: Sequence[Chunk],
                  amendments: Sequence[Chunk]) -> list[tuple[Passage, Chunk, list[int]]]:
    """The consolidated ledd (of the units `consolidated`) that the new ledd `new` of the §'s `amendments`
    rewrites, each with its unit and the numbers of the new ledd it became: those whose own match
    (`matching_passage`) is `new`, or that `new` carries on part of (`split_parts`: krisesenterlova § 2's new
    tredje ledd came out of the old andre, which became andre and tredje). [] for a new ledd that replaced none
    (§ 3's new andre ledd on Sami users; the old andre moved to tredje). Read from the one mapping the notes
    use, in reverse."""
    found: list[tuple[Passage, Chunk, list[int]]] = []
    for chunk in consolidated:
        for old in whole_ledd(quotable_passages(chunk)):
            if old.ledd is None:
                continue
            match = matching_passage(old.text, chunk, amendments)
            if match is None:
                continue
            became = [match[0], *(p for p, _ in split_parts(old.text, match, amendments))]
            if any(p.text == new.text for p in became):
                found.append((old, chunk, sorted({p.ledd for p in became if p.ledd is not None})))
    return found


def amendment_note(chunk: Chunk, today: date, amended: Sequence[Chunk]) -> str:
    """Note for a quote taken from an amending act itself: from when the new wording applies."""
    when = chunk.in_force or next((c.pending_change_in_force for c in amended if c.pending_change_in_force), "")
    if not when:
        return ""
    template = texts.AMENDMENT_IN_FORCE if today >= date.fromisoformat(when[:10]) else texts.AMENDMENT_PENDING
    law = law_name(amended[0]) if amended else law_name(chunk)
    added = all(is_empty_section(c) for c in amended)  # the consolidated law has the § only as a heading, or not at all
    return template.format(act=act_name(chunk.doc_id), date=iso_long(when), law=law,
                           section=section_display(chunk.amends_section_key),
                           verb=texts.ADDED_VERB if added else texts.CHANGED_VERB)
