"""Decide whether the retrieved chunks give a basis for answering, or the bot must decline.

Why two signals: rankers always return *something*, so rank alone says nothing about relevance.
(1) IDF-weighted coverage: how much of the question's specific vocabulary the best chunk actually
holds (a question about "festlokale" and "julebord" is not answered by a chunk that only shares
"bydel"). (2) Answer kind: questions asking for a phone number, opening hours, a price or a future
date need such a fact in the passage; laws and a past inspection letter rarely hold one, and a
passage that merely shares topic words must not be passed off as the answer.
The threshold is calibrated on our own questions (bench/eval/own.jsonl), see `tilsynsbot eval`.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bot.answering.sentences import asked_part
from bot.dates import MONTHS
from bot.domain import BULLET, OSLO_BYDELER, Chunk, SearchHit, SourceKind
from bot.retrieval.features import coverage as chunk_coverage
from bot.retrieval.features import law_of, provision_of
from bot.retrieval.hybrid import Retrieval
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.ranker import PRECONDITIONS, AnswerModel
from bot.retrieval.references import CHAPTER_MENTION, SECTION_MENTION
from bot.retrieval.text import (
    INFLECTIONS,
    LIGHT_WORDS,
    NUMBER,
    NUMBER_RE,
    NUMBER_WORDS,
    STOPWORDS,
    SYNONYMS,
    WH_WORDS,
    normalise,
    split_sentences,
    stem,
    to_bokmal,
    words,
)

COVERAGE_THRESHOLD = 0.33  # calibrated on dev.jsonl + bench/eval/own.jsonl: off-topic questions scored 0.16–0.31, answerable ones ≥ 0.35
TOP_HITS = 3
FOCUS_MIN_CHARS = 3  # shorter words are abbreviations or fragments, not what is asked for

# A role held by one person ("voldskoordinatoren", "bydelsdirektør", "lederen"): "hvem er <role>" asks
# for a name.
_ROLE = (r"\w*(?:koordinator|leder|leiar|sjef|direktør|rådgiver|rådgjevar|saksbehandler|ordfører|ordførar|"
         r"kontaktperson|byråd)\w*")

# The municipality as the one that pays ("bydelen", "kommunane", "vertskommunen"), for `price_to_body`.
_BODY = r"(?:\w*kommun(?:en|ene|ane|ens)|bydel(?:en|ene|ane|ens))"

# The units of a time limit ("fem dagar", "ett års varsel", "3 mnd"), for `duration`.
_TIME_UNIT = r"dag|døgn|uke|veke|vek|måned|månad|mnd|år|time|tim"

# Giving a regulation, as the participle after "har"/"er" ("gitt", nynorsk "gjeve"; "fastsatt", "vedtatt"; "kommet
# med"), for `issued`; and a regulation that has come ("kommet", nynorsk "kome", "komen"; "komme" as typed for "kommet")
_GIVEN = (r"(?:gitt|gjeve|gjeven|gjevne|gjevi|fastsatt|fastsett|vedtatt|vedteke|vedteken|vedtekne|utstedt|"
          r"kommet med|kome med|laget|laga)")
_COME = r"(?:kommet|kome|komen|komme)"
# What may stand between that participle and "forskrift": a determiner or an adjective ("gitt den nye forskrifta",
# "alt gjeve ei eiga forskrift"), never a noun of its own ("gitt samtykke etter forskriften", "laget rutiner etter …")
_REGULATION = (r"(?:(?:den|det|de|dei|ei|en|ein|eit|et|noen|nokon|nokre|noko|noe|egen|eiga|eigen|ny|nye|slik|sånn|"
               r"nærmere|nærmare|omtalte|omtala|varslede|varsla)\s+){0,3}forskrift(?:a|en|er|ar|ene|ane)?\b")

# What a question asks for, and what a passage must contain to answer that kind of question.
ANSWER_KINDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("phone", re.compile(r"\btelefon\w*|\btlf\b|\bringe\b|\bnummeret til\b|\bmobilnummer"),
     # a phone number is digits: "råd og rettleiing per telefon" names the channel, not a number
     re.compile(r"\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b|\b\d{3} ?\d{2} ?\d{3}\b")),
    # the verb "åpner/opnar" only when the question asks when ("når åpner …", "kva tid opnar …"): "… som § 5 a
    # åpner for" (allows) asks for no opening hours
    ("hours", re.compile(r"\båpningstid\w*|\bopningstid\w*|\båpent\b|\bstenger\b|"
                         r"\b(?:når|kva tid|kor tid)\b[^?.!]{0,40}\b(?:åpner|opnar)\b"),
     re.compile(r"\bkl\.? ?\d|\b\d{1,2}[:.]\d{2}\b|døgn|\bheilårs|\bhelårs|åpningstid")),
    # what something costs the municipality ("hva koster en døgnplass for bydelen?"): only a sum answers it.
    # The sources' "gratis" says the offer is free for the user, not what the bydel pays for it.
    # Who pays: the body before the verb ("må bydelen betale"), right after it ("koster (det) bydelen",
    # "hva betaler bydelen"), after "fakturerer … X",
    # or "for bydelen"; not "betale til bydelen" (the user pays) nor "i kommunen" (a place).
    ("price_to_body", re.compile(rf"\b{_BODY}\b[^?.!]{{0,20}}\b(?:betale[rt]?|betalar|koste[rt]?|kostar|fakturert)\b|"
                                 rf"\b(?:koste[rt]?|kostar|betaler|betalar)\s+(?:det\s+)?{_BODY}\b|"
                                 rf"\bfakturer\w*\s+(?:\w+\s+){{0,3}}?{_BODY}\b|"
                                 rf"(?:\bkoste[rt]?\b|\bkostar\b|\bkostnad\w*|\b\w*pris(?:en|er|ar)?\b)[^?.!]{{0,40}}"
                                 rf"\bfor {_BODY}\b"),
     # a sum the body pays; not "gratis" nor "egenandel", which are what the user pays
     re.compile(r"\bkr\b|\bkroner\b|\d+ ?,-|\bvederlag")),
    # what something costs (bokmål "koster", nynorsk "kostar"): also the head of a compound ("timeprisen",
    # "dagprisen": Norwegian compounds end in the word that says what they are)
    ("price", re.compile(r"\bkoste[rt]?\b|\bkostar\b|\b\w*pris(en|er|ar|ane)?\b|\bleie\b|\bkostnad\w*|\bbetale\b|\b\w*gebyr\w*|"
                         r"\bfakturer\w*"),
     # a sum, or that there is none; "betaling av tolketenester" says who arranges payment, not what it costs
     re.compile(r"\bkr\b|\bkroner\b|\bgratis\b|\begenandel|\bvederlag|\bgebyr|\d+ ?,-|\blønn")),
    # "hvor mye / kor mykje <noun>", "hvor mye får X", "hva tjener X": a sum someone has or receives
    # (sosialhjelp, tilskudd, a salary). Not before a modal verb: "kor mykje må vi dokumentere?" asks how
    # far a duty goes, which a law answers without a number. "Gratis" answers what something costs the
    # user (price), not what a body receives: an offer being free says nothing of a grant per place.
    # ("hvor mye av internkontrollen må vi dokumentere?" the same)
    ("amount", re.compile(r"\b(?:hvor mye|kor mykje)\b(?!\s+(?:av\s+(?:[^\W\d_]+\s+){1,3}?)?(?:må|skal|kan|bør|burde|trenger|treng|"
                          r"skulle|kunne)\b)|"
                          # ... but a modal before "få" still asks for a sum: "hvor mye kan en beboer få i …"
                          r"\b(?:hvor mye|kor mykje)(?:\s+(?!å\b)[^\W\d_]+){1,4}?\s+(?:få|tjene|tene)\b|"
                          r"\b(?:hva|kva) (?:tjener|tener)\b|\b\w*lønn(?:a|en|inga)?\b"),
     re.compile(r"\d+\s*(?:kr\b|kroner|prosent|%|,-)|\bkr\.?\s*\d|\bkroner\b|\bprosent\b|\bvederlag|"
                r"\begenandel|\beigendel|\bbetaling\b|\bgrunnbeløp|\bsatse?n?\b|\blønn")),
    # "når kommer …" asks about something to come (a next tilsyn, a forskrift not yet given)
    ("schedule", re.compile(r"\bneste\b|\bkommende\b|\bplanlagt\w*|\bi morgen\b|\bi morgon\b|\bnår (?:kommer|kjem)\b"),
     re.compile(r"\bneste\b|\bkommende\b|\bplanlagt|\bframtidig")),
    # (a role held then asks for a person as one held now: "hvem var det som ledet krisesenteret?")
    ("person", re.compile(r"\b(hvem|kven) (?:er|var)\b.*\b(leder|lederen|leiar|leiaren|ledet|leidde|ordfører\w*|"
                          r"ordførar\w*|direktør\w*|sjef\w*|byråd\w*|kontaktperson\w*)\b|"
                          # the name asked for, now or then ("hva het lederen som ble intervjuet?")
                          r"\b(?:hva|kva) (?:heter|het|heiter|heitte)\b|\b(hvem|kven) vant\b|"
                          # a role, also in a compound: "hvem er voldskoordinator", "kven er bydelsdirektøren"
                          rf"\b(?:hvem|kven) er (?:\w+ ){{0,2}}{_ROLE}"),
     re.compile(r"\bhet(?:er)?\b|\bheit(?:er|te)\b|\bved navn\b")),
    ("address", re.compile(r"\badresse\w*|\be-?post\b|\bhvor ligger\b|\bkvar ligg\b"),
     re.compile(r"@|\b\d{4} [A-ZÆØÅ]|\bgate\b|\bveien\b|\badresse")),
    # the day something happened ("hvilken dato ble samarbeidsavtalen signert?", "når ble informasjonsskrivet sendt
    # ut?"): only a date answers it, not the passage about the thing dated. Not when a law or § took effect ("fra
    # hvilken dato gjelder § 5 a?", "når trådte loven i kraft?", "fra hvilken dato har vi hatt hjemmel til …?": a
    # date a right or duty runs from): that date stands in the law's notes, which the answer gives beside the
    # quote, not in the quoted text
    ("date", re.compile(r"^(?!.*\b(?:gjeld\w*|gjald\w*|kraft|ikraft\w*|trådte|tredde)\b)"
                        r"(?!.*\bfr[aå]\s+(?:hvilken|hvilket|kva)\s+(?:dato|datoen|dag|dagen)\b)"
                        r"(?:.*\b(?:hvilken|hvilket|kva|hva for en|kva for ein|kva for eit)\s+(?:dato|datoen|dag|dagen)\b|"
                        r".*\bnår\s+(?:ble|vart|blei)\b[^?.!]{0,90}\b(?:signert|signerte|undertegnet|"
                        r"underteikna|underskrevet|underskrive|inngått|vedtatt|vedteke|vedtekne|sendt|send|holdt|halde|halden)\b)",
                        re.DOTALL),
     re.compile(rf"\b\d{{1,2}}\.\s*(?:{'|'.join(MONTHS)})\b|\b\d{{1,2}}\.\d{{1,2}}\.(?:\d{{2,4}})?|"
                rf"\b(?:{'|'.join(MONTHS)})\s+(?:19|20)\d{{2}}\b|"
                r"\b(?:våren|høsten|hausten|sommeren|sommaren|vinteren)\s+(?:19|20)\d{2}\b")),
    # "hvor lenge", "hvor lang (tid, frist, saksbehandlingstid)", "innen når", "hva er fristen": a duration
    # or a deadline; a passage with no time expression (a number of days, a "frist", "straks", "uten
    # ugrunnet opphold") cannot answer it
    ("duration", re.compile(r"\b(?:hvor|kor) (?:lenge|lang|raskt|fort|snart)\b|\binnen når\b|\binnan når\b|"
                            r"\b(?:hva|kva) er (?:\w+)?fristen\b|\b(?:hvilken|kva for ein|kva) (?:\w+)?frist\b"),
     # a number in digits or in words ("ett års varsel", "fem dagar": `NUMBER_WORDS`, the one list of them)
     re.compile(rf"\b\d+\s*(?:{_TIME_UNIT})\w*|\b(?:{'|'.join(NUMBER_WORDS)}|en|ei|ein)\s+(?:{_TIME_UNIT})\w*|"
                r"\bsnarest|\bstraks\b|\bfrist|"
                r"\butan (?:\w+ )?opphald\b|\buten (?:\w+ )?opphold\b|\bumiddelbart|\bsenest\b|\bseinast\b|\bfortløpende|\bfortløpande")),
    # whether a regulation has been given ("har departementet gitt forskrifta etter § 5 a ennå?", "er forskriften
    # kommet?", "hva står i forskriften departementet har gitt?"). A law's "departementet kan gi forskrift" says
    # a regulation may be given, not that one was: only a passage naming a given one (by its date, "forskrift
    # 7. mars 2017 nr. 282") answers, or the regulation's own text quoted first (`holds_kind`). Asked yes or no
    # (`UNGATED_KINDS`): that it was given is the fact asked for.
    ("issued", re.compile(
        # "har departementet (alt) gitt (den) forskrifta", "har det kome ei forskrift"
        rf"\b(?:har|hadde)\b(?:\s+(?:[^\W\d_]+|§\s*\d+(?:-\d+)?(?:\s*[a-z]\b)?)){{0,6}}?\s+(?:{_GIVEN}|{_COME})\s+"
        rf"(?:(?:nærmere|nærmare)\s+(?:regler|reglar)\s+i\s+)?{_REGULATION}|"
        # "er forskrifta (til § 5 a) kommet/gitt?", asked with the verb first
        rf"^\W*(?:er|har)\s+(?:[^\W\d_]+\s+){{0,2}}forskrift(?:a|en)?\b[^?.!,]{{0,50}}?\s+(?:{_GIVEN}|{_COME})\b"
        r"(?!\s+(?:for|til|med\s+(?:hjemmel|heimel)|i\s+medhald|i\s+medhold)\b)|"
        # "forskriften departementet har gitt", "hvilken forskrift har departementet faktisk fastsatt"
        rf"\bforskrift(?:a|en)\s+(?:som\s+)?[^\W\d_]+\s+(?:har|hadde)\s+(?:[^\W\d_]+\s+)?{_GIVEN}\b|"
        rf"\bforskrift(?:er|ar)?\s+(?:har|hadde)\s+(?:[^\W\d_]+\s+){{1,2}}{_GIVEN}\b|"
        # "er det (nå) gitt/kommet (en) forskrift", "finnes/foreligger det (en) forskrift"
        rf"\b(?:er|blitt|ble|blei|har)\s+det\s+(?:[^\W\d_]+\s+)?(?:{_GIVEN}|{_COME})\s+{_REGULATION}|"
        rf"\b(?:finnes|fins|finst|foreligger|ligg\s+føre|ligger\s+føre)\s+det\s+(?:[^\W\d_]+\s+)?{_REGULATION}"),
     re.compile(rf"\bforskrift(?:a|en)?\s+(?:av\s+)?\d{{1,2}}\.\s*(?:{'|'.join(MONTHS)})\s+\d{{4}}|\bfor-\d{{4}}-")),
    # which research reports ("hvilke forskningsrapporter brukte SF i analysen?", "kva for rettleiarar og
    # forskingsrapportar …"): their names or titles. The letter's "vi har brukt veiledere og tilgjengelige
    # forskningsrapporter" says some were used and names none; quoted as the answer it was graded a false answer in
    # eight sets. Asked only with the research word, governed by the question word ("hvilke (veiledere og)
    # (konkrete) forskningsrapporter"): "hvilke rapporter skal revisor gi?" asks for a duty the law states, and "kva
    # for tema valde SF ut frå forskingsrapportane?" for the theme. Held only by a passage that names one: a title in
    # «», an official document by its series, a report by its number or year. No indexed unit names one today, so the
    # kind declines (the letter names none).
    ("titles", re.compile(r"\b(?:hvilke[nt]?|kva(?:\s+for)?(?:\s+(?:nokre|ein|eit))?|hva\s+slags|hva\s+for(?:\s+(?:noen|en|et))?)"
                          r"\s+(?:[^\W\d_]+\s+(?:og|eller)\s+)?(?:[^\W\d_]+(?:e|ige)\s+)?"
                          r"forsk\w*?(?:rapport|studi|litteratur|publikasjon)\w*"),
     re.compile(r"«[^»]{3,}»|\bnou\b|\bprop\.|\bmeld\.\s*st\.|\bst\.\s*meld\.|\bot\.\s*prp\.|"
                r"\brapport(?:en)?\s+(?:nr\.?\s*)?\d")),
)
# The kinds read on the whole asked part before the question-word gate (`question_kind`): "titles" names its question
# word in its own form ("hvilke forskningsrapporter"); "issued" is asked yes or no (that a regulation was given is itself
# the fact), so it is read so only when no question word asks for something else ("hvem kan lovlighetskontrollere
# forskriften bystyret har vedtatt?" asks who) or the question word is the regulation's ("hvilken forskrift har …").
UNGATED_KINDS = frozenset({"issued", "titles"})
# Of those, the kinds asked yes or no, so read so only when no other question word asks (or the question word is the
# regulation's, `_WH_REGULATION`)
YES_NO_KINDS = frozenset({"issued"})
# The kinds a unit of a certain source holds by being quoted first, whatever its words: a regulation's own text shows
# that it was given (`holds_kind`).
HELD_BY_SOURCE: Mapping[str, SourceKind] = MappingProxyType({"issued": SourceKind.REGULATION})
_WH_REGULATION = re.compile(r"\b(?:hvilke[nt]?|kva\s+for(?:\s+(?:ei|ein|eit|nokre))?)\s+forskrift")


_DEFINING = re.compile(r"(meint|ment|menes|meinast|meint)$")
_COUNTED = re.compile(r"\b(?:hvor|kor) mange((?: [^\W\d_]+(?:-[^\W\d_]+)*){1,4})")
# (all and none are counts; "flere", "enkelte", "noen" are not: "enkelte bydeler" answers no "hvor mange bydeler")
_COUNT_WORD = re.compile(rf"\b({NUMBER}|alle|samtlige|ingen)\s+(?:av\s+\w+\s+)?(\w+)")
# a § or chapter reference (`references`' patterns for them), a date ("15. april", "1.1.2026"), a law's number
# ("nr. 42"): numbers that count nothing
_NOT_A_COUNT = re.compile("|".join((SECTION_MENTION.pattern, CHAPTER_MENTION.pattern,
                                    r"\b\d+\.\s*(?:" + "|".join(MONTHS) + r")\b",
                                    r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?", r"\bnr\.\s*\d+")))


# A clause that opens with a verb of duty, permission or content asks yes or no ("må kommunen ha
# oversikt over hvor mange boliger …", "kan folk ringe på døra?"): the fact it mentions is part of what is
# asked about, not what is asked for. Not "er det / finnes det / har X en …": those ask whether there is
# such a fact ("er det en grense for hvor lenge …?"), and only a source holding one answers them. But
# "har kommunen plikt til …", "er det lov å …", "er bydelen forpliktet til …" are verbs of duty or
# permission in other words: the same as "må kommunen …", "kan vi …" ("er det krav til hvor mange …"
# is not among them: it asks whether there is such a number, like "er det en grense for …").
# "Kan du / har dere …" opens a request, which asks for the fact.
_YES_NO_CLAUSE = re.compile(
    r"^\W*(?:(?:må|skal|kan|bør|kunne|skulle|burde|trenger|treng|plikter|pliktar|gjelder|gjeld|holder|held|"
    r"omfatter|inneholder|inneheld|krever|krev|kreves|krevst|dekker|dekkjer|regnes|reknast|betyr|tyder|"
    r"sier|seier|hører|høyrer|stemmer)\b(?!\s+(?:du|dere|de|dykk)\b)|"
    r"(?:har|hadde)\s+(?!du\b|dere\b|dykk\b)(?:[^\W\d_]+\s+){1,2}(?:plikt|ansvar|ansvaret|rett|lov)\s+(?:til|på|å)\b|"
    r"er\s+det\s+(?:lov|påkrevd|påkravd|pålagt|påbudt|tillatt|forbudt|nødvendig)\b|"
    r"er\s+(?:[^\W\d_]+\s+){1,2}(?:pliktig|forpliktet|forplikta|nødt)\b)")
_CLAUSE_BREAK = re.compile(r"[,;]\s*(?:og|eller|men)?\s*|:\s+|(?<=[.!?])\s+|\s+(?:og|eller)\s+(?=(?:hva|kva|hvor|kor|når|"
                           r"hvem|kven|hvilke[nt]?|kva for|hvordan|korleis)\b)")


def asking_part(question: str) -> str:
    """The clauses of what a question asks (`bot.answering.sentences.asked_part`) that ask for something:
    all but those opening with a verb of duty, permission or content (yes/no clauses). "" when every
    clause asks yes or no. A statement ending in "." before a question is scene, also when the writer
    did not capitalise the question after it ("… samtale med nav neste uke. hvem betaler tolken?"); so is a
    topic before a colon ("Boligsosial lov: må kommunen ha oversikt over hvor mange boliger …?")."""
    clauses = [c for c in _CLAUSE_BREAK.split(asked_part(question).lower()) if c.strip()]
    if any(c.rstrip().endswith("?") for c in clauses):
        clauses = [c for c in clauses if not c.rstrip().endswith(".")]
    return " ".join(c for c in clauses if not _YES_NO_CLAUSE.match(c))


# A word that sorts what is counted rather than naming it: "hvor mange typer dokumenter" counts dokumenter
_CLASSIFIERS = frozenset({"type", "typer", "slags", "sort", "sorter", "form", "former", "kategori", "kategorier"})
# what a lead-in lists ("følgende dokumenter … :") and the items after it: the loaders' bullet (`BULLET`) or a list
# item's letter as quotes write it ("a) …", `sentences._list_text`), on a line of its own (a unit's text) or inline
# (a quote). A lead-in that names nothing ("Planen skal blant annet inneholde følgende:") lists what its own words
# speak of.
_BULLET = re.escape(BULLET.strip())
_LISTED = re.compile(rf"\bfølg(?:ende|jande)\s+([^\W\d_]+)[^:{_BULLET}]*:")
_BARE_LEAD = re.compile(r"\bfølg(?:ende|jande)\s*:")
_LEAD_START = re.compile(rf"[\n.:;{_BULLET}]")  # where the sentence of a bare lead-in begins (after the last of these)
_LIST_ITEM = re.compile(rf"(?:^|\s)(?:{_BULLET}|[a-zæøå]\)|\d{{1,2}}\))\s")
# A proportion counts as a number of what it is a part of ("minst halvparten av medlemmene"); "1/3" is digits
_PROPORTION = re.compile(r"\b(?:halvparten|halvdelen|helvta|(?:tredje|fjerde)del(?:en|er|ar)?)\b")
# a unit of time as a counted noun, in its inflections ("uker", "dagers", "timar"), not a compound ("årsverk")
_TIME_NOUN = re.compile(rf"(?:{_TIME_UNIT})(?:e|r|s|a|en|er|ar|ene|ane|ers|ars)?$")
# "the hours of a day", "the days of a year": a count asked of a unit of time within a named period ("hvor mange
# timer i døgnet", "kor mange dagar i året")
_WITHIN_PERIOD = re.compile(r"\b(?:hvor|kor) mange (?:timer|timar|dager|dagar|døgn) (?:i|per|pr|om|av) (døgn|år)\w*")
# the whole period named ("heildøgns", "hele døgnet", "døgnet rundt", "heilårs", "året rundt"): all its hours or days
_WHOLE_PERIOD: Mapping[str, re.Pattern[str]] = MappingProxyType({
    "døgn": re.compile(r"\bhei?l(?:e|t)?\s*døgn|\bdøgnet rundt\b|\bdøgn(?:åpe|ope)"),
    "år": re.compile(r"\bhei?l(?:e|t)?\s*år(?:s|et)?\b|\båret rundt\b"),
})
_TYPO_RATIO = 0.8  # difflib's similarity of two stems: one letter in five changed, missing or added ("bydler")


@dataclass(frozen=True)
class Counted:
    """What a "hvor mange X" question counts. `nouns`: the counted noun, and the noun after it when the first is
    an adjective ("faste sikringstiltak"); empty when the counted are unnamed ("hvor mange må skrive under?"),
    and any stated number may answer. `topic`: the question's other content words, which a lead-in that names
    nothing must speak of for its list to count them ("hvor mange deler må krisesentertilbudet bestå av?":
    "Tilbodet skal omfatte følgjande: a) … d) …")."""

    nouns: tuple[str, ...]
    topic: tuple[str, ...] = ()
    period: str = ""  # "døgn" or "år" when the count is of the hours of a day or the days of a year


def counted_noun(question: str) -> Counted | None:
    """What a "hvor mange X" question counts, or None when it is no such question. Function words are
    skipped ("hvor mange *av* bydelene" counts bydeler). An attributive adjective agrees with a plural noun by
    "-e" ("faste", "fysiske", "ulike"; a definite plural noun ends in "-ene"/"-ane"): the noun after it is what
    is counted, and it is kept beside it, since a noun may end in "-e" too ("ansatte")."""
    plain = normalise(asking_part(question))  # (a typographic dash joins a compound as "-" does)
    match = _COUNTED.search(plain)
    if not match:
        return None
    following = match.group(1).split()
    topic = _topic(plain[match.start():])
    within = _WITHIN_PERIOD.match(plain, match.start())  # of the count asked, not of another "hvor mange" after it
    period = within.group(1) if within else ""
    # a finite verb right after "hvor mange" ("hvor mange må skrive under?", "kor mange var med?"): the counted are
    # left unnamed (people), as in "hvor mange fra hver bydel …"
    if following and _FINITE_VERB.fullmatch(following[0]):
        return Counted((), topic)
    heads = [_head(word) for word in following]
    for index, word in enumerate(heads):
        if not word:
            continue
        nouns = [word]
        after = heads[index + 1] if index + 1 < len(heads) else ""
        if after and word.endswith("e") and not word.endswith(("ene", "ane")):
            nouns.append(after)
        return Counted(tuple(nouns), tuple(w for w in topic if w not in nouns), period)
    return Counted((), topic)


def _head(word: str) -> str:
    """The word a counted noun stands for, "" for a function word. A hyphenated compound counts what its last part
    names ("Oslo-bydelene": bydeler), as Norwegian compounds end in the word that says what they are; an
    abbreviation's ending ("IP-er", "IP-ar", `text.INFLECTIONS`) is no word of its own."""
    head, _, last = word.rpartition("-")
    word = head if head and last in INFLECTIONS else last or word
    if word in STOPWORDS or word in LIGHT_WORDS or to_bokmal(word) in STOPWORDS or word in _CLASSIFIERS:
        return ""
    return word


