"""Text analysis for the keyword index: normalise, map nynorsk to bokmål, stem, split compounds.

Why: the law texts are partly nynorsk (krisesenterlova, the safety regulation) while users ask in
bokmål (and sometimes nynorsk). Both sides go through the same pipeline, so a nynorsk form only has
to land on the same key as its bokmål twin; it does not have to be perfect Norwegian. Snowball's
Norwegian stemmer handles bokmål inflection; a small lexicon plus a few nynorsk suffix rules bring
nynorsk forms to bokmål first. Norwegian writes compounds as one word ("krisesentertilbodet"),
so compounds are split into known parts and both the whole word and the parts are indexed.

Bounded work: a message may hold one "word" of tens of thousands of characters. Splitting tries every
cut and stems every right-hand part, which is quadratic in the word's length, and the caches would keep
every such string. So only tokens up to `MAX_SPLIT_CHARS` are split, tokens over `MAX_STEM_CHARS` are
no words and are left as they are (uncached), and the caches have a fixed size. Snowball stemmers keep
their working string on the instance, so one shared stemmer gives wrong stems (or IndexError) when
answer threads stem at once: each thread gets its own.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

import snowballstemmer

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)

# Whole-word nynorsk -> bokmål forms that suffix rules cannot reach. Kept small and general.
NYNORSK: dict[str, str] = {
    "ikkje": "ikke", "kva": "hva", "kven": "hvem", "korleis": "hvordan", "kvifor": "hvorfor",
    "kvar": "hvor", "eit": "et", "ein": "en", "ei": "en", "frå": "fra", "dei": "de", "deira": "deres",
    "berre": "bare", "meir": "mer", "mykje": "mye", "òg": "også", "noko": "noe", "nokon": "noen",
    "vere": "være", "vore": "vært", "gjeld": "gjelder", "skal": "skal", "ho": "hun", "eg": "jeg",
    "vald": "vold", "valden": "volden", "valdsutsett": "voldsutsatt", "valdsutsette": "voldsutsatte",
    "teieplikt": "taushetsplikt", "teieplikta": "taushetsplikten", "teiepliktige": "taushetsbelagte",
    "tilsett": "ansatt", "tilsette": "ansatte", "tenesteytar": "tjenesteyter",
    "tenesteytarar": "tjenesteytere", "mellombels": "midlertidig", "naudsynt": "nødvendig",
    "naudsynte": "nødvendige", "sørgje": "sørge", "følgje": "følge", "førebyggje": "forebygge",
    "rettleiing": "veiledning", "rådgjeving": "rådgivning", "verksemd": "virksomhet",
    "oppgåve": "oppgave", "oppgåver": "oppgaver", "oppgåvene": "oppgavene", "vareta": "ivareta",
    "varetakast": "ivaretas", "einskilde": "enkelte", "einskild": "enkelt", "oppnemnd": "oppnevnt",
    "tilskot": "tilskudd", "skild": "skilt", "skilde": "skilt", "særskilde": "særskilte",
    "uvedkommande": "uvedkommende", "meint": "ment", "mogleg": "mulig", "moglege": "mulige",
    "høve": "anledning", "døme": "eksempel", "dømes": "eksempel", "utsette": "utsatte", "butilbod": "botilbud",
    "tilbod": "tilbud", "tilbodet": "tilbudet", "tilboda": "tilbudene", "lova": "loven", "lovene": "lovene",
    "teneste": "tjeneste", "tenester": "tjenester", "tenesta": "tjenesten", "tenestene": "tjenestene",
    "tenesteapparatet": "tjenesteapparatet", "tenestetilbod": "tjenestetilbud",
    "tenestetilbodet": "tjenestetilbudet", "sikkerheit": "sikkerhet", "kvinner": "kvinner",
    "rettane": "rettene", "reglar": "regler", "føresegner": "bestemmelser", "føresegnene": "bestemmelsene",
    "dagtilbod": "dagtilbud", "byrja": "begynte", "vidare": "videre", "nærmare": "nærmere",
    "statleg": "statlig", "eigentleg": "egentlig", "særleg": "særlig", "heilskapleg": "helhetlig",
    "heilskaplege": "helhetlige", "heilårs": "helårs", "heildøgns": "heldøgns", "straffast": "straffes",
    "skolar": "skoler", "barnehagar": "barnehager", "personopplysningar": "personopplysninger",
    "opplysningar": "opplysninger", "relasjonar": "relasjoner", "truslar": "trusler",
    "rutinar": "rutiner", "ansvarleg": "ansvarlig", "tilgjengeleg": "tilgjengelig",
    "bustad": "bolig", "bustaden": "boligen", "bustader": "boliger", "bustadene": "boligene",
    "peika": "pekte", "tryggleik": "trygghet", "tryggleiken": "tryggheten", "opphald": "opphold",
    "fleire": "flere", "mange": "mange", "nokre": "noen", "ingen": "ingen", "innbrot": "innbrudd",
    "brot": "brudd", "innehalde": "inneholde", "inneheld": "inneholder", "leiar": "leder",
    "ordførar": "ordfører", "seier": "sier", "kor": "hvor", "fekk": "fikk", "opne": "åpne",
    "lovbrot": "lovbrudd", "lovbrotet": "lovbruddet", "lovbrota": "lovbruddene", "lovbrotane": "lovbruddene", "meiner": "mener", "spørsmål": "spørsmål", "tenesteytarane": "tjenesteyterne", "kommunar": "kommuner", "avgjerd": "avgjørelse",
}

# Ordered suffix rules for regular nynorsk inflection (applied only to words longer than 5).
_NN_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("heitene", "hetene"), ("heita", "heten"), ("heiter", "heter"), ("heit", "het"),
    ("lege", "lige"), ("leg", "lig"), ("arane", "erne"), ("arar", "ere"), ("aren", "eren"),
    ("ingane", "ingene"), ("ingar", "inger"), ("inga", "ingen"), ("ane", "ene"), ("ar", "er"),
)

# Function words (bokmål and nynorsk) and question fillers that carry no topic.
STOPWORDS: frozenset[str] = frozenset(
    """
    og i på til av for med som er det at en et den de seg om fra har var vil kan skal må blir
    bli ble være vært ikke eller men så da nå her der hva hvem hvordan hvorfor hvor når hvilken hvilket
    hvilke jeg du han hun vi dere dem meg deg oss sin sitt sine min mitt mine din ditt dine vår vårt
    våre deres hans hennes dens dets noe noen alle hver annen annet andre også bare mer mest mye
    mange få etter før under over mellom ved uten mot inn ut opp ned hvis dersom om enn jo sånn slik
    sier si sa står stå lyder lyde innebærer inneber betyr gjelder handler egentlig går gjør gjøre får få fått fikk ha hadde kommer komme the
    ja nei litt veldig lov loven lova paragraf paragrafen jf jfr nr mv mm bl a annet
    et en ein eit ei ikkje kva kven korleis kvifor kvar dei deira ho eg me berre òg noko nokon
    ifølge iflg tell fortell forklar mener meiner synes syns viktig viktige faktisk bestemt vanlig
    slags type typen dag dagen gang måtte skulle kunne burde ville man se ser gå nok tok hatt vise
    lage lages laget gjort både selv helst rundt ingen ingenting inga ingi
    """.split()
)

# Light verbs and fillers: kept for ranking ("ta kontakt"), but they say nothing about whether a passage
# answers the question, so abstention's coverage ignores them.
LIGHT_WORDS: frozenset[str] = frozenset(
    "ta tar tok tatt gi gir ga gitt gjør gjort bli blir ble vært finnes fins mulig lov lovlig".split()
)

# Number words up to fifteen (the counts the sources use: "tre bydeler", "12 av totalt 15") and a
# pattern for any stated number: digits that are not a year, or a number word. One home for every
# module that reads numbers (answer kinds, counting questions, the evaluation's key facts).
NUMBER_WORDS: dict[str, str] = {
    "én": "1", "ett": "1", "to": "2", "tre": "3", "fire": "4", "fem": "5", "seks": "6", "sju": "7", "syv": "7",
    "åtte": "8", "ni": "9", "ti": "10", "elleve": "11", "tolv": "12", "tretten": "13", "fjorten": "14", "femten": "15",
}
NUMBER = r"(?!(?:19|20)\d\d\b)\d+|" + "|".join(NUMBER_WORDS)
# a number as a word of its own, in digits or in words (not a year): "tre bydeler", "12 av totalt 15"
NUMBER_RE = re.compile(rf"\b({NUMBER})\b", re.IGNORECASE)


# Small domain lexicon: an abbreviation or everyday word -> words the sources use. Query side only.
# "ip", "sf", "ik" stand here as well as in ABBREVIATIONS: the rankers and the answer judgement read the
# question spelled out, but the choice of which quotes to show (`bot.answering.relevance`) reads it as
# written and reaches them through this.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ip": ("individuell", "plan"),
    "sf": ("statsforvalter",),
    "fm": ("statsforvalter",),
    "fylkesmannen": ("statsforvalter",),
    "nav": ("nav", "velferdsforvaltningen"),
    "barnevernet": ("barnevern", "barnevernstjenesten"),
    "barnevernstjenesten": ("barnevern",),
    "ros": ("risiko", "sårbarhetsanalyse"),
    "ros-analyse": ("risiko", "sårbarhetsanalyse"),
    "ros-analyser": ("risiko", "sårbarhetsanalyse"),
    "voldsutsatt": ("utsatt", "vold"),
    "voldsutsatte": ("utsatt", "vold"),
    "bydel": ("kommune",),
    "bydelen": ("kommunen",),
    "bydelene": ("kommunene",),
    "koster": ("gratis", "betaling"),
    "betale": ("gratis", "betaling"),
    "folkeregistrert": ("folkeregister",),
    "rullestol": ("tilrettelegging", "likeverdig"),
    "funksjonsnedsettelse": ("tilrettelegging", "likeverdig"),
    "samisk": ("samiske",),
    "internkontrollen": ("internkontroll",),
    "ik": ("internkontroll",),
    "ik-systemet": ("internkontroll",),
    "bo": ("botilbud", "oppholder"),
    "bor": ("botilbud", "oppholder"),
    "menn": ("mann",),
    "kvinner": ("kvinne",),
    # everyday words -> the words the law uses for the same thing
    "koordinere": ("samordne", "samordning"),
    "koordinering": ("samordne", "samordning"),
    "koordinerer": ("samordne", "samordning"),
    "hjelp": ("bistand", "tjenestetilbud"),
    "hjelpe": ("bistand", "tjenestetilbud"),
    "hjelpen": ("bistand", "tjenestetilbud"),
    "fortelle": ("taushetsplikt", "røpe"),
    "forteller": ("taushetsplikt", "røpe"),
    "sladre": ("taushetsplikt", "røpe"),
    "risikerer": ("straff",),
    "risikere": ("straff",),
    "straffes": ("straff",),
    "bolig": ("botilbud",),
    "jobber": ("ansatt", "tilsatt"),
    "ansatte": ("tilsatte",),
    "trygg": ("sikkerhet", "trygt"),
    # irregular past forms of "tre i kraft" (the sources say "trer i kraft", "blir sett i kraft")
    "trådte": ("trer", "kraft"),
    "tredde": ("trer", "kraft"),
    "trådt": ("trer", "kraft"),
    "trygt": ("sikkerhet",),
}

# Abbreviations users write for what the sources spell out ("beboer har IP fra nav", "kan SF pålegge
# oss"). Unlike SYNONYMS (extra keyword terms) they are spelled out in the question itself before it is
# ranked and embedded (`spell_out`), and in the probe questions before they are embedded, so the dense
# model reads the words it knows: on the 467 tuning questions with one of them, dense-only hit@1 rose
# from 0.39 to 0.50 (2026-12-03). Only expansions that mean one thing in this domain ("fm" is also
# formiddag: left to SYNONYMS). The answer quotes the sources, never this; a decline that names the
# word it did not find may name it spelled out ("individuell plan").
ABBREVIATIONS: Mapping[str, str] = MappingProxyType({
    "ip": "individuell plan",
    "sf": "statsforvalteren",
    "ik": "internkontroll",
    "ks": "krisesenteret",  # not in capitals (CASED_ABBREVIATIONS): "KS" is also Kommunesektorens organisasjon
    "bv": "barnevernet",
    "bvt": "barnevernstjenesten",
})
# Spelled out only when not written in capitals ("ks", "Ks"; not "KS").
CASED_ABBREVIATIONS = frozenset({"ks"})
# A whole word only, not inside a hyphenated compound ("IP-koordinator", "KS-avtalen" stay as written),
# but with its inflection: "IP-en", "SF-s", "IK-ene", and written on to capitals "IPen", "SFs".
INFLECTIONS = ("en", "et", "ene", "er", "ar", "a", "s", "ens", "ets")
_ABBREVIATION = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")"
                           r"(?:-(?:" + "|".join(INFLECTIONS) + r")|(en|s))?(?![\w-])", re.IGNORECASE)
# Acronyms of their own that an abbreviation with a suffix written on would read as: interkommunalt
# selskap, Individual Placement and Support (NAV's employment method). In capitals ("IKS", "IPS") the
# suffix rule (written on in lowercase) already leaves them; this keeps "IKs"/"IPs" as written too.
OTHER_ACRONYMS = frozenset({"iks", "ips"})


def spell_out(text: str) -> str:
    """The text with the domain's abbreviations (ABBREVIATIONS) spelled out, all else unchanged.

    Why in the text and not as keyword synonyms: the embedding model reads "SF" and "IP" as letters,
    not as Statsforvalteren and individuell plan, so a question that abbreviates ranks far from the
    provision that spells them out. An inflected form ("IP-en") is spelled out as its base: the
    rankers need the words, not the inflection. An abbreviation written with a capital that opens the
    text or follows . ! ? is spelled out with a capital ("Vi er i Bydel Frogner. SF har varslet tilsyn …"
    → "… Statsforvalteren har …"), so what reads the sentences of the spelled-out text (what is asked,
    which words are names) splits them as written. A change to what this function does is a change of
    `SPELL_OUT_VERSION`."""

    def replace(match: re.Match[str]) -> str:
        word, suffix = match.group(1), match.group(2)
        if word.lower() in CASED_ABBREVIATIONS and word.isupper():
            return match.group(0)
        if suffix and (not word.isupper() or not suffix.islower()
                       or (word + suffix).lower() in OTHER_ACRONYMS):
            return match.group(0)  # "ipen", "IKS", "IPS": not an abbreviation with its ending
        expansion = ABBREVIATIONS[word.lower()]
        if word[0].isupper() and _opens_sentence(match.string, match.start()):
            return expansion[0].upper() + expansion[1:]
        return expansion

    return _ABBREVIATION.sub(replace, text)


def _opens_sentence(text: str, index: int) -> bool:
    """Whether the word at `index` opens the text or follows . ! ? (whitespace aside). Looks back over the
    whitespace only, so a text with many abbreviations costs linear time, not a copy of its prefix each."""
    i = index - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?"


# What `spell_out` does, as data: stored probe vectors are of spelled-out text, so the probe fingerprint
# (`ingest.probes.probe_fingerprint`) includes it and a change to the rules re-embeds what they touch.
# How `spell_out` reads the rules: raise it whenever the function's behaviour changes (2: a sentence's
# first abbreviation is spelled out with a capital), so stored probe vectors are embedded again.
SPELL_OUT_VERSION = 2
SPELL_OUT_RULES = repr((sorted(ABBREVIATIONS.items()), sorted(CASED_ABBREVIATIONS), _ABBREVIATION.pattern,
                        sorted(OTHER_ACRONYMS), SPELL_OUT_VERSION))


# The longest Norwegian compounds that matter here are about 35 characters
# ("krisesentertilbudsforskriftene" is 30); splitting costs O(n^2) in the token's length.
MAX_SPLIT_CHARS = 40
# The nominalisation suffix -ing as written, in its inflections ("-inga", "-ingen", "-inger", "-ingane", the genitives
# "-ingas", "-ingens", "-ingenes", and "-ings", also a compound's first part cut before a hyphen: "samordnings- og …"):
# a suffix, not a word a compound ends in (`Analyzer._split`). Read by its written endings, not by its stem, because
# the stemmer also takes "ingsloven" and "inget" to "ing": the parts of "bokføringsloven" were the verb "bokfør" alone
# (now "bokføring" + "lov"), and those of "Sametinget" "sam" (now "same" + "ting").
NOMINAL_SUFFIX = re.compile(r"ing(?:a|as|en|ens|ene|enes|er|ers|ar|ane|s)?")
# Longer tokens are no words (pasted hashes, URLs, keyboard mashing): stemming them gains nothing.
MAX_STEM_CHARS = 64
STEM_CACHE_SIZE = 50_000
SPLIT_CACHE_SIZE = 50_000

_local = threading.local()


def _stemmer() -> snowballstemmer.NorwegianStemmer:
    """This thread's Snowball stemmer (the stemmer object is not thread-safe; creating one is cheap)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer


