"""Find explicit §-references in a question: "krisesenterlova § 4", "koml. § 30-4", "§ 3 i IP-forskrifta".

Why: when a user names a provision, the answer must be that provision (rank 1), not whatever the
rankers like best; and when the index does not hold the named §, the bot must say so instead of
answering from something else. Law names come from the manifest's `short_names` and the chunks'
own titles, normalised (case, dots, hyphens, -loven/-lova/-lov, -forskriften/-forskrifta), so a new
source with its short names needs no code change here.

This is the one § reference parser: answering, the findings registry's filters and (through the
manifest's `law_names`) every other place that reads "lov § N" use it. Its second part,
`section_mentions`, reads §§ in running text (a generated answer, a passage) for the citation check:
stricter and wider on purpose (ranges "§§ 2–4", any word ending in -lov/-forskrift, generic "loven"),
because there the question is not which indexed § is meant but whether the text names any § that
the cited passages do not hold.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
import urllib.parse
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from bot.dates import MONTHS, month_number
from bot.domain import Chunk, SourceKind
from bot.retrieval.text import split_sentences

_LAW_ENDINGS = ("lovens", "lovas", "loven", "lova", "lov")
_REG_ENDINGS = ("forskriftens", "forskriftas", "forskriften", "forskrifta", "forskrift")
_LAW_SUFFIX = re.compile(r"(" + "|".join(_LAW_ENDINGS) + r")$")
_REG_SUFFIX = re.compile(r"(" + "|".join(_REG_ENDINGS) + r")$")
# the hyphen of a law's name written with one ("NAV-lova", "IP-forskrifta"): before a law word and its
# inflection only, so "krisesenter-lovverket" and "barnevern-lovgivningen" are no law names
_NAME_HYPHEN = re.compile(r"(?<=[a-zæøå])-(?=(?:" + "|".join(_LAW_ENDINGS + _REG_ENDINGS) + r")(?![\wæøå-]))")
# A §-sign (or two), a number like 4 / 25-1, an optional letter (not "i", which is the preposition).
_SECTION = re.compile(r"(§§?)\s*(\d{1,3}(?:\s?-\s?\d{1,3})?)(?:\s?([a-hj-z])\b)?")
_MORE = re.compile(r"^\s*(?:,|og|til|eller)?\s*(?:§\s*)?(\d{1,3}(?:-\d{1,3})?)(?:\s?([a-hj-z])\b)?")
_BARE = re.compile(r"^\s+(\d{1,3}-\d{1,3}|\d{1,3}(?=\s*(?:[?,:!]|$)))(?:\s?([a-hj-z])\b)?")
_AFTER_FILLER = re.compile(r"^\s*(?:i|etter|ifølge|jf|av|fra|frå|til)?\s*(?:den\s+|denne\s+)?$")
# "egentlig" (really), which users put anywhere in the questions below without changing what is asked
_REALLY = r"(?:egentlig|eigentleg|eigentlig)"
_MIN_FUZZY = 9  # a misspelt law name is read as a known one only from this length (`ReferenceParser._spelled`)
_FUZZY_RATIO = 0.9  # difflib's similarity: one letter changed, missing or added in a name of ten or more
# A question about a law's purpose names the law's purpose § as surely as "§ 1" would (`ReferenceParser.roles_asked`):
# the purpose noun governs the law's name ("formålet med krisesenterloven", "hva er egentlig poenget med den nye
# boligsosiale loven", "formålsparagrafen i kommuneloven"), with at most a determiner or adjective between; or
# the law is what is asked to achieve ("hva skal bsl egentlig oppnå", "kva er krisesenterlova til for"). Not a
# purpose of something else that a law governs ("formålet med samarbeidet etter krisesenterlova § 4", "hensikten
# med en ROS-analyse etter kommuneloven"): the law's name must follow the noun directly. Read on `canonical` text.
_PURPOSE_NOUN = r"(?:formål|føremål|hensikt|poeng|meining|mening|mål)(?:et|en|a)?"
_PURPOSE_SECTION_NOUN = r"(?:formåls|føremåls)(?:paragraf|bestemmelse|føresegn)\w*"
_PURPOSE_FILLER = r"(?:(?:den|det|denne|dette|selve|hele|heile|nye|nya|nyaste|nyeste)\s+){0,3}"
_PURPOSE_BEFORE = re.compile(rf"(?:\b{_PURPOSE_NOUN}\s+(?:med|til|for|bak)|\b{_PURPOSE_SECTION_NOUN}\s+(?:i|til|for|etter))"
                             rf"\s+{_PURPOSE_FILLER}$")
_ACHIEVE_BEFORE = re.compile(r"\b(?:hva|kva)\s+(?:skal|er)\s+$")
_ACHIEVE_AFTER = re.compile(rf"^\s+(?:{_REALLY}\s+)?(?:oppnå|til\s+for)\b")
# When a law came into force ("når trådte boligsosialloven i kraft", "fra når gjelder bsl", "kva tid vart
# krisesenterlova sett i kraft", "ikrafttredelsen av kommuneloven"): the law's name right after the question word and
# its verb (not "når trer de nye reglene i krisesenterlova i kraft", which asks about an amendment; "den nye …" only
# of a law no indexed act amends: `ReferenceParser._asks_in_force`), then "i kraft" / "til å gjelde"; "fra/siden når
# gjelder <law>" and "når kom <law>" alone; "hvor/kor lenge har <law> gjeldt / vært i kraft"
_IN_FORCE_BEFORE = re.compile(
    r"\b(?:(?P<since>fra|frå|siden|sidan)\s+)?(?:når|kva tid|hvilken dato|kva dato|hvilket år|kva år|"
    r"(?P<long>hvor|kor)\s+lenge)\s+"
    rf"(?:(?:trådte|tredde|trer|trår|kom|tok|ble|vart|blei|gjelder|gjeld|gjaldt|har|hadde|begynte|byrja|{_REALLY})\s+)"
    r"{1,3}$")
_IN_FORCE_AFTER = re.compile(rf"^\s+(?:{_REALLY}\s+)?(?:(?:vært|vore|vori)\s+)?(?:i\s+kraft|til\s+å\s+gjelde|gjeldt|"
                             r"(?:satt|sett)\s+i\s+kraft)\b")
_PART_AFTER = re.compile(r"^\s+(?:kap\w*|del|delen|§|paragraf\w*)(?![\wæøå])")
_NOTHING_MORE = re.compile(rf"(?:\s+(?:{_REALLY}|nå|no|da|då))*\s*")
# whom the law is for, after its name ("når kom IP-forskriften for NAV, barnevern og helse?", read as spelled, without
# commas): the law itself only when no indexed act amends it ("når kom krisesenterlova for samiske brukere?" asks when
# the rules for them came, which the 2025 act gave)
_FOR_WHOM = re.compile(r"\s+for\s+[^\W\d_]+(?:\s+[^\W\d_]+)?(?:\s+og\s+[^\W\d_]+)?")
_NEW_LAW = re.compile(r"(?:\b(?:den|det)\s+)?\b(?:nye|nya)\s+$")
# a determiner and an adjective before the name ("når kom den felles IP-forskriften?"): the law itself only when no
# indexed act amends it ("den endrede krisesenterlova" may mean the law as amended); not a pronoun and a preposition
# ("når kom den i krisesenterlova?" asks when something came into the law)
_DETERMINED = re.compile(r"\b(?:den|det|denne|dette)\s+(?!(?:i|til|på|om|med|fra|frå|etter|inn|ut|av|for)\b)"
                         r"[^\W\d_]+\s+$")
_WHEN_CAME = re.compile(rf"\b(?:når|kva tid)\s+kom\s+(?:{_REALLY}\s+)?$")
_IN_FORCE_NOUN_BEFORE = re.compile(r"\bikrafttre(?:delse|den)\w*\s+(?:av|for|til)\s+$")
# words that ask when something takes effect, of whatever it is ("når trer … i kraft", "fra når gjelder …")
_MENTIONS_IN_FORCE = re.compile(r"\bi\s+kraft\b|\btil\s+å\s+gjelde\b|\bgjelde\s+fr[aå]\b|\bikrafttre\w*",
                                re.IGNORECASE)


def mentions_in_force(text: str) -> bool:
    """Does `text` ask when something takes effect (`_MENTIONS_IN_FORCE`)? Unlike `ReferenceParser.roles_asked`, of any
    subject: a change an act makes as well as a law's own entry into force."""
    return _MENTIONS_IN_FORCE.search(text) is not None