def _topic(text: str) -> tuple[str, ...]:
    """The content words of what a count question goes on to say."""
    return tuple(w for w in words(text) if w not in STOPWORDS and w not in LIGHT_WORDS and to_bokmal(w) not in STOPWORDS)


def states_count(text: str, counted: Counted) -> bool:
    """Does the text give a number of what is counted ("tre bydeler", "12 av totalt 15 bydeler", "minst
    halvparten av medlemmene")? "Hvor mange X" is only answered by a number of X, not by any passage that shares
    the topic. The number may count the ones X belongs to in the sentence that names X ("To bydeler har lukket
    sine lovbrudd" for "hvor mange av lovbruddene var lukket?"); a § number or a date in it is no count."""
    if not counted.nouns:  # unnamed: a number of anything ("1-3 representanter") is the kind of fact asked for
        return _COUNT_WORD.search(text.lower()) is not None or _lists_count(text, counted)
    stems = [stem(to_bokmal(noun)) for noun in counted.nouns]

    def names_counted(word: str) -> bool:
        word_stem = stem(to_bokmal(word))
        return any(_same_word(word_stem, noun_stem) or _part_of(word_stem, noun_stem) for noun_stem in stems)

    if any(names_counted(m.group(2)) for m in _COUNT_WORD.finditer(text.lower())):
        return True
    if counted.period and _WHOLE_PERIOD[counted.period].search(text.lower()):
        return True  # "heildøgns" is 24 hours a day; "heilårs", every day of the year
    for sentence in (s for line in text.splitlines() for s in split_sentences(line)):  # (a heading is its own line)
        plain = _NOT_A_COUNT.sub(" ", sentence.lower())
        if (NUMBER_RE.search(plain) or _PROPORTION.search(plain)) and any(names_counted(w) for w in words(plain)):
            return True
    return _lists_count(text, counted)