def normalise(text: str) -> str:
    """NFC, lowercase, typographic dashes to hyphen: the common ground of every comparison."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return text.replace("–", "-").replace("—", "-").replace("\u00ad", "")


def same_question(text: str) -> str:
    """A question as two writers' copies of it compare (`ProbeMatrix.without`): `normalise`d, spaces collapsed, so
    "Oslo Krisesenter" and "oslo  krisesenter" are one question."""
    return " ".join(normalise(text).split())


# Nynorsk phrases whose bokmål twin is not word for word ("kva for" asks "hvilke").
_NN_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = ((re.compile(r"\bkva for\b"), "hvilke"),)


def text_to_bokmal(text: str) -> str:
    """A lowercase text with every nynorsk word (and phrase) mapped to bokmål, spacing collapsed:
    the one nynorsk normaliser, used by retrieval word by word and by the findings questions whole."""
    lowered = " ".join(normalise(text).split())
    for pattern, replacement in _NN_PHRASES:
        lowered = pattern.sub(replacement, lowered)
    return _TOKEN.sub(lambda m: to_bokmal(m.group(0)), lowered)


def to_bokmal(word: str) -> str:
    """Map one lowercase nynorsk word form to bokmål (identity for words that are already bokmål)."""
    if word in NYNORSK:
        return NYNORSK[word]
    if len(word) > 5:
        for suffix, replacement in _NN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)] + replacement
    return word


def stem(word: str) -> str:
    """Snowball stem plus a light plural trim, so bruker/brukere/brukerne share one key.

    Tokens longer than `MAX_STEM_CHARS` come back unchanged and never enter the cache.
    """
    if len(word) > MAX_STEM_CHARS:
        return word
    return _cached_stem(word)


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _cached_stem(word: str) -> str:
    s = str(_stemmer().stemWord(word))
    if len(s) > 5 and s.endswith("ern"):
        s = s[:-3]
    elif len(s) > 5 and s.endswith("er"):
        s = s[:-2]
    return s


def words(text: str) -> list[str]:
    """Lowercased word tokens; hyphenated words are kept whole and also split ("nav-kontor")."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            out.append(token.replace("-", ""))
            out.extend(parts)
        else:
            out.append(token)
    return out