PURPOSE, IN_FORCE = "purpose", "in_force"  # the roles a law gives a § of its own (`ReferenceParser.roles_asked`)
# A § title that names its role: the law's purpose ("Formålet med lova", "Virkeområde og formål"; "formål" as a word
# of its own, not "Arealformål i reguleringsplan") or its entry into force ("Ikrafttredelse", "Ikraftsetjing og
# overgangsreglar")
ROLE_TITLES: Mapping[str, re.Pattern[str]] = MappingProxyType({
    PURPOSE: re.compile(r"(?<![\wæøå])(?:formål|føremål)", re.IGNORECASE),
    IN_FORCE: re.compile(r"(?<![\wæøå])ikraft", re.IGNORECASE),
})

_OWN_PURPOSE_AFTER = re.compile(rf"^\s+(?:(?:sitt|sin|sine)\s+)?(?:{_PURPOSE_NOUN}|{_PURPOSE_SECTION_NOUN})\b")
_GENERIC_LAW_WORDS = frozenset({"forskrift", "endringslov", "særlov", "grunnlov", "lokalforskrift", "særforskrift", "lovforskrift"})
# "§ 2 andre ledd", "§ 9 1. ledd", "§ 3 annet ledd": a ledd named directly after the §.
_ORDINALS = {"første": 1, "fyrste": 1, "1.": 1, "andre": 2, "annet": 2, "anna": 2, "2.": 2, "tredje": 3, "3.": 3,
             "fjerde": 4, "4.": 4, "femte": 5, "5.": 5, "sjette": 6, "6.": 6, "sjuende": 7, "sjuande": 7, "7.": 7}
_LEDD = re.compile(r"^\s*,?\s*(" + "|".join(re.escape(o) for o in _ORDINALS) + r")\s*ledd")
_ORDINAL = "|".join(re.escape(o) for o in _ORDINALS)
# "tredje ledd i § 2", "det nye tredje leddet i krisesenterlova § 2": a ledd named right before its §
# (`ReferenceParser._ledd_before` checks that only a law's name stands between "i" and the §). Not one of
# several ("første og andre ledd i § 30-7"): a list names no single ledd, as after the § (`_LEDD`).
_LEDD_BEFORE = re.compile(rf"(?<![\w.])({_ORDINAL})\s*ledd(?:et)?\s+(?:i|av|etter)\s+(?:(?:den|det|nye)\s+)*(.*?)\s*$")
_ORDINAL_LISTED = re.compile(rf"(?:{_ORDINAL})\s*(?:,|og|eller|til)\s*$")  # "første og …", "første til …"
# "bokstav g i § 9 tredje ledd", "bokstav c i kml § 25-1", "bokstav d i andre ledd i § 2": one list item named
# before its § (or before the ledd named before it); the last such in the window, and not one of several
# ("bokstav a og bokstav b i § 9"); only a law's name may stand between, as for `_LEDD_BEFORE`
_ITEM_BEFORE = re.compile(r"(?<![\w.])(?:bokstav|litra)\s+([a-zæøå])\)?\s+(?:i|av|etter)\b")
_ITEM_LISTED = re.compile(r"(?:bokstav|litra)\s+[a-zæøå]\)?\s*(?:,|og|eller|til)\s*$")
_LEDD_BETWEEN = re.compile(rf"^\s*(?:(?:den|det|nye)\s+)*(?:(?:{_ORDINAL})\s*ledd(?:et)?\s+(?:i|av|etter)\b"
                           rf"(?:\s+(?:den|det|nye)\b)*)?\s*")
# A list item named after the § or its ledd ("§ 4 bokstav d i forskrifta om …"): part of the reference,
# so the law named after it is still the reference's law. One item is a pinpoint; a list ("bokstav a og b",
# "bokstavene a–c") is part of the reference but pins none.
# (The text is `canonical`: "a–c" and "a, b og c" read "a c", "a b og c"; "i" before a word is the preposition.)
_LIST_ITEM = re.compile(r"^\s*,?\s*(?:bokstav|litra|(bokstavane|bokstavene))\s+([a-zæøå])\b\)?"
                        r"((?:(?:\s+(?:og|eller|til))?\s+(?!i\s+[^\W\d_]{2,})[a-zæøå]\b\)?)*)", re.IGNORECASE)