def count_not_held(question: str, texts: Sequence[str]) -> bool:
    """Does the question ask "hvor mange X" and none of the texts give a number of X (`states_count`)?"""
    counted = counted_noun(question)
    return counted is not None and not any(states_count(text, counted) for text in texts)


def time_not_held(question: str, texts: Sequence[str]) -> bool:
    """Does the question ask for a number of units of time ("hvor mange uker har bydelen på å rette?"), and none
    of the texts give one? A length of time stands only as a number of its units; other things a text may count by
    a list's items or name one by one ("§§ 2, 3 og 4"), which the count rule does not read as a count."""
    counted = counted_noun(question)
    return counted is not None and any(_TIME_NOUN.match(noun) for noun in counted.nouns) and count_not_held(question, texts)


def _lists_count(text: str, counted: Counted) -> bool:
    """Does the text list two or more of what is counted under a lead-in that names it ("Følgjande tiltak skal
    ligge føre:" and its items a) to e) state five tiltak)? A list states its number by its items. The lead-in
    names what it lists after "følgende"/"følgjande" (not the bydeler of "ba bydelene sende inn følgende
    dokumenter:"), by the word or as the last part of a compound asked about ("sikringstiltak" are tiltak). A
    lead-in that names nothing after it lists the parts of what it speaks of: the question must speak of that too
    ("Planen skal blant annet inneholde følgende:" for "hvor mange punkter må planen inneholde?").
    Read in a unit's text (items on lines of their own) and in a quote (items inline: "…: • a • b", "…: a) … b) …")."""
    lowered = text.lower()
    stems = [stem(to_bokmal(noun)) for noun in counted.nouns]
    topic = [stem(to_bokmal(word)) for word in counted.topic]
    leads = sorted([*_LISTED.finditer(lowered), *_BARE_LEAD.finditer(lowered)], key=lambda m: m.end())
    for index, lead in enumerate(leads):
        end = leads[index + 1].start() if index + 1 < len(leads) else len(lowered)
        if len(_LIST_ITEM.findall(lowered[lead.end():end])) < 2:
            continue
        if lead.re is _LISTED:
            named = stem(to_bokmal(lead.group(1)))
            if any(_same_word(named, s) or _part_of(named, s) for s in stems):
                return True
        else:
            before = lowered[:lead.start()]
            opening = max((m.end() for m in _LEAD_START.finditer(before)), default=0)
            if any(_same_word(w, t) or _part_of(w, t) for w in (stem(to_bokmal(x)) for x in _topic(before[opening:]))
                   for t in topic):
                return True
    return False