# A sentence ends at . ! ? followed by a space and a capital letter or digit, except after abbreviations;
# at ? and ! also before a small letter: no abbreviation ends in them, and chat is often written in lower case
# ("når må bystyret vedta planstrategien? boligoversikten skal jo inn der").
_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in ("jf", "nr", r"bl\.a", r"f\.eks", "ca", "mv", "pkt", "res", "st", "ikr", "kap", "dvs", r"m\.m"))
_SENTENCE_END = re.compile(_ABBREV + r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«•])|(?<=[?!])\s+(?=[a-zæøå])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a text (a law's ledd, a letter's paragraph, a question)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


# A pronoun or a "such" that points back to what the sentence before named ("Vi får samiske brukere. Er det
# kommet noe eget i loven om dem?", "Vi har ikke egne rutiner for krisesenterbrukere. Hva gjorde bydelene uten
# slike rutiner?"): the asked sentence alone does not say what it asks about.
# ("slik" alone is mostly "slik at": only as the determiner after an article, "en slik rutine")
_BACK_REFERENCE = re.compile(r"\b(?:dem|dei|han|hun|ho|henne|ham|honom|dette|disse|desse|slike|slikt|sånne|sånt|"
                             r"(?:en|ei|ein)\s+(?:slik|sånn))\b", re.IGNORECASE)