_WORD_ORDINAL = "|".join(re.escape(o) for o in _ORDINALS if not o.endswith("."))
# An amending act's renumbering note: "Noverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande
# ledd", "Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd" (bokmål "nåværende").
_RENUMBERED = re.compile(rf"(?:noverande|nåværende)\s+§\s*[\w-]+\s+({_WORD_ORDINAL})\s+(?:til|og)\s+({_WORD_ORDINAL})"
                         rf"\s+ledd\s+blir\s+({_WORD_ORDINAL})\s+(?:til|og)\s+(?:nytt\s+)?({_WORD_ORDINAL})\s+ledd",
                         re.IGNORECASE)


# A Lovdata note that announces the §'s repeal, not new wording for it: "Oppheves ved lov 25 juni 2024 nr. 53 (i kraft
# 1 juli 2026)", "Vert oppheva ved lov …", "Blir opphevet ved lov …" (`repeals`)
_REPEAL_NOTE = re.compile(r"^\W*(?:(?:vert|blir|skal)\s+(?:oppheva|opphevet|opphevast|opphevas)|oppheves|opphevast)\s+ved\b",
                          re.IGNORECASE)


def repeals(note_text: str) -> bool:
    """Does a §'s note on a pending change (`Chunk.pending_change`, one segment of the note, which starts at its bold
    verb: `ingest.loaders.lovdata_notes`) announce that the § is repealed? Why: the answer
    then has no new wording to point to, and once the repeal is in force the § is no law at all ("ble endret … har
    ikke den nye ordlyden" read as if the § still stood in other words)."""
    return _REPEAL_NOTE.match(note_text or "") is not None


def renumbering_sentences(note_text: str) -> list[str]:
    """The amending act's own renumbering sentences in `note_text` ("Noverande § 3 andre og tredje ledd
    blir tredje og nytt fjerde ledd."), for a note beside a quote cited by today's number."""
    return [" ".join(m.group(0).split()) + "." for m in _RENUMBERED.finditer(note_text)]


def renumbered_ledd(note_text: str) -> dict[int, int]:
    """Today's ledd number → the number it had before, from an amending act's renumbering note (empty
    when the text holds none). The one reader of ledd ordinals lives here, so this does too."""
    mapping: dict[int, int] = {}
    for match in _RENUMBERED.finditer(note_text):
        old_first, old_last, new_first, new_last = (_ORDINALS[g.lower()] for g in match.groups())
        if new_last - new_first != old_last - old_first:
            continue  # not a plain shift: leave it to the text
        mapping.update({new: new - (new_first - old_first) for new in range(new_first, new_last + 1)})
    return mapping


# A chapter a text names ("kommuneloven kapittel 30", "kap. 25"): its number.
# "kap. 30", "kapittel 25": a chapter named (also the count rule's numbers that count nothing)
CHAPTER_MENTION = re.compile(r"\bkap(?:ittel|\.)\s*(\d+)\b", re.IGNORECASE)


def chapters_named(text: str) -> set[str]:
    """The chapter numbers `text` names ("Reglane i kommuneloven kapittel 30 gjeld …": {"30"}). Here, beside the
    § references, so there is one reader of what a text points to."""
    return set(CHAPTER_MENTION.findall(text))


_UNKNOWN_LAW = re.compile(r"([a-zæøå]+(?:lov|forskrift))\s*$")

# An act cited by its date and number, as Lovdata's notes and lawyers cite it: "lov 20. juni 2025 nr. 39",
# "forskrift 7. mars 2017 nr. 282", "LOV-2025-06-20-39" (read on `canonical` text: lower case, "nr" without its dot)
_ACT_CITATION = re.compile(r"\b(?:(lov|forskrift)\s+(?:av\s+)?(\d{1,2})\.?\s+([a-zæøå]{3,})\.?\s+(\d{4})\s+nr\.?\s*(\d+)"
                           r"|(lov|for)-(\d{4})-(\d{2})-(\d{2})-(\d+)"
                           r"|(lov|forskrift)\s+nr\.?\s*(\d+)\s+(?:av|fra|frå)\s+(\d{1,2})\.?\s+([a-zæøå]{3,})\.?\s+(\d{4}))\b")
# A Lovdata address names an act, and often a § of it: "https://lovdata.no/lov/2022-12-20-121/§5",
# "lovdata.no/dokument/NL/lov/2018-06-22-83/KAPITTEL_30#§30-4", "…/forskrift/2017-03-07-282/%C2%A74" (`lovdata_links`)
_LOVDATA_LINK = re.compile(r"(?:https?://)?(?:www\.)?lovdata\.no/(?:[\w.%-]{1,40}/){0,4}?(lov|forskrift|for)/(\d{4}-\d{2}-\d{2}-\d+)"
                           r"(?![\d-])([^\s<>|]*)", re.IGNORECASE)
_ACT_ID = re.compile(r"^(LOV|FOR)-(\d{4})-(\d{2})-(\d{2})-(\d+)$")
# Between an act cited by date and number and a later § of it: the act's own §, then "og"/","/"eller" to the next
# ("… nr. 39 § 6 og ", "… nr. 39 §§ 6, 7 og ") (`ReferenceParser._law_for`)
_ACT_CHAIN = re.compile(r"[\s,:]*(?:i\s+)?§§?\s*[\w-]+(?:\s*(?:,|og|eller|til)\s*(?:§§?\s*)?[\w-]+)*\s*(?:,|og|eller|til)\s*")


def _act_id(match: re.Match[str]) -> str | None:
    """The Lovdata id ("LOV-2025-06-20-39") of an `_ACT_CITATION` match, or None for no real date."""
    if match.group(6):
        kind, year, month, day, number = match.group(6, 7, 8, 9, 10)
        month_no: int | None = int(month)
    elif match.group(11):  # "lov nr. 44 av 19. juni 2009": the number first
        kind, number, day, month_word, year = match.group(11, 12, 13, 14, 15)
        month_no = month_number(month_word)
    else:
        kind, day, month_word, year, number = match.group(1, 2, 3, 4, 5)
        month_no = month_number(month_word)
    # a day no month has is no date; a day this month lacks ("31. februar") is still a citation, of an act the
    # index cannot hold: read as a bare §, it was answered from another law's § of that number
    if month_no is None or not 1 <= month_no <= 12 or not 1 <= int(day) <= 31:
        return None
    return f"{'LOV' if kind == 'lov' else 'FOR'}-{year}-{month_no:02d}-{int(day):02d}-{int(number)}"