def _same_word(word_stem: str, noun_stem: str) -> bool:
    """Is a word of the text the word the question counts: its first five letters, so inflections and spellings
    agree ("bydel", "bydelene"), or one letter off in a word of four or more, as a typo or the other written
    standard has it ("bydler", "månader")?"""
    if word_stem.startswith(noun_stem[:5]):
        return True
    return min(len(word_stem), len(noun_stem)) >= 4 and \
        difflib.SequenceMatcher(None, word_stem, noun_stem).ratio() >= _TYPO_RATIO


def _part_of(word_stem: str, noun_stem: str) -> bool:
    """Is a word of the text the last part of the compound the question names ("tiltak" in "sikringstiltak",
    "medlem" in "bystyremedlemmer")?"""
    return len(word_stem) >= 4 and noun_stem.endswith(word_stem)


@dataclass
class Judgement:
    answerable: bool
    coverage: float
    reason: str = ""  # "" | "no_hits" | "coverage" | "focus" | "name" | "which_bydel" | "count" | ANSWER_KINDS' names
    missing: str = ""  # for "focus" and "name": the question's word the sources do not hold
    probability: float | None = None  # P(answerable) from the calibrated model, when it decided
    # preconditions that failed but that calibration did not keep as vetoes: the model answered anyway
    waived: frozenset[str] = frozenset()