SELF_CONTAINED_WORDS = 2  # an asked sentence with fewer content words than this asks about the sentence before it


# The question words of bokmål and nynorsk (one list: `without_closing_remarks` and the answer judgement read them)
WH_WORDS = r"hva|kva|hvilke[nt]?|hvor|kor|når|hvem|kven|hvordan|korleis|hvorfor|kvifor"


def _asks(sentence: str) -> bool:
    """An interrogative sentence: one ending in "?" (users rarely write questions any other way)."""
    return sentence.rstrip().endswith("?")


def without_closing_remarks(question: str) -> str:
    """The question up to its last asked sentence (all of it when none ends in "?"): the sentences after it are a
    remark on why it is asked ("… Skal forklare det for noen nye på NAV og vil ha det kort", "Sjefen spør,
    trenger svar i dag"), not what is asked, and they pulled the rankers to other units. The scene before the
    question stays: it often names what the question asks about. A question after it written without its "?" is
    asked too (`_ASKS_UNMARKED`: "kan vi melde avvik …? hva fant SF om avvik i bydelene"). Measured in
    BENCHMARKS.md (twenty-eighth round)."""
    sentences = split_sentences(question)
    marked = [i for i, s in enumerate(sentences) if _asks(s)]
    if not marked:
        return question
    last = max(i for i, s in enumerate(sentences) if i in marked or (i > marked[0] and _ASKS_UNMARKED.match(s)))
    return question if last == len(sentences) - 1 else " ".join(sentences[:last + 1])