def lovdata_links(text: str) -> str:
    """`text` with each Lovdata address written as the citation it stands for: "https://lovdata.no/lov/2022-12-20-121/§5"
    → "LOV-2022-12-20-121 § 5", "…/dokument/NL/lov/2018-06-22-83/KAPITTEL_30" → "LOV-2018-06-22-83". A chapter anchor
    is not read: Lovdata numbers them by place in a law with parts (pbl kapittel 20 is "KAPITTEL_4-1").

    Why: users paste links in Slack (as "<https://…|label>"). Read as words, "lovdata.no/lov/2022-12-20-121/§5"
    named no law, and its "§5" was answered from krisesenterlova § 5: another law's provision. As a citation by
    Lovdata id (`_ACT_CITATION`), the § is read with the act it belongs to, or the act is named as one the index lacks."""
    def cite(match: re.Match[str]) -> str:
        kind = "FOR" if match.group(1).lower().startswith("for") else "LOV"
        section = _SECTION.search(urllib.parse.unquote(match.group(3)).lower())
        where = f" § {section.group(2)}{section.group(3) or ''}" if section else ""
        return f" {kind}-{match.group(2)}{where} "
    return _LOVDATA_LINK.sub(cite, text or "")


def _cited_acts(text: str) -> list[tuple[re.Match[str], str]]:
    """Each act `text` (`canonical` text) cites by date and number, with its match, in order; a citation with no real
    date is none (`_act_id`)."""
    return [(match, act) for match in _ACT_CITATION.finditer(text) if (act := _act_id(match))]


def is_act_id(key: str) -> bool:
    """Is `key` a Lovdata id ("LOV-2025-06-20-39"), as an act cited by date and number is keyed (`acts_cited`)?"""
    return _ACT_ID.match(key or "") is not None


def acts_cited(text: str) -> list[str]:
    """The Lovdata ids of the acts `text` cites by date and number, in order ("lov 20. juni 2025 nr. 39" →
    "LOV-2025-06-20-39")."""
    return list(dict.fromkeys(act for _, act in _cited_acts(canonical(text))))


def act_name(doc_id: str) -> str:
    """"LOV-2025-06-20-42" -> "lov 20. juni 2025 nr. 42" (the way Norwegian law cites acts); other ids unchanged."""
    match = _ACT_ID.match(doc_id or "")
    if not match:
        return doc_id
    kind, year, month, day, number = match.groups()
    word = "lov" if kind == "LOV" else "forskrift"
    return f"{word} {int(day)}. {MONTHS[int(month) - 1]} {year} nr. {number}"


# A law's name cut short the way legal writing cuts it: "forskr." for forskrift ("IP-forskr. § 9",
# "sikkerheitsforskr."), and a name cut at its "l." right before a § ("krisesenterl. § 6", "kommunel. § 25-1";
# `ReferenceParser._spelled`). Read whole, the name is the law it abbreviates; left as it was, the § had no law
# and was read as a § of whichever law holds that number.
_CUT_REGULATION = re.compile(r"forskr\.(?![a-zæøå])")
_CUT_LAW = re.compile(r"(?<![a-zæøå])([a-zæøå]{4,})l\.(?=\s*§)")


def is_own_provision(chunk: Chunk) -> bool:
    """A unit of a law's or regulation's own §, not of an act that amends one (whose units carry the titles of
    the §§ they amend): what a § of a role (`ROLE_TITLES`) is read from."""
    return chunk.kind in (SourceKind.LAW, SourceKind.REGULATION) and not chunk.amends_doc_id


def canonical(text: str) -> str:
    """Normalise a law name or a question for alias matching (positions are not preserved); a Lovdata link becomes the
    citation it stands for (`lovdata_links`)."""
    text = lovdata_links(unicodedata.normalize("NFC", text or "")).lower().replace("–", "-").replace("—", "-")
    text = _CUT_REGULATION.sub("forskrift", text)
    text = re.sub(r"(?<=[a-zæøå])\.", " ", text)  # "koml." -> "koml"
    # a law's name written with a hyphen is one word: "NAV-lova" is "navlov", read like "barnevernsloven"
    # (split at the hyphen, "nav lov", it named no law, and its § was read as a § of an indexed law)
    text = _NAME_HYPHEN.sub("", text)
    text = re.sub(r"(?<=[a-zæøå])-(?=[a-zæøå])|(?<=[a-zæøå])-(?=\s)", " ", text)  # "Nav-kontoret", "plan- og"
    out = []
    for word in text.split():
        word = word.strip("\"'«»()?!,:;")
        if not word:
            continue
        if len(word) > 3 and not word.startswith("§"):
            word = _LAW_SUFFIX.sub("lov", word)
            word = _REG_SUFFIX.sub("forskrift", word)
        out.append(word)
    return " ".join(out)


def _law_key(name: str) -> str:
    """One word for a law's name, as a § reference's unknown law is keyed ("helse- og omsorgstjenesteloven":
    "helseogomsorgstjenestelov"): letters only, so the unknown-law pattern reads it whole."""
    return re.sub(r"[^a-zæøå]", "", canonical(name))


def section_key(number: str, letter: str | None = None) -> str:
    """Lovdata's data-name: "§25-1", "§5a"."""
    return "§" + re.sub(r"\s", "", number) + (letter or "")


def section_display(key: str) -> str:
    """Display form of a data-name: "§5a" -> "§ 5 a", "§25-1" -> "§ 25-1"."""
    match = re.fullmatch(r"§(\d+(?:-\d+)?)([a-z]?)", key)
    if not match:
        return key
    return f"§ {match.group(1)}" + (f" {match.group(2)}" if match.group(2) else "")


@dataclass(frozen=True)
class SectionRef:
    """One referenced provision. `doc_id` is None when no law was named; `unknown_law` names a law we lack."""

    section_key: str
    doc_id: str | None = None
    law_name: str = ""  # the law as the user wrote it (normalised), for messages
    unknown_law: str = ""
    ledd: int | None = None  # "§ 2 andre ledd": the ledd named right after the § (one § only)
    bokstav: str | None = None  # "§ 9 tredje ledd bokstav h": the list item named (one § only)

    @property
    def display(self) -> str:
        return section_display(self.section_key)