# A question asks for a fact when it is a wh-question or a request ("gi meg", "har dere"); a yes/no
# question only names the fact's kind as its topic ("omfatter taushetsplikten også adressen?",
# "er adressen hemmelig?"), and the law that decides it answers it.
_ASKS_FOR = re.compile(r"\b(?:hva|kva|hvilke[nt]?|kva for|hvor|kor|når|hvem|kven|hvordan|korleis)\b|"
                       r"\b(?:gi|gje|send|finn|oppgi|fortell|vis)\s+(?:meg|oss)\b|"
                       r"\b(?:har|veit|vet|kan)\s+(?:du|dere|de)\s+(?:\w+\s+)?(?:gi|gje|finne|sende|oppgi|si)\b|"
                       r"^\W*(?:har|veit|vet)\s+(?:du|dere|de)\b")


def asks_for_something(question: str) -> bool:
    """Does a clause of the question that is not a yes/no clause ask for something (a question word, "gi
    meg …")? "Hva skal planen inneholde etter § 9 tredje ledd?" does; "§ 9 tredje ledd: må samtykket stå i
    planen?" asks yes or no about one thing in it."""
    return bool(_ASKS_FOR.search(asking_part(question)))


# The common finite verbs (bokmål and nynorsk): a question without one is a bare noun phrase.
_FINITE_VERB = re.compile(r"\b(?:er|var|har|hadde|kan|kunne|må|måtte|skal|skulle|bør|burde|vil|gjelder|gjeld|finnes|"
                          r"fins|står|sier|seier|blir|ble|vert|betyr|får|fikk|gir|gjev|trenger|treng|trengs)\b")


def question_kind(question: str) -> str:
    """The kind of fact a question asks for (phone, hours, price, …), or "" (a yes/no question asks
    whether, not for a fact, whatever kind of fact it mentions; but for `UNGATED_KINDS`: "har departementet
    gitt forskrifta?" asks whether it was given, which is the fact)."""
    text = asking_part(question)
    asks_something = bool(_ASKS_FOR.search(text)) and not _WH_REGULATION.search(text)
    for name, asks, _ in ANSWER_KINDS:
        if name in UNGATED_KINDS and asks.search(text) and not (name in YES_NO_KINDS and asks_something):
            return name
    # a verbless question that opens with the fact's own name asks for it without a question word
    # ("Tlf til krisesenteret i Bergen?", "Åpningstider for NAV?"); "Telefonvakt hele døgnet – er det et
    # krav?" asks yes or no
    opening = re.match(r"\W*([^\W\d_]+)\b(?!\s+(?:det|du|dere|vi|de|man|en|hun|han|ho|dei|me|eg|jeg)\b)", text)
    if opening and not _FINITE_VERB.search(text):  # "Koster det noe …?": a verb before its subject asks yes or no
        for name, asks, _ in ANSWER_KINDS:
            if asks.fullmatch(opening.group(1)):
                return name
    if not _ASKS_FOR.search(text):
        return ""
    asked = _asked_phrases(text)
    # the question words ask for something that is no kind of fact ("kva krav", "hvem"): only a person may be
    asks_other = asked is not None and not any(asks.search(a) for a in asked for _, asks, _ in ANSWER_KINDS)
    for name, asks, _ in ANSWER_KINDS:
        if asks.search(text) and (name == "person" or not asks_other):
            return name
    return ""


# A question word with the noun it asks for when it is a determiner ("kva krav", "hvilket telefonnummer",
# "kva for ein frist") rather than a pronoun before a verb ("hva koster …"); or "hvem/kven".
# (Longest first: "kva for ein" before "kva"; "hvem har / kan gi" asks for what that someone holds, a number
# perhaps, so the whole clause decides.)
_WH_PHRASE = re.compile(r"\b(?:hvem|kven)\b(?!\s+(?:har|kan gi|kan gje|veit|vet)\b)|"
                        r"\b((?:kva for(?: ein| eit| nokre)?|hva slags|kva slags|hvilke[nt]?|hva|kva) ([^\W\d_]+))\b")
_WH_WORD = re.compile(rf"\b(?:{WH_WORDS})\b")


def _asked_phrases(text: str) -> list[str] | None:
    """What the question words ask for, when each of them says: nothing for "hvem/kven" (a body or a
    person: not a sum, a phone number or a time), the question word with its noun for a determiner
    ("kva krav": requirements, whatever fact the rest of the clause names). None when some question word
    does not say ("hva koster", "hvor lenge"): the whole clause decides. Why: "Kva krav stiller lova til
    telefontenesta?" asks for a rule, not a phone number, and "hvem skal betale tolken?" for who pays,
    not a price; the veto on a kind of fact no unit holds declined both."""
    phrases: list[str] = []
    # "hvor mange timer", "kor mange bydelar": a number of what the noun names, whatever kind of fact the rest of
    # the clause mentions ("kor mange timar må telefontenesta vere open?" asks for no phone number); a verb after
    # it leaves the counted unnamed ("hvor mange må skrive under?"), and the whole clause decides
    for match in _COUNTED.finditer(text):
        how_many, counted = match.group(0).split()[:2], match.group(1).split()[0]
        if _FINITE_VERB.fullmatch(counted):
            return None
        phrases.append(" ".join([*how_many, counted]))
    for match in _WH_PHRASE.finditer(text):
        head = match.group(2)
        # a present-tense verb ("koster", "kostar", "betaler") or a plural noun ("regler"): not told apart
        # here, so the whole clause decides as before
        if head is not None and (head in _PRONOUNS or head in ("som", "eit") or _FINITE_VERB.fullmatch(head)
                                 or head.endswith(("er", "ar"))):
            return None
        phrases.append(match.group(1) or "")
    if not phrases or len(phrases) < len(_WH_WORD.findall(text)):  # a request, or another question word
        return None
    return phrases