# A question written without its "?" after one that has it ("kan vi melde avvik …? hva fant SF om avvik i bydelene"):
# it opens with a question word, or with a verb of duty, permission or being before its subject ("kan de tvinge oss
# til noe"). Such a sentence is asked, not remarked.
_ASKS_UNMARKED = re.compile(rf"^\W*(?:(?:{WH_WORDS})\b|"
                            r"(?:må|kan|skal|bør|er|har|får|gjelder|gjeld|trenger|treng)\s+(?:vi|de|dei|dere|dykk|me|"
                            r"jeg|eg|det|man|ein|en|hun|ho|han|bydelen|kommunen|krisesenteret|sf|nav)\b)", re.IGNORECASE)


def asked_sentences(question: str, *, antecedents: bool = False, bare_questions: bool = True) -> str:
    """A question's interrogative sentences (all of it when none ends in "?"). Why: users set the scene
    first ("Eg er tolk. Skal ein ta omsyn til språket …?"), and how much of the question a unit covers
    is about what is asked, not about who asks (`bot.retrieval.features.coverage`); the answering
    layer narrows it further (`bot.answering.sentences.asked_part`).

    `antecedents`: an asked sentence that refers back with a pronoun keeps the sentence before it, where
    the thing it asks about was named (for coverage, which counts the asked words a unit holds). With
    `bare_questions`, so does an asked sentence too short to be scored alone (fewer than
    `SELF_CONTAINED_WORDS` content words: "Stemmer det?", "Er det lov?", "Hvem avgjør det?", and also "Hva med
    internkontrollen?"), which asks about the scene before it whatever its pronoun. Which law is asked about
    (`where_laws_are_asked`) reads the pronoun rule only: "Barnet har en koordinator etter hol § 7-2 a. Hvem
    har ansvaret?" does not ask about helse- og omsorgstjenesteloven § 7-2 a."""
    sentences = split_sentences(question)
    asked = [i for i, s in enumerate(sentences) if _asks(s)]
    if not asked:
        return " ".join(sentences)
    keep = set(asked)
    if antecedents:
        keep |= {i - 1 for i in asked if i > 0 and (
            _BACK_REFERENCE.search(sentences[i])
            or (bare_questions and len(content_words(sentences[i])) < SELF_CONTAINED_WORDS))}
    return " ".join(s for i, s in enumerate(sentences) if i in keep)