class ReferenceParser:
    """Parses §-references using a table of law aliases (canonical alias -> doc_id)."""

    def __init__(self, aliases: Mapping[str, str], alternates: Mapping[str, Sequence[str]] | None = None,
                 others: Mapping[str, str] | None = None) -> None:
        """`alternates`: per name, other laws it may mean (`ingest.manifest.SourceSpec.shared_names`).
        `others`: abbreviations of laws the index does not hold, each with the law's name ("bvl" →
        "barnevernsloven"; `ingest.manifest.Manifest.other_laws`): read as naming that law, so "bvl § 13-4"
        is a § of a law we lack, not kommuneloven § 13-4 guessed from the bare number."""
        # a name written with a hyphen is known joined ("ipforskrift", as `canonical` reads it) and split ("individuell
        # plan forskrift": "IP forskrifta" spelled out, or a user who leaves the hyphen out)
        self.aliases = {form: doc for name, doc in aliases.items()
                        for form in (canonical(name), canonical(_NAME_HYPHEN.sub(" ", name.lower()))) if form}
        # an indexed act is also named by its date and number ("lov 20. desember 2022 nr. 121", "LOV-2022-12-20-121"),
        # as lawyers cite it: then it is that law, for its purpose or entry into force as for a § of it
        for doc in set(self.aliases.values()):
            if is_act_id(doc):
                cited = canonical(act_name(doc))
                for form in (cited, cited.replace(". ", " ", 1), canonical(doc)):
                    self.aliases.setdefault(form, doc)
        # abbreviation -> one-word key of the law it names (what `_spelled` writes); key -> the law's name
        self.others = {canonical(abbr): _law_key(name) for abbr, name in (others or {}).items() if canonical(abbr)}
        self.other_names = {_law_key(name): name for name in (others or {}).values()}
        self.alternates = {canonical(name): list(docs) for name, docs in (alternates or {}).items()}
        self._docs = frozenset(self.aliases.values())  # the indexed documents (an act cited by id: `_act_for`)
        self.names: dict[str, str] = {}  # doc_id -> the first name given for it, as written ("kommuneloven")
        for name, doc in aliases.items():
            self.names.setdefault(doc, name)
        # one-word law names, for reading a misspelt one as the law it names (`_spelled`)
        self._law_words = sorted(n for n in self.aliases if " " not in n and n.endswith(("lov", "forskrift")))
        names = sorted(self.aliases, key=len, reverse=True)
        self._alias_re = (
            re.compile(r"(?<![\wæøå])(" + "|".join(re.escape(n) for n in names) + r")(?![\wæøå])")
            if names
            else None
        )

    @classmethod
    def from_names(cls, entries: Iterable[tuple[str, Iterable[str]]],
                   shared: Iterable[tuple[str, Iterable[str]]] = (),
                   others: Iterable[tuple[str, Iterable[str]]] = ()) -> ReferenceParser:
        """Build from (doc_id, names) pairs, e.g. the manifest's short names plus chunk titles, the
        names some laws share with another (`shared`: the other keeps them; see `alternatives`), and the
        (name, abbreviations) of laws the index lacks (`others`)."""
        aliases: dict[str, str] = {}
        owners: dict[str, str] = {}
        for doc_id, names in entries:
            for name in names:
                if name and canonical(name) not in owners:
                    aliases[name] = doc_id
                    owners[canonical(name)] = doc_id
        alternates: dict[str, list[str]] = {}
        for doc_id, names in shared:
            for name in names:
                owner = owners.get(canonical(name))
                if owner is None:
                    aliases[name] = owners[canonical(name)] = doc_id
                elif owner != doc_id:
                    alternates.setdefault(name, []).append(doc_id)
        other = {abbr: name for name, abbrs in others for abbr in abbrs if canonical(abbr) not in owners}
        return cls(aliases, alternates, other)

    def alternatives(self, ref: SectionRef) -> list[str]:
        """The other laws the name in `ref` may mean: for a § the named law does not have ("kml § 5":
        kommuneloven has no § 5, krisesenterlova has), the reference is read as the one that has it."""
        return list(self.alternates.get(canonical(ref.law_name), [])) if ref.law_name else []

    def name_of(self, ref: SectionRef) -> str:
        """The law of `ref` by its first given name ("kommuneloven"), or as the user wrote it."""
        return self.names.get(ref.doc_id or "", ref.law_name or self.unknown_name(ref.unknown_law) or ref.unknown_law)

    def unknown_name(self, key: str) -> str | None:
        """The name of a law the index lacks that an abbreviation named ("bvl": "barnevernsloven"), by the
        key `SectionRef.unknown_law` holds; None when the user wrote a name of their own."""
        return self.other_names.get(key)

    def _spelled(self, text: str) -> str:
        """`canonical(text)`, with a law name misspelt by about a letter read as the law it names
        ("boligsosialoven" → boligsosialloven), also when written as two words ("boligsosiale loven").

        Why: users type fast in Slack; a misspelt name was an unknown law, and the bot said the
        knowledge base lacked a law it holds. Only words of the law-name form (ending in -lov or
        -forskrift after `canonical`), at least `_MIN_FUZZY` letters long, and only when the known names that
        close (difflib's ratio ≥ `_FUZZY_RATIO`: one letter in about ten) are all names of one law; a name that
        could be either of two laws stays as written."""
        # a name cut at "l." before a § is the law whose name it begins, when that is a known law: a sentence
        # ending "… i vår bydel. § 3 sier" names no law
        text = _CUT_LAW.sub(lambda m: m.group(1) + "lov" if self._known_law(canonical(m.group(1) + "lov")) else m.group(0),
                            unicodedata.normalize("NFC", text or "").lower())
        words = canonical(text).split()
        out: list[str] = []
        skip = False
        for i, word in enumerate(words):
            if skip:
                skip = False
                continue
            if i + 1 < len(words) and words[i + 1] in ("lov", "forskrift") and not word.endswith(("lov", "forskrift")):
                # a compound written in two words: "boligsosiale loven", "krisesenter lova"; exact names only
                # (a linking -e/-s dropped), never fuzzy: "kommunen loven" is no law name
                stems = [word, *([word[:-1]] if word.endswith(("e", "s")) else [])]
                joined = next((w + words[i + 1] for w in stems if w + words[i + 1] in self.aliases), "")
                if joined:
                    out.append(joined)
                    skip = True
                    continue
            out.append(self.others.get(word) or self._known_law(word) or word)
        return " ".join(out)

    def _known_law(self, word: str) -> str:
        """The known law name `word` is, or is about one letter from (names of one law only); else ""."""
        if not word.endswith(("lov", "forskrift")) or word in _GENERIC_LAW_WORDS:
            return ""
        if word in self.aliases:
            return word
        if len(word) < _MIN_FUZZY or not self._law_words:
            return ""
        # two spellings of one law ("sikkerhetsforskrift", "sikkerheitsforskrift") are one law, not a doubt; every
        # close name is looked at, so one of another law is never crowded out
        close = difflib.get_close_matches(word, self._law_words, n=len(self._law_words), cutoff=_FUZZY_RATIO)
        return close[0] if close and len({self.aliases[name] for name in close}) == 1 else ""

    def laws_named(self, question: str) -> list[str]:
        """doc_ids of every known law named in `question`, in order of appearance."""
        if self._alias_re is None:
            return []
        seen: list[str] = []
        for match in self._alias_re.finditer(self._spelled(question)):
            doc = self.aliases[match.group(1)]
            if doc not in seen:
                seen.append(doc)
        return seen

    def roles_asked(self, question: str, amended: Collection[str] = ()) -> list[tuple[str, str]]:
        """(doc_id, role) of the known laws whose own § of that role `question` asks for: `PURPOSE` ("Hva er
        egentlig formålet med krisesenterloven?", "hva skal bsl oppnå?", `_PURPOSE_BEFORE`) or `IN_FORCE` ("Når
        trådte boligsosialloven i kraft?", "fra når gjelder bsl?", `_IN_FORCE_BEFORE`). Why: a law states its
        purpose and its entry into force in §§ of their own, and the question asks for that § as surely as one
        that names it. Asked with noise around it ("… Skal forklare det for noen nye på NAV og vil ha det kort"),
        the rankers were pulled to other §§ and the purpose question was declined, though "Hva er formålet med
        krisesenterlova?" alone was answered; "fra når gjelder boligsosialloven?" read as "hva sier
        boligsosialloven?" and was answered with its purpose §. `amended`: the doc_ids of laws an indexed act
        amends (`_asks_in_force`)."""
        if self._alias_re is None:
            return []
        found: list[tuple[str, str]] = []
        # sentence by sentence: what follows the law's name in its own sentence says whether the law itself is asked
        # about (`canonical` drops the "?" that ends it)
        for sentence in split_sentences(question):
            text = self._spelled(sentence)
            for match in self._alias_re.finditer(text):
                before, after = text[:match.start()], text[match.end():]
                if _PART_AFTER.match(after):  # "formålet med kommuneloven kapittel 25": the chapter's, not the law's
                    continue
                role = ""
                if (_PURPOSE_BEFORE.search(before) or _OWN_PURPOSE_AFTER.match(after)
                        or (_ACHIEVE_BEFORE.search(before) and _ACHIEVE_AFTER.match(after))):
                    role = PURPOSE
                elif self._asks_in_force(before, after, self.aliases[match.group(1)], amended):
                    role = IN_FORCE
                entry = (self.aliases[match.group(1)], role)
                if role and entry not in found:
                    found.append(entry)
        return found

    @staticmethod
    def _asks_in_force(before: str, after: str, doc: str, amended: Collection[str]) -> bool:
        """Is the law named between `before` and `after` asked when it came into force (`_IN_FORCE_BEFORE`)? "Den
        nye" or another determiner and adjective before its name ("når trådte den nye boligsosiale loven i kraft?",
        "når kom den felles IP-forskriften?", `_DETERMINED`), and whom it is for after it ("… for NAV, barnevern og
        helse", `_FOR_WHOM`, after "når kom" only), mean the law itself only when no indexed act amends it: "den nye
        krisesenterlova" or "krisesenterlova for samiske brukere" may mean the law as the 2025 act amended it."""
        for named in (_NEW_LAW, _DETERMINED):  # "den nye …", "den felles …": of a law no indexed act amends
            if (found := named.search(before)) is not None:
                if doc in amended:
                    return False
                before = before[:found.start()]
                break
        if _IN_FORCE_NOUN_BEFORE.search(before):
            return True
        lead = _IN_FORCE_BEFORE.search(before)
        if lead is None or (lead.group("long") and not re.search(r"\b(?:har|hadde)\s", lead.group(0))):
            return False  # "hvor lenge gjelder X?" asks when it ends, which no § of ours says; "hvor lenge har X gjeldt?"
        # "fra når gjelder <law>" and "når kom <law>" ask about the law only when nothing follows its name ("fra når
        # gjelder krisesenterlova sine nye regler om samiske brukere?" asks about a § the 2025 act gave new wording)
        if _IN_FORCE_AFTER.match(after) is not None:
            return True
        if lead.group("since") and re.search(r"\b(?:gjelder|gjeld|gjaldt)\s+$", before):
            return _NOTHING_MORE.fullmatch(after) is not None
        if _WHEN_CAME.search(before):
            whom = _FOR_WHOM.match(after) if doc not in amended else None
            return _NOTHING_MORE.fullmatch(after[whom.end():] if whom else after) is not None
        return False

    def unknown_laws(self, question: str) -> list[str]:
        """Law names in the question that the index does not hold ("straffeloven", "forvaltningsloven", "lov 20. juni
        2025 nr. 39")."""
        found: list[str] = []
        cited = "§" in (question or "")
        tokens = (question or "").split()
        for i, written in enumerate(tokens):
            written = written.strip("\"'«»()?!,.:;")
            original = written.lower()
            word = self._spelled(original)
            if word in self.other_names:  # an abbreviation of a law we lack ("bvl"): by its name
                # written as a name ("Hol" kommune, not "hol"/"HOL") it names a law only beside a §
                if (cited or not written.istitle()) and self.other_names[word] not in found:
                    found.append(self.other_names[word])
                continue
            if len(word) > 6 and " " not in word and word.endswith(("lov", "forskrift")) and not any(
                alias == word or alias.endswith(" " + word) for alias in self.aliases
            ) and word not in _GENERIC_LAW_WORDS:
                # a coordinated name is named whole: "helse- og omsorgstjenesteloven", not its last word
                head = " ".join(t.strip("\"'«»()") for t in tokens[max(0, i - 2):i]).lower()
                name = f"{head} {original}" if re.fullmatch(r"\w+- (?:og|eller)", head) else original
                if name not in found:
                    found.append(name)
        # an act cited by its date and number ("lov 20. juni 2025 nr. 39") is a law as surely as a name
        found.extend(name for name in map(act_name, self.unindexed_acts(question)) if name not in found)
        return found

    def strip(self, question: str) -> str:
        """The question without law names and §-references: what it asks beyond naming a provision."""
        text = self._spelled(question)
        if self._alias_re is not None:
            text = self._alias_re.sub(" ", text)
        return " ".join(_SECTION.sub(" ", text).split())

    def parse(self, question: str) -> list[SectionRef]:
        """Every §-reference in `question`, each tied to the law it names (if any)."""
        text = self._spelled(question)
        laws = list(self._alias_re.finditer(text)) if self._alias_re else []
        refs: list[SectionRef] = []
        spans: list[tuple[int, int, list[tuple[str, str | None]]]] = []
        for match in _SECTION.finditer(text):
            numbers: list[tuple[str, str | None]] = [(match.group(2), match.group(3))]
            end = match.end()
            if match.group(1) == "§§":
                while more := _MORE.match(text[end:]):
                    numbers.append((more.group(1), more.group(2)))
                    end += more.end()
            spans.append((match.start(), end, numbers))
        for law in laws:  # "kommuneloven 30-2": a law name directly followed by a number
            bare = _BARE.match(text[law.end():])
            if bare and not any(s <= law.end() + bare.end() and law.end() <= e for s, e, _ in spans):
                spans.append((law.end() + bare.start(1), law.end() + bare.end(), [(bare.group(1), bare.group(2))]))
        for start, end, numbers in sorted(spans):
            ledd_match = _LEDD.match(text[end:]) if len(numbers) == 1 else None
            ledd = _ORDINALS.get(ledd_match.group(1)) if ledd_match else None
            if ledd is None and len(numbers) == 1:
                ledd = self._ledd_before(text, start, laws)
            pinpoint_end = end + (ledd_match.end() if ledd_match else 0)
            bokstav = None
            if item := _LIST_ITEM.match(text[pinpoint_end:]):
                pinpoint_end += item.end()
                single = len(numbers) == 1 and not item.group(1) and not item.group(3)  # no plural, no list
                bokstav = item.group(2).lower() if single else None
            elif len(numbers) == 1:
                bokstav = self._item_before(text, start, laws)
            doc_id, law_name, unknown = self._law_for(text, start, pinpoint_end, laws)
            for number, letter in numbers:
                refs.append(SectionRef(section_key(number, letter), doc_id, law_name, unknown, ledd, bokstav))
        # a § named without its law where the same number is named with one law ("sjefen sa «§ 25-1», men hva
        # står i plan- og bygningsloven § 25-1?", "§ 3 andre ledd, og krisesenterlova § 3 første ledd?") is that
        # law's; the same reference twice is one
        owners: dict[str, set[tuple[str | None, str, str]]] = {}
        for ref in refs:
            if ref.doc_id or ref.unknown_law:
                owners.setdefault(ref.section_key, set()).add((ref.doc_id, ref.law_name, ref.unknown_law))
        tied: list[SectionRef] = []
        for ref in refs:
            if not (ref.doc_id or ref.unknown_law) and len(owners.get(ref.section_key, ())) == 1:
                doc_id, law_name, unknown = next(iter(owners[ref.section_key]))
                ref = dataclasses.replace(ref, doc_id=doc_id, law_name=law_name, unknown_law=unknown)
            if ref not in tied:
                tied.append(ref)
        return tied

    @staticmethod
    def _ledd_before(text: str, start: int, laws: list[re.Match[str]]) -> int | None:
        """The ledd named right before the § at `start` ("tredje leddet i krisesenterlova § 2"), or None.
        Between "i" and the § may stand only the name of a law ("krisesenterlova", "forskrift om
        individuell plan"), so "tredje ledd i loven, hva med § 3?" names no ledd of § 3."""
        window_start = max(0, start - 120)
        before = _LEDD_BEFORE.search(text[window_start:start])
        if before is None or _ORDINAL_LISTED.search(text[window_start:window_start + before.start()]):
            return None
        if not ReferenceParser._only_law_between(text, start, before.group(2), laws):
            return None
        return _ORDINALS[before.group(1)]

    @staticmethod
    def _item_before(text: str, start: int, laws: list[re.Match[str]]) -> str | None:
        """The list item named right before the § at `start` ("bokstav g i § 9 tredje ledd", "bokstav d i andre
        ledd i § 2"), or None. As for a ledd named before (`_ledd_before`), only a law's name, after the ledd if
        one is named, may stand between "i" and the §: "bokstav c i rapporten, og hva med § 3?" names none."""
        window_start = max(0, start - 120)
        window = text[window_start:start]
        found = list(_ITEM_BEFORE.finditer(window))
        if not found or _ITEM_LISTED.search(window[:found[-1].start()]):
            return None
        between = _LEDD_BETWEEN.sub("", window[found[-1].end():]).strip()
        return found[-1].group(1) if ReferenceParser._only_law_between(text, start, between, laws) else None

    @staticmethod
    def _only_law_between(text: str, start: int, between: str, laws: list[re.Match[str]]) -> bool:
        """Is `between` (what stands between a ledd or list item named before a § and the § at `start`) nothing,
        or a law's name that ends right before the §?"""
        return not between or any(m.group(0).strip() == between and m.end() <= start and not text[m.end():start].strip()
                                  for m in laws)

    def _law_for(self, text: str, start: int, end: int, laws: list[re.Match[str]]) -> tuple[str | None, str, str]:
        before = [m for m in laws if m.end() <= start]
        after = [m for m in laws if m.start() >= end]
        if before and re.fullmatch(r"[\s,:]*(?:sin|sitt|sine)?[\s,:]*", text[before[-1].end() : start]):
            return self.aliases[before[-1].group(1)], before[-1].group(1), ""
        if after and _AFTER_FILLER.match(text[end : after[0].start()]):
            return self.aliases[after[0].group(1)], after[0].group(1), ""
        cited = self._act_for(text, start, end)
        if cited is not None:
            return cited
        unknown = _UNKNOWN_LAW.search(text[max(0, start - 40) : start])
        if unknown and unknown.group(1) not in self.aliases:
            return None, "", unknown.group(1)
        # an act cited by date and number and followed at once by its § carries on to the §§ listed after that one: "lov
        # 20. juni 2025 nr. 39 § 6 og § 7" asks about § 7 of that act, as "krisesenterlova § 3 og § 4" asks about
        # krisesenterlova § 4; an act named in passing does not ("§ 6 ble endret ved lov … nr. 39. Hva sier § 7?" asks
        # about the law's § 7)
        acts = _cited_acts(text[:start])
        if acts and (not before or acts[-1][0].start() > before[-1].start()) and _ACT_CHAIN.fullmatch(
                text[acts[-1][0].end():start]):
            match, act = acts[-1]
            return (act, match.group(0), "") if act in self._docs else (None, "", act)
        if before:
            return self.aliases[before[-1].group(1)], before[-1].group(1), ""
        return None, "", ""

    def _act_for(self, text: str, start: int, end: int) -> tuple[str | None, str, str] | None:
        """The act cited by date and number right before the § at `start` ("lov 20. juni 2025 nr. 39 i § 6") or
        right after it ("§ 6 i lov …"): an indexed act by its doc_id, another as the unknown law of the reference
        (its Lovdata id). Why: "kva endrar lov 20. juni 2025 nr. 39 i § 6?" asks about an act the index lacks; read
        as a bare § 6, it was answered from krisesenterlova § 6 as if that said what the act changes."""
        acts = _cited_acts(text)
        before = [(m, act) for m, act in acts if m.end() <= start
                  and re.fullmatch(r"[\s,:]*(?:i|sin|sitt|sine)?[\s,:]*", text[m.end():start])]
        after = [(m, act) for m, act in acts if m.start() >= end and _AFTER_FILLER.match(text[end:m.start()])]
        for match, act in before[-1:] + after[:1]:
            if act in self._docs:
                return act, match.group(0), ""
            return None, "", act
        return None

    def unindexed_acts(self, question: str) -> list[str]:
        """The acts `question` cites by date and number that the index does not hold (`acts_cited`)."""
        return [act for act in acts_cited(question) if act not in self._docs]