def quoted_with(hits: Sequence[SearchHit]) -> list[Chunk]:
    """The best unit and those of the top ones an answer may quote beside it: units of the same law or
    document (`bot.answering.compose`). Why: the asked-for fact must stand in what is quoted; a price
    question about a security system is not answered because a third hit from another law says
    "gratis"."""
    if not hits:
        return []
    first = law_of(hits[0].chunk)
    return [h.chunk for h in hits[:TOP_HITS] if law_of(h.chunk) == first]


def holds_kind(kind: str, texts: Sequence[str], first: Chunk | None = None) -> bool:
    """Does any of `texts` hold a fact of this kind (a number for "phone", a sum or "gratis" for
    "price", …)? True for "" or an unknown kind: nothing is asked for. `first` is the unit the texts
    lead with: one of the source its kind names (`HELD_BY_SOURCE`) holds it, whatever it says."""
    if first is not None and kind in HELD_BY_SOURCE and first.kind is HELD_BY_SOURCE[kind]:
        return True
    evidence = next((e for name, _, e in ANSWER_KINDS if name == kind), None)
    return evidence is None or any(evidence.search(text.lower()) for text in texts)


def kind_not_held(question: str, chunks: Sequence[Chunk]) -> str:
    """The kind of fact the question asks for (`question_kind`) when none of `chunks` holds one, else ""."""
    kind = question_kind(question)
    return "" if holds_kind(kind, [c.text for c in chunks], chunks[0] if chunks else None) else kind


def coverage(question: str, hit: SearchHit, keyword: KeywordIndex) -> float:
    """IDF-weighted share of the question's content words that the hit's chunk holds."""
    return chunk_coverage(question, hit.chunk, keyword)


# Where a question names what it asks for: "hva er <straffen> for ...", "når <åpnet> ...".
_FOCUS = re.compile(r"(?:\b(?:hva|kva) (?:er|var) (?:egentlig |eigentleg )?(?:den |det |dei |de )?|^\W*når )([^\W\d_]+)")
# Generic heads ("hva er reglene for X"): the question is about X, which coverage already weighs.
_GENERIC = frozenset("""regel regler reglene reglane reglar krav kravet kravene rutine rutiner rutinene plikt
plikten pliktene ansvar ansvaret rett retten rettene rettighetene formål formålet hensikt hensikten poenget
innhold innholdet forskjell forskjellen""".split())


def focus_word(question: str) -> str:
    """The word a "hva er X ..." / "når X ..." question asks about, or "" (function words don't count)."""
    match = _FOCUS.search(question.lower())
    if not match:
        return ""
    word = to_bokmal(match.group(1))
    if word in STOPWORDS or word in LIGHT_WORDS or word in _GENERIC or len(word) < FOCUS_MIN_CHARS:
        return ""
    if _DEFINING.match(word):
        return ""
    return word


def uncovered_focus(question: str, hits: Sequence[SearchHit], keyword: KeywordIndex) -> str:
    """The word the question asks about when the best hit does not hold it (or a stand-in), else "".

    Why: coverage is a share, and a question can share most of its words with a passage and still
    ask for something the sources never say: "hva er straffen for vold i nære relasjoner?" matches
    krisesenterlova § 1 on "vold i nære relasjoner" but nothing there states a punishment. The word
    after "hva er" / "når" names what is asked for, so it must be found. A word no source uses at
    all is left to the coverage share (users paraphrase, and an unseen word tells nothing).
    """
    word = focus_word(question)
    if not word:
        return ""
    hits = hits[:1]  # the answer leads with the best hit: that is where the asked-for word must stand
    key = stem(word)
    synonyms = tuple(stem(to_bokmal(s)) for s in SYNONYMS.get(word, ()))
    if not any(t in keyword.idf for t in (key, *synonyms)):
        return ""
    parts = keyword.analyzer.compound_parts(word)
    for hit in hits[:TOP_HITS]:
        terms = keyword.chunk_terms(hit.chunk)
        if key in terms or any(s in terms for s in synonyms) or (parts and all(p in terms for p in parts)):
            return ""
    return word


# Questions for a salary, an amount or a person: "hva tjener <en rådgiver>", "hvor mye får <beboeren>",
# "hvem er <Kari Nordmann>". The first content word after the phrase names whom or what it is about.
_ABOUT = re.compile(r"\b(?:(?:hva|kva|hvor mye|kor mykje) (?:tjener|tener|får)|(?:hvem|kven) er)((?: [^\W\d_]+){1,4})",
                    re.IGNORECASE)


def asked_about(question: str) -> str:
    """Whom/what a salary, amount or person question is about (original spelling, for the reply), or ""."""
    match = _ABOUT.search(question)
    if not match:
        return ""
    words = match.group(1).split()
    who = match.group(0).lower().startswith(("hvem", "kven"))
    for i, word in enumerate(words):
        low = to_bokmal(word.lower())
        if low in STOPWORDS or low in LIGHT_WORDS or low in _GENERIC or len(low) < FOCUS_MIN_CHARS:
            continue
        if who and not word[0].isupper() and not re.fullmatch(_ROLE, low):
            # "hvem er (det som) formelt ansvarlig …" asks who bears a duty, which a law answers; only a
            # name or a one-person role ("hvem er voldskoordinator") asks for a person
            return ""
        if word[0].isupper():  # a name: keep its following capitalised parts ("Kari Nordmann")
            name = [word]
            for following in words[i + 1:]:
                if not following[0].isupper():
                    break
                name.append(following)
            return " ".join(name)
        return str(word)
    return ""


def unmentioned_subject(question: str, hits: Sequence[SearchHit], keyword: KeywordIndex) -> str:
    """The person/role a salary, amount or person question is about when no top hit mentions it, else "".

    Why stricter than `uncovered_focus`: a passage can only tell what someone earns or who someone is
    if it names them; unlike a paraphrased topic word, a name or role no source uses is a reason to
    decline, not to fall back on the coverage share ("hvem er Kari Nordmann?" shares no word but "er").
    """
    word = asked_about(question)
    if not word:
        return ""
    low = to_bokmal(word.split()[0].lower())
    # stemmed twice too: the stemmer takes "lederen" to "leder" but "leder" to "led"
    keys = {stem(low), stem(stem(low)), *(stem(to_bokmal(s)) for s in SYNONYMS.get(low, ()))}
    parts = keyword.analyzer.compound_parts(low)
    for hit in hits[:TOP_HITS]:
        terms = keyword.chunk_terms(hit.chunk)
        if keys & terms or (parts and all(p in terms for p in parts)):
            return ""
    return word


# "hvor lang frist har <barnevernet>", "hvor mye får <kommunen>": the one whose time or sum is asked for.
# "hva er fristen for <barnevernet> til å …", "hvilken frist har <barnevernet> …": the same, named with the deadline
_AGENT = re.compile(r"\b(?:hvor|kor) (?:lang|lenge|mye|mykje|raskt|fort|snart)\b(?: [^\W\d_]+)?"
                    r" (?:har|må|skal|bruker|brukar|får|kan|plikter|pliktar) ([^\W\d_]+)|"
                    r"\bfristen (?:for|til) ([^\W\d_]+)|"
                    # "hvilken frist har <barnevernet> …"
                    r"\b(?:hvilken|kva for ein|kva) (?:\w+)?frist (?:har|får|gjelder for|gjeld for) ([^\W\d_]+)")
_PRONOUNS = frozenset("vi dere de man en jeg du eg me dykk ein dei hun han ho den det noen nokon".split())
# After these a body is the one a duty is owed to or comes from, not the one who bears it:
# "melde frå til barnevernstenesta", "tiltak frå barnevernstenesta".
_OBJECT_PREPOSITIONS = frozenset("til frå fra med hos overfor mot ved".split())