# ", og hvem …?", ", og må vi …?": a second question joined to the first in one sentence ("Er svaret et vedtak hun
# kan klage på, og hvem behandler klagen?"); a dash does the same as the comma ("… kan hun klage – og hvem avgjør
# klagen?"); without either, "og" mostly joins two parts of one question ("må avtalen være skriftlig og vedtas
# politisk?"), and a verb without its subject after it continues a statement ("Hun har søkt om bolig, og har fått
# avslag, kan hun klage?")
_SECOND_QUESTION = re.compile(
    r"(?:,|\s[–—-])\s*og\s+(?=(?:hvem|hva|hvor|hvordan|hvorfor|når|hvilke[nt]?|kven|kva|kor|korleis|kvifor)\b|"
    r"(?:må|kan|skal|bør|får|er|har|gjelder|gjeld)\s+(?:vi|me|jeg|eg|du|dere|de|dei|hun|ho|han|den|det|man|ein|en|"
    r"kommunen|bydelen|krisesenteret|senteret|statsforvalteren|sf|nav)\b)", re.IGNORECASE)


def asked_questions(question: str) -> list[str]:
    """The separate questions a message asks: its sentences ending in "?", each cut where ", og" opens a
    second question. Why: "two questions in one" ("… et vedtak hun kan klage på, og hvem behandler klagen?")
    is answered by two ledd, and the one that answers the second part shares fewer of the message's words."""
    asked = [s for s in split_sentences(question) if _asks(s)]
    return [part.strip() for sentence in asked for part in _SECOND_QUESTION.split(sentence) if part.strip()]