# --- § mentions in running text (the citation check of generated answers) -------------------
# One section number: 4, 25-1, 5 a, 5a (letters a-h only so "§ 4 i loven" is not "§ 4i").
_NUM = r"\d+(?:-\d+)?(?:\s?[a-h](?![\wæøå]))?"
# "§ 4", "§§ 2 og 3", "§§ 2, 3 og 4", "§§ 2–4", "§§ 30-1 til 30-6", "§ 5 a"
SECTION_MENTION = re.compile(
    rf"(§§?)\s*({_NUM}(?:\s*(?:,|og|eller|til|–|—)\s*{_NUM})*)",
)
_NUM_RE = re.compile(_NUM)
_RANGE_SPLIT = re.compile(r"\s*(,|og|eller|til|–|—)\s*")

# A law name right before a § ("krisesenterlova § 4") or after it ("§ 4 i kommuneloven"): any word
# ending in -lov/-forskrift, or one of the manifest's short names ("pbl", "kml") given by the caller.
_LAW_WORD = r"[a-zæøå][a-zæøå\-]*?(?:" + "|".join(_LAW_ENDINGS + _REG_ENDINGS) + r")"
_GENERIC_LAW = {"lov", "forskrift"}  # "loven § 4": names no particular law


@lru_cache(maxsize=16)
def _law_patterns(short_names: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join([_LAW_WORD, *(re.escape(n) for n in sorted(short_names, key=len, reverse=True))])
    before = re.compile(rf"({words})\s*$", re.IGNORECASE)
    after = re.compile(rf"^[^§.\n]{{0,40}}?\b(?:i|etter|jf\.?|ifølge)\s+({words})\b", re.IGNORECASE)
    return before, after


def normalise_section(number: str) -> str:
    """'§ 5 a' / '5a' / '§25-1' -> '5a' / '25-1': the comparable form of a section number."""
    return re.sub(r"[\s§]", "", number).lower()


def law_stem(word: str) -> str:
    """'krisesenterlova', 'krisesenterloven' -> 'krisesenterlov'; the key for comparing law names."""
    word = word.lower().strip("-")
    for base, ending in (("lov", _LAW_SUFFIX), ("forskrift", _REG_SUFFIX)):
        if ending.search(word):
            return ending.sub(base, word)
    return word


def _expand(numbers: str) -> list[str]:
    """All section numbers in a list like '2, 3 og 4' or a range '2–4' (ranges of plain numbers)."""
    parts = _RANGE_SPLIT.split(numbers)
    found: list[str] = []
    previous: str | None = None
    range_pending = False
    for part in parts:
        if part in (",", "og", "eller"):
            continue
        if part in ("til", "–", "—"):
            range_pending = True
            continue
        match = _NUM_RE.fullmatch(part.strip())
        if not match:
            continue
        current = normalise_section(part)
        if range_pending and previous and previous.isdigit() and current.isdigit():
            low, high = int(previous), int(current)
            if 0 < high - low <= 30:
                found.extend(str(n) for n in range(low + 1, high))
        found.append(current)
        previous, range_pending = current, False
    return found


def _numbers(sign: str, numbers: str) -> list[str]:
    """Section numbers after '§' (one) or '§§' (a list or range; '§§ 2-4' is read as 2 to 4)."""
    if sign == "§":
        first = _NUM_RE.match(numbers)
        return [normalise_section(first.group(0))] if first else []
    single = re.fullmatch(r"(\d+)-(\d+)", numbers.strip())
    if single and int(single.group(1)) < int(single.group(2)):
        return _expand(f"{single.group(1)}–{single.group(2)}")
    return _expand(numbers)


@dataclass(frozen=True)
class SectionMention:
    """A § the text names, with the law named beside it (stem) or None when no law is named."""

    section: str
    law: str | None


def section_mentions(text: str, short_names: Iterable[str] = ()) -> list[SectionMention]:
    """Every § the text names, e.g. 'kommuneloven § 25-1' -> SectionMention('25-1', 'kommunelov').
    `short_names`: the manifest's names that do not end in -lov ("pbl", "kml"), read as law names too."""
    law_before, law_after = _law_patterns(frozenset(n.lower() for n in short_names))
    mentions: list[SectionMention] = []
    for match in SECTION_MENTION.finditer(text or ""):
        law: str | None = None
        before = law_before.search(text[max(0, match.start() - 60) : match.start()])
        after = law_after.search(text[match.end() : match.end() + 80])
        if before:
            law = law_stem(before.group(1))
        elif after:
            law = law_stem(after.group(1))
        if law in _GENERIC_LAW:
            law = None
        mentions.extend(SectionMention(s, law) for s in _numbers(match.group(1), match.group(2)))
    return mentions