# Where the one asking says they work: "vi i barnevernet", "me på krisesenteret", "Barnevernsleder her."
_SPEAKER = re.compile(r"\b(?:vi|me) (?:i|på|hos|fra|frå) (?:den |det )?([^\W\d_]+)|"
                      r"(?:^|[.!?]\s+)([^\W\d_]+) her\b")
_WE = frozenset({"vi", "me"})
# A body named in the definite form ("barnevernet", "bydelen", "tenesta") or a role ("barnevernsleder"):
# not "vi i dag", "vi i praksis", "Hei her."
_BODY_NAME = re.compile(rf"[^\W\d_]{{3,}}(?:et|en|a|ene|ane)|{_ROLE}")


def asked_agent(question: str) -> str:
    """Whose time or sum a question asks for ("hvor lang / hvor mye … har X", "fristen for X",
    "hvilken frist har X"): X, or "" (a pronoun, "å", or no such question). "Vi"/"me" is the body the
    asker says they belong to ("Hvor lang frist har vi i barnevernet …", "Barnevernsleder her. … hvor
    lang frist har vi …"): the deadline asked for is then that body's own."""
    low = question.lower()
    match = _AGENT.search(low)
    agent = next((g for g in match.groups() if g), "") if match else ""
    if agent in _WE:
        speaker = _SPEAKER.search(low)
        agent = next((g for g in speaker.groups() if g), "") if speaker else ""
        if agent in STOPWORDS or agent in LIGHT_WORDS or not _BODY_NAME.fullmatch(agent):
            agent = ""
    if not agent or agent in _PRONOUNS or agent == "å":
        return ""
    return agent


def agent_only_addressed(question: str, hits: Sequence[SearchHit]) -> str:
    """The body a time or sum question asks about when the best units name it only as the one a duty
    is owed to ("… melde frå til barnevernstenesta"), never as the one who bears it; else "".

    Why: "hvor lang frist har barnevernet på å undersøke en melding?" shares "barnevern", "frist"-like
    words and a time expression ("utan ugrunna opphald") with krisesenterlova § 6, but that time is the
    reporter's, not barnevernet's: quoting it answers another question. A unit that does not name the
    body at all is left to the other signals (a deadline for "kommunen" may stand in a § that says
    "senest fire år etter …" without naming it)."""
    agent = asked_agent(question)
    if not agent:
        return ""
    key = stem(to_bokmal(agent))[:6]
    mentioned = False
    for hit in hits[:TOP_HITS]:
        words = _WORD.findall(hit.chunk.text.lower())
        for i, word in enumerate(words):
            if not stem(to_bokmal(word)).startswith(key):
                continue
            mentioned = True
            if i == 0 or words[i - 1] not in _OBJECT_PREPOSITIONS:
                return ""
    return agent if mentioned else ""


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?:]\s*$|\n\s*$")  # the text before a word ends a sentence (or a line)


def _starts_sentence(before: str) -> bool:
    """Whether a word after `before` opens a sentence: nothing before it, a full stop, a line break, or a
    symbol such as an emoji, which writers in Slack put where a full stop would stand ("Vår er fra 2017 😬
    Hva sa SF om det?", "Hei 🙂 Fant SF lovbrudd i Alna?")."""
    stripped = before.rstrip()
    return (not stripped or _ENDS_SENTENCE.search(before) is not None
            or unicodedata.category(stripped[-1]) == "So")


def proper_names(question: str) -> list[str]:
    """Capitalised words that are not the first word of a sentence and not acronyms ("Grünerløkka",
    "Frogner"): the names a question is about. Acronyms (SF, NAV, IK) are abbreviations of things the
    sources name in full, so they are not names here."""
    names = []
    for match in _WORD.finditer(question):
        word = match.group()
        if not word[0].isupper() or word.isupper() or _starts_sentence(question[: match.start()]):
            continue
        names.append(word)
    return names


# Modal verbs (bokmål and nynorsk): "må / skal / kan Bydel X ..." asks what a rule requires of X.
_MODAL = re.compile(r"\b(?:må|måtte|skal|skulle|kan|kunne|bør|burde|plikter|trenger|treng|gjelder|gjeld)\b")


def asks_of_its_own(question: str) -> bool:
    """Whether a question asks something of its own (a modal verb, or a question word other than "hva/kva"):
    "kan jeg klage etter § 7?", "hvem kan klage?"; not "kva seier § 6 om bistand?", which asks what a text says."""
    text = question.lower()
    return bool(_MODAL.search(text)) or any(w not in ("hva", "kva") for w in _WH_WORD.findall(text))


# "hvilke (tre) bydeler …", "kva for bydel …", "hvem av bydelene …": asks for bydeler by name (the
# noun asked about is "bydel", at most after a number: "hvilken frist fikk bydelen" asks for a date).
# "kva bydel" is nynorsk for "which bydel" (and "hva bydel" colloquial bokmål), but only before the indefinite noun:
# "kva bydelane gjorde feil" and "hva bydelen må sende" ask what the bydel(er) did or must do
_WHICH_BYDEL = re.compile(rf"\b(?:hvilke[nt]?|kva for(?: ein| nokre)?|hvem av|kven av)\s+(?:(?:\d+|{NUMBER})\s+)?bydel|"
                          r"\b(?:hva|kva)\s+bydel(?:er|ar)?\b")
_BYDEL_NAME = re.compile(r"\b(?:" + "|".join(re.escape(n.lower()) for n in OSLO_BYDELER) + r")\b")


def unnamed_bydeler(question: str, hits: Sequence[SearchHit]) -> bool:
    """True when the question asks which bydel(er) and the inspection report answering it names none.

    A report that says "tre bydeler fikk lovbrudd" does not answer "hvilke tre bydeler?": quoting it
    would look like an answer and is not one. As for names, only a report's answer is judged (a
    law's "kommunen" answers "hvilken bydel har ansvaret …" as a rule) and a modal question asks
    what a rule requires."""
    if not hits or hits[0].chunk.kind is not SourceKind.FINDING or _MODAL.search(question.lower()):
        return False
    if not _WHICH_BYDEL.search(question.lower()):
        return False
    return not any(_BYDEL_NAME.search(h.chunk.text.lower()) for h in hits[:TOP_HITS]
                   if h.chunk.kind is SourceKind.FINDING)


def unnamed_entity(question: str, hits: Sequence[SearchHit], keyword: KeywordIndex) -> str:
    """A name the question is about that the inspection report answering it never mentions, else "".

    Why only reports (findings): a law or a guidance text applies to every bydel, so "må Bydel Frogner
    ha rutiner?" is answered by the law without naming Frogner; a report states facts about particular
    bydeler, and "fikk Bydel X lovbrudd?" cannot be answered by a passage that does not name X (the
    letter deliberately names none of the three). A question with a modal verb asks what a rule
    requires ("må Bydel Frogner ha rutiner?"), which a general statement in a report answers too.
    A name counts as named when the report gives it anywhere (its author, "Statsforvalteren", stands in
    its opening, not in the paragraph that answers); the letter names no bydel at all."""
    if not hits or hits[0].chunk.kind is not SourceKind.FINDING or _MODAL.search(question.lower()):
        return ""
    reports = [h for h in hits[:TOP_HITS] if h.chunk.kind is SourceKind.FINDING]
    # the whole report counts, with its title: "slik Statsforvalteren ser det" names the report's author,
    # which its opening names though the paragraph that answers does not; "står det i Informasjonsskrivet"
    # names the source
    terms = set().union(*(keyword.chunk_terms(h.chunk) | keyword.document_terms(h.chunk.doc_id)
                          | set(keyword.analyzer.terms(h.chunk.title)) for h in reports))
    # only names in what is asked: "Vi i ein Vestland-kommune les skrivet. Når vart tilsynet gjennomført?"
    # names the asker's home, not what the report must name
    for name in proper_names(asked_part(question)):
        low = to_bokmal(name.lower())
        keys = {stem(low), stem(stem(low))}
        parts = keyword.analyzer.compound_parts(low)
        if not (keys & terms or (parts and all(p in terms for p in parts))):
            return name
    return ""