# an asked sentence that refers back to a law named before it ("Vi bruker forvaltningsloven. Hva sier den
# om …?"); "den" is also a determiner ("den bydelen"): then the whole question is read, as before
_REFERS_TO_LAW = re.compile(r"\b(?:den|denne|loven|lova|lovens|forskriften|forskrifta|paragrafen|paragrafene|bestemmelsen|"
                            r"bestemmelsene|føresegna|føresegnene)\b", re.IGNORECASE)


TOPIC_WORDS = 2  # a line of at most this many words before the question is its topic ("Forvaltningsloven:")
_TOPIC_LINE = re.compile(r"^\W*(?:(?:jeg|eg|vi|me)\s+(?:har|lurer på)\s+(?:et|eit|noen|nokre|to)\s+)?(?:spørsmål|spm\.?)\s+"
                         r"(?:om|angående|ang\.?|vedrørende|vedr\.?|til)\b|^\W*(?:gjelder|gjeld|angående|ang\.|vedrørende|"
                         r"vedr\.|tema)\b", re.IGNORECASE)


def where_laws_are_asked(question: str) -> str:
    """The part of a question whose law names say which law is asked about: the asked sentences, or the
    whole question when they refer back to a law named before. Why: a law named in the scene set before
    the question ("… boligoversikten etter boligsosialloven skal inn der", "En beboer har IP etter
    helse- og omsorgstjenesteloven. Har krisesenteret plikt til å delta?") is context, not the law asked
    about; a law named where the question is asked is."""
    asked = asked_sentences(question, antecedents=True, bare_questions=False)
    if _REFERS_TO_LAW.search(asked):
        return question
    # a line before the question that names its topic is no scene ("Spørsmål om barnevernloven.", "Gjelder
    # forvaltningsloven.", "Jeg har et spørsmål om …", "Forvaltningsloven:"); one that sets a scene is ("Jeg
    # jobber etter helse- og omsorgstjenesteloven.", "En beboer har IP etter … loven.")
    topics = [s for s in split_sentences(question) if not _asks(s)
              and (_TOPIC_LINE.search(s) or len(words(s)) <= TOPIC_WORDS) and s not in asked]
    return " ".join([*topics, asked]) if topics and asked != question else asked


# A condition that opens a sentence, up to its comma ("Hvis barnet har fått koordinator etter helse- og
# omsorgstjenesteloven, hvem skal …?", "Når … , kven …?"): what follows the comma is asked. Not a topic opener
# ("Når det gjelder barnevernloven, …", "Hvis vi ser på …"), not "når" asking when ("Når må kommunen …, og
# hvem …?": "når" before a verb), and not when what follows goes on with "og"/"men" or points back at the law
# ("…, hva sier loven om …?").
_LEADING_CONDITION = re.compile(
    r"^\W*(?:hvis|dersom|viss|når|om)\b"
    r"(?!\s+(?:det\s+(?:gjelder|gjeld|kommer|kjem)|vi\s+ser|me\s+ser|man\s+ser|ein\s+ser|en\s+ser)\b)"
    r"(?!\s+(?:må|skal|kan|bør|er|har|får|blir|vil|var|ble|vart|gjelder|gjeld|kommer|kjem|trer|tek|tar)\b)"
    r"[^,.!?]*,\s*(?!(?:og|men|eller)\b)(?=\w)", re.IGNORECASE)


def without_conditions(text: str) -> str:
    """`text` without the condition that opens each sentence. Why: a law or § the index lacks, named in such a
    condition, describes the case asked about, not the law asked about ("Hvis barnet allerede har koordinator
    etter helse- og omsorgstjenesteloven, hvem skal da samordne tjenestene?" asks about krisesenterlova), so it is
    no ground to decline; the decision to answer weighs what the sentence asks after the comma. A sentence whose
    rest refers back to a law ("…, hva sier loven om …?") keeps its condition: that law is the one asked about."""
    out = []
    for sentence in split_sentences(text):
        rest = _LEADING_CONDITION.sub("", sentence)
        out.append(sentence if _REFERS_TO_LAW.search(rest) else rest)
    return " ".join(out)


def content_words(text: str) -> list[str]:
    """Words that carry topic: bokmål-normalised, stopwords and one-letter tokens removed."""
    result = []
    for word in words(text):
        word = to_bokmal(word)
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        result.append(word)
    return result


class Analyzer:
    """Turns text into index terms. `stemming=False` gives the plain-BM25 baseline."""

    def __init__(self, *, stemming: bool = True, vocabulary: Iterable[str] = ()) -> None:
        self.stemming = stemming
        self.vocabulary: set[str] = set()
        self.add_vocabulary(vocabulary)

    def add_vocabulary(self, vocabulary: Iterable[str]) -> None:
        """Known stems, used to decide whether a split of a compound gives two real words."""
        self.vocabulary.update(vocabulary)
        self._split.cache_clear()

    def key(self, word: str) -> str:
        return stem(word) if self.stemming else word

    def terms(self, text: str, *, split_compounds: bool = True) -> list[str]:
        """Index terms of `text`: one per content word, plus compound parts when they are known."""
        if not self.stemming:
            return [w for w in words(text) if w not in STOPWORDS]
        out: list[str] = []
        for word in content_words(text):
            out.append(stem(word))
            if split_compounds and 9 <= len(word) <= MAX_SPLIT_CHARS and not word.isdigit():
                out.extend(self._split(word))
        return out

    def compound_parts(self, word: str) -> tuple[str, ...]:
        """Stems of the two known parts of a compound word; for a noun in -ing, its base's stem alone (so a text holding
        the verb, "endre", counts as holding the noun, "endringer", in coverage and the focus checks); () when it is
        neither."""
        return self._split(word) if self.stemming and 9 <= len(word) <= MAX_SPLIT_CHARS else ()

    @lru_cache(maxsize=SPLIT_CACHE_SIZE)  # noqa: B019 - bound to the analyzer's vocabulary, cleared on change
    def _split(self, word: str) -> tuple[str, ...]:
        """Best split of a compound into two known stems (linking -s-/-e- allowed), else (). A noun made from a
        verb by the suffix -ing ("endringer", "behandlingen") is no compound: it yields its base's stem alone
        ("endr", as "endre" stems), which links it to its verb, and never the suffix (`NOMINAL_SUFFIX`)."""
        if len(word) > MAX_SPLIT_CHARS:  # guard for callers that skip the public checks
            return ()
        best: tuple[str, ...] = ()
        best_len = 0
        for i in range(4, len(word) - 3):
            left, right = word[:i], word[i:]
            right_stem = stem(right)
            derived = NOMINAL_SUFFIX.fullmatch(right) is not None
            if not derived and right_stem not in self.vocabulary:
                continue
            for candidate in (left, left[:-1] if left[-1] in "se" else None):
                if candidate and len(candidate) >= 3 and stem(candidate) in self.vocabulary:
                    shorter = min(len(candidate), len(right))
                    if shorter > best_len:
                        best, best_len = ((stem(candidate),) if derived else (stem(candidate), right_stem)), shorter
                    break
        return best

    @staticmethod
    def vocabulary_of(texts: Iterable[str]) -> set[str]:
        """The stems of the texts' content words (no compound parts): the vocabulary a split is checked against,
        and the words the intent model reads (`bot.retrieval.ranker.intent_terms`)."""
        return {stem(w) for t in texts for w in content_words(t)}


def expand_query(text: str) -> list[tuple[str, float]]:
    """Query words with weights: the words themselves (1.0) and domain synonyms (0.5)."""
    expanded: list[tuple[str, float]] = []
    for word in words(text):
        word = to_bokmal(word)
        for synonym in SYNONYMS.get(word, ()):
            expanded.append((synonym, 0.5))
    return expanded