def judge(
    question: str, hits: Sequence[SearchHit], keyword: KeywordIndex, *, threshold: float = COVERAGE_THRESHOLD
) -> Judgement:
    """Answerable when a top hit covers enough of the question and holds the kind of fact asked for."""
    if not hits:
        return Judgement(False, 0.0, "no_hits")
    if any(h.exact_reference for h in hits):
        return Judgement(True, 1.0)
    top = hits[:TOP_HITS]
    best = max(coverage(question, h, keyword) for h in top)
    subject = unmentioned_subject(question, top, keyword)
    if subject:
        return Judgement(False, best, "focus", subject)
    kind = kind_not_held(question, quoted_with(top))
    if kind:
        return Judgement(False, best, kind)
    if count_not_held(question, [h.chunk.text for h in top]):
        return Judgement(False, best, "count")
    name = unnamed_entity(question, top, keyword)
    if name:
        return Judgement(False, best, "name", name)
    if unnamed_bydeler(question, top):
        return Judgement(False, best, "which_bydel")
    if best < threshold:
        return Judgement(False, best, "coverage")
    focus = uncovered_focus(question, top, keyword)
    if focus:
        return Judgement(False, best, "focus", focus)
    return Judgement(True, best)


# --- the calibrated decision ------------------------------------------------------------------
AGREEMENT_RANK = 5  # "both rankers agree": the unit is in the top five of each


def vetoes(model: AnswerModel | None) -> tuple[str, ...]:
    """The preconditions that decline whatever the probability: those calibration kept
    (`bench/calibrate.py` drops one only where a reader's grades of the answers it declined show
    answering them is worth more), all of them for a model that records no choice or for no model."""
    if model is None or model.vetoes is None:
        return PRECONDITIONS
    return tuple(name for name in PRECONDITIONS if name in model.vetoes)


def answer_features(
    question: str,
    scores: Sequence[float],
    top_features: Sequence[Mapping[str, float]],
    hits: Sequence[SearchHit],
    keyword: KeywordIndex,
    letter_intent: float,
) -> dict[str, float]:
    """The answerability model's inputs (`bot.retrieval.ranker.ANSWER_FEATURES`) for the best units.

    `scores` are the fused scores best first, `top_features` the signals of the best units
    (`bot.retrieval.features.candidate_features`) and `hits` those units; the evidence signals read
    the best three, the margin looks further for another provision. The rule signals of the earlier
    chain of vetoes (answer kind, count, focus word, subject) enter as features, so the fitted model
    decides how much each one weighs."""
    first = top_features[0]
    # uncertainty is about which provision answers: the best unit's lead over the best unit of
    # another provision (its sibling ledd agreeing is no doubt)
    own = provision_of(hits[0].chunk)
    others = [s for s, h in zip(scores[1:], hits[1:], strict=False) if provision_of(h.chunk) != own]
    hits, top_features = hits[:TOP_HITS], top_features[:TOP_HITS]
    kind = question_kind(question)
    return {
        "top_score": float(scores[0]),
        "margin": float(scores[0] - others[0]) if others else 1.0,
        "top_kw_rel": first["kw_rel"],
        "top_letter_fit": letter_intent if first["letter"] else 1.0 - letter_intent,
        "top_coverage": first["coverage"],
        "best_coverage": max(f["coverage"] for f in top_features),
        "top_dense_cos": first["dense_cos"],
        "top_probe_cos": first.get("probe_cos", 0.0),
        "top_probe_coverage": first.get("probe_coverage", 0.0),
        "top_probed": first.get("probed", 0.0),
        "near_unanswered": first.get("near_unanswered", math.nan),
        "agreement": 1.0 if first["kw_rr"] >= 1 / (1 + AGREEMENT_RANK) and first["dense_rr"] >= 1 / (1 + AGREEMENT_RANK)
        else 0.0,
        "kind_missing": 1.0 if kind_not_held(question, quoted_with(hits)) else 0.0,
        "count_missing": 1.0 if count_not_held(question, [h.chunk.text for h in hits]) else 0.0,
        "focus_missing": 1.0 if uncovered_focus(question, hits, keyword) else 0.0,
        "subject_missing": 1.0 if unmentioned_subject(question, hits, keyword) else 0.0,
        # a precondition only (`decide`), not one of the fitted model's inputs
        "agent_addressed": 1.0 if kind and agent_only_addressed(question, hits) else 0.0,
        "name_missing": 1.0 if unnamed_entity(question, hits, keyword) or unnamed_bydeler(question, hits) else 0.0,
    }


def decide(
    question: str, retrieval: Retrieval, keyword: KeywordIndex, model: AnswerModel, by_id: Mapping[str, Chunk]
) -> Judgement:
    """Answer or decline by the fitted answerability model (threshold chosen on the tuning split).

    A named § that the index holds is always answered (the user asked for that text). The reason
    given on a decline is the strongest rule signal that fired, so the reply can name what is
    missing ("straffen", a phone number); otherwise it is a plain "no basis"."""
    hits = retrieval.hits
    if not hits:
        return Judgement(False, 0.0, "no_hits")
    if any(h.exact_reference for h in hits):
        return Judgement(True, 1.0)
    ranked = [(cid, x) for cid, x in sorted(retrieval.scores.items(), key=lambda item: -item[1])
              if cid in retrieval.features]
    if not ranked:
        return Judgement(False, 0.0, "no_hits")
    top_hits = [SearchHit(chunk=by_id[cid], score=0.0) for cid, _ in ranked]
    features = answer_features(question, [x for _, x in ranked], [retrieval.features[cid] for cid, _ in ranked],
                               top_hits, keyword, retrieval.letter_intent)
    top_hits = top_hits[:TOP_HITS]
    probability = model.probability(features)
    best = features["best_coverage"]
    # Preconditions, not weights: a question for a phone number, a sum, a person or a count cannot be
    # answered by passages that hold no such fact, however well they match the rest of the question
    # (those of them calibration kept: `vetoes`; and a kind of fact added since the veto choice, which was
    # made on other kinds' answers: `AnswerModel.kinds`).
    precondition_failed = any(features[name] for name in vetoes(model)) or bool(
        features["kind_missing"] and model.kinds is not None and question_kind(question) not in model.kinds)
    if probability >= model.threshold and not precondition_failed:
        waived = frozenset(name for name in PRECONDITIONS if features[name])
        return Judgement(True, best, probability=probability, waived=waived)
    subject = unmentioned_subject(question, top_hits, keyword)
    if subject:
        return Judgement(False, best, "focus", subject, probability=probability)
    if features["kind_missing"] or features["agent_addressed"]:
        return Judgement(False, best, question_kind(question), probability=probability)
    if features["count_missing"]:
        return Judgement(False, best, "count", probability=probability)
    name = unnamed_entity(question, top_hits, keyword)
    if name:
        return Judgement(False, best, "name", name, probability=probability)
    if unnamed_bydeler(question, top_hits):
        return Judgement(False, best, "which_bydel", probability=probability)
    focus = uncovered_focus(question, top_hits, keyword)
    if focus:
        return Judgement(False, best, "focus", focus, probability=probability)
    return Judgement(False, best, "coverage", probability=probability)
