"""Pick the 1–3 passages or sentences to quote from the top hits.

Why whole ledd where possible: a ledd is the unit Norwegian law is cited by, and quoting it whole
keeps conditions and exceptions together. A paragraph of the letter is quoted whole too, up to a
little more (MAX_PARAGRAPH_CHARS): readers found that picking its sentences by shared words often left
out the one that answers (users ask in other words than the letter's). Longer ledd and paragraphs are
cut into sentences so a Slack answer stays short. Scoring is IDF-weighted overlap with the question's terms, with a
prior for better-ranked hits, so the quote comes from what retrieval trusted most.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.answering.citations import and_listed
from bot.answering.relevance import asked_concepts, concepts, relevance
from bot.domain import BULLET, Chunk, Passage, SearchHit, SourceKind, with_list_items
from bot.retrieval.features import provision_of
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.text import NUMBER_RE, asked_questions, asked_sentences, normalise, split_sentences, stem, words
from bot.texts import answers as answer_texts

MAX_UNIT_CHARS = 330  # longer sentences groups are not merged further
# a ledd (with its lettered items) that fits the quote budget is quoted whole: cut into items or sentences, the
# decisive one was often the one left out (700 until 2026-12-03: on the 113 tuning answers that changed, a
# reader's blind grades went from 64 correct / 28 partial / 6 wrong to 93 / 2 / 3)
MAX_LEDD_CHARS = 900
# a paragraph of a letter is one finding: what was found, Statsforvalteren's assessment, its advice. Cut into
# sentences, the one sharing the question's words was quoted and the assessment left out (three readers on the
# paragraph "Ny samarbeidsavtale", 904 characters). The letter's longest paragraph has 1,034 characters.
MAX_PARAGRAPH_CHARS = 1100
INTRO_CHARS = 160  # a ledd's opening words up to this length are repeated before each lettered item
# a list asked about as a whole ("hva må planen minst inneholde?") is quoted with all its items up to this length:
# cut to the three items that shared the most words, IP-forskrifta § 9 tredje ledd read as if a–c were the list
# (two readers, twenty-first round: "partial, only a–c of the ten items"). The corpus's longest list in the
# domain, that ledd, has 1,257 characters.
MAX_LIST_CHARS = 1300
LEDD_KINDS = (SourceKind.LAW, SourceKind.REGULATION, SourceKind.AMENDING_ACT)  # quoted by whole ledd
COUNT_BONUS = 0.3  # "hvor mange/lenge/hvorfor/hva menes ...?": a number, time, reason or definition answers it
_COUNT_QUESTION = re.compile(r"\b(hvor|kor) mange\b|\bantall\b|\bhvor (stor|stort) (andel|del)\b", re.IGNORECASE)
_TIME_QUESTION = re.compile(r"\bhvor lang tid\b|\bhvor lenge\b|\bkor lenge\b|\bhvor ofte\b|\bkor ofte\b|"
                            r"\bnår\b|\bfrist\w*|\bkor tid\b|\bhvilken dato\b", re.IGNORECASE)
_TIME = re.compile(r"\b(år|året|måned\w*|månad\w*|uke\w*|veke\w*|dag\w*|frist\w*|senest|seinast|innen|innan|"
                   r"dato|\d{4}|i kraft|gang i)\b", re.IGNORECASE)
_WHY_QUESTION = re.compile(r"\bhvorfor\b|\bkvifor\b|\bgrunnen\b|\bbegrunn\w*", re.IGNORECASE)
_REASON = re.compile(r"\b(fordi|derfor|for å|slik at|bidrar til|bidra til|avgjørende|formålet|hensikten|"
                     r"på bakgrunn av|som følge av|fare for|sikre at|sikre)\b", re.IGNORECASE)
_DEFINITION_QUESTION = re.compile(r"\b(menes|meint|meinast|betyr|tyder|definisjon\w*|definer\w*|forstås)\b", re.IGNORECASE)
_DEFINITION = re.compile(r"\b(menes|meinast|meint|forstås|definisjon\w*|vil seie|vil si)\b", re.IGNORECASE)
MAX_QUOTE_CHARS = 900  # total quoted text in one answer
IN_ORDER_CHARS = 700  # "hva sier § X?": a little more, so the first two ledd usually fit
MAX_UNITS = 3
HEADING_CREDIT = 0.5  # a question word found only in the unit's heading counts half
RANK_PRIOR = (0.2, 0.1, 0.05, 0.0)  # bonus for units from the 1st, 2nd, 3rd ... hit
FOLLOWER_SHARE = 0.6  # a further unit must score at least this share of the best one
DISTINCT_WEIGHT = 0.5  # weight of `relevance` (rare terms, phrases) in the ranking score
FOLLOWER_RELEVANCE = 0.7  # ... and cover the question, on its own, nearly as well as the best one
KIND_RELIEF = 0.5  # ... or half as well when it holds the kind of fact asked for ("fire år" for "hvor lang tid")

# A sentence that refers back to the one before it (they are quoted together)
_ANAPHORA = re.compile(r"^(Denne|Dette|Disse|Dei|Slik|Dermed|Derfor|Likevel)\b")
# A sentence opening on a definite noun ("Loven", "Planen", "Avtala"), read as a definite description
_DEFINITE_OPENING = re.compile(r"^([A-ZÆØÅ][a-zæøå]{2,}(?:en|et|a|ene|ane))\b")


@dataclass
class Unit:
    """A quotable piece: one passage or one sentence of it, with where it came from."""

    hit_index: int
    chunk: Chunk
    passage: Passage | None
    text: str
    order: int  # position inside the chunk
    score: float = 0.0
    relevance: float = 0.0  # how well this unit alone (with its heading) covers the question, 0..1
    answers_kind: bool = False  # holds the kind of fact asked for (a number, a time, a reason, a definition)
    part_relevance: tuple[float, ...] = ()  # `relevance` to each question a message asks, when it asks several
    items: tuple[str, ...] = ()  # the letters of the list items a whole ledd quoted as one unit holds
    intro: str = ""  # a list item's: the opening words of its ledd, repeated before it
    intro_relevance: float = 0.0  # how well those opening words alone cover the question


# A clause that sets the scene rather than asks: "… da SF hadde tilsyn med bydelene?", "… når SF har
# konkludert med lovbrudd?". A subordinating conjunction after a word (not the question word opening
# the sentence, not "innen når") starts it; it runs to the next comma or the end.
_SCENE_CLAUSE = re.compile(r"(?<=\w)(?<!\binnen)(?<!\binnan)\s+(?:når|da|då|dersom|hvis|viss|etter at|fordi)\b[^,;?]*", re.IGNORECASE)


def asked_part(question: str) -> str:
    """What a question asks: its interrogative sentences without scene-setting clauses. The one reading
    of it for the findings routing (`bot.findings.query`) and the kind of fact asked for
    (`bot.answering.abstention`).

    Why: users set the scene before they ask. "Vi fikk lovbrudd. Hva forventer SF at vi leverer?" and
    "Var boligsosialloven en del av lovgrunnlaget da SF hadde tilsyn med bydelene?" mention lovbrudd
    and tilsyn only on the way to asking what the letter says; "… når det gjaldt hvor lenge de ble
    boende" does not ask for a duration. A question without a question mark is read whole."""
    return _SCENE_CLAUSE.sub(" ", asked_sentences(question))


def quotable_passages(chunk: Chunk) -> list[Passage]:
    """Passages worth quoting. In an amending act, lines without a ledd are editing instructions
    ("§ 2 andre og tredje ledd skal lyde:"), not law, so they are left out when ledd exist."""
    if chunk.kind is SourceKind.AMENDING_ACT and any(p.ledd is not None for p in chunk.passages):
        return [p for p in chunk.passages if p.ledd is not None]
    return list(chunk.passages)


def is_empty_section(chunk: Chunk) -> bool:
    """A § that is only a heading in the consolidated text (e.g. added by a law not yet applied)."""
    return chunk.kind in (SourceKind.LAW, SourceKind.REGULATION) and all(p.ledd is None for p in chunk.passages)


def _sentence_units(text: str) -> list[str]:
    """Sentences, each carrying the following sentences that refer back to it ("Denne planen ...",
    "Boligsosial lov … pålegger kommunen … . Loven var ikke en del av lovgrunnlaget …")."""
    sentences = split_sentences(text)
    units: list[str] = []
    for sentence in sentences:
        refers_back = bool(units) and (_ANAPHORA.match(sentence) is not None or _takes_up(units[-1], sentence))
        if refers_back and len(units[-1]) + len(sentence) < MAX_UNIT_CHARS * 1.5:
            units[-1] = f"{units[-1]} {sentence}"
        else:
            units.append(sentence)
    return units


def _takes_up(before: str, sentence: str) -> bool:
    """Whether a sentence opens on the definite form of a noun the text before introduced in another
    form ("… Boligsosial lov av 01.07.23 § 5 pålegger …" then "Loven var ikke en del av lovgrunnlaget
    …"). Why: a definite description takes up what was just named, so the sentence says nothing on its
    own. Quoted apart, the sentence that names the law was chosen and the one that answers was cut
    (four writers asked whether the law was part of the inspection; the quote never said "ikke")."""
    match = _DEFINITE_OPENING.match(sentence)
    if match is None:
        return False
    # a word that only looks definite ("Ingen", "Innen") takes nothing up: no other form of it stands before
    opening = normalise(match.group(1))
    key = stem(opening)
    return key != opening and any(w != opening and stem(w) == key for w in words(before))


def _ledd_groups(passages: Sequence[Passage]) -> list[list[Passage]]:
    """Consecutive passages of the same ledd (a ledd's opening words and its lettered items)."""
    groups: list[list[Passage]] = []
    for passage in passages:
        if groups and passage.ledd is not None and groups[-1][0].ledd == passage.ledd and passage.bokstav:
            groups[-1].append(passage)
        else:
            groups.append([passage])
    return groups


def units_of(hit: SearchHit, hit_index: int) -> list[Unit]:
    """Quotable units of a hit. Law: whole ledd when short, else its sentences or lettered items
    (each prefixed by the ledd's opening words when those are short). Other documents: whole paragraphs
    when short, else sentences (`_document_units`)."""
    chunk = hit.chunk
    passages = quotable_passages(chunk) or [Passage(text=p) for p in re.split(r"\n\s*\n", chunk.text) if p.strip()]
    units: list[Unit] = []

    def add(passage: Passage | None, text: str, items: tuple[str, ...] = (), intro: str = "") -> None:
        units.append(Unit(hit_index, chunk, passage, text, len(units), items=items, intro=intro))

    if chunk.kind not in LEDD_KINDS:
        for passage, text in _document_units(passages):
            add(passage, text)
        return units
    for group in _ledd_groups(passages):
        head = group[0] if group[0].bokstav is None else None
        items = [p for p in group if p.bokstav]
        head_text = _clean(head.text) if head else ""
        whole = _list_text(head_text, items)
        if len(whole) <= MAX_LEDD_CHARS:
            add(head or Passage(text=whole, ledd=group[0].ledd), whole, tuple(p.bokstav for p in items if p.bokstav))
            continue
        if head_text:
            for piece in [head_text] if len(head_text) <= MAX_UNIT_CHARS else _sentence_units(head_text):
                if not (items and piece == head_text and head_text.endswith((":", "er", "om"))):
                    add(head, piece)
        for item in items:
            intro = head_text if len(head_text) <= INTRO_CHARS else ""
            add(item, f"{intro} … {item.bokstav}) {_clean(item.text)}" if intro else f"{item.bokstav}) {_clean(item.text)}",
                intro=intro)
    return units


def _list_text(intro: str, items: Sequence[Passage]) -> str:
    """A ledd as it is quoted whole: its opening words, then "a) … b) …"."""
    return " ".join([intro, *(f"{p.bokstav}) {_clean(p.text)}" for p in items)]).strip()


def _document_units(passages: Sequence[Passage]) -> list[tuple[Passage, str]]:
    """A document's quotable pieces. A paragraph up to MAX_PARAGRAPH_CHARS is quoted whole, with the list it
    introduces ("… følgende dokumenter:" + its items): it is the document's ledd, and picking its
    sentences by shared words often left out the one that answers (users ask in other words than the
    letter's). A longer paragraph is cut into sentences, its lead-in sentence kept with its list. Items
    the paragraph does not introduce are pieces of their own, cut into sentences the same way."""
    pieces: list[tuple[Passage, str]] = []
    for passage, *items in with_list_items(passages):
        text = _clean(passage.text)
        introduces = bool(items) and text.endswith(":")
        listed = [_clean(item.text) for item in items] if introduces else []
        whole = " ".join([text, *listed])
        if len(whole) <= MAX_PARAGRAPH_CHARS:
            pieces.append((passage, whole))
        else:
            sentences = _sentence_units(text)
            if listed and sentences:
                *sentences, lead = sentences
                sentences.append(" ".join([lead, *listed]))  # the lead-in is never quoted alone
            pieces.extend((passage, sentence) for sentence in sentences)
        if not introduces:
            pieces.extend((item, piece) for item in items for piece in _sentence_units(_clean(item.text)))
    return pieces


def _clean(text: str) -> str:
    return " ".join(text.split())


def score_units(units: Sequence[Unit], terms: Mapping[str, float], keyword: KeywordIndex, question: str = "") -> None:
    """IDF-weighted share of the question's terms in each unit, plus the rank prior (and a count bonus)."""
    counting = bool(_COUNT_QUESTION.search(question))
    timing = bool(_TIME_QUESTION.search(question))
    asking_why = bool(_WHY_QUESTION.search(question))
    defining = bool(_DEFINITION_QUESTION.search(question))
    total = sum(keyword.term_idf(t) * w for t, w in terms.items()) or 1.0
    headings: dict[int, set[str]] = {}
    # how well a unit answers is read from what is asked (`asked_concepts`); the scene's words still count in
    # the overlap with the ranked terms
    asked = asked_concepts(question, asked_sentences(question, antecedents=True), keyword,
                           {u.text for u in units}) if question else []
    questions = asked_questions(question) if question else []
    # a message that asks two things ("… et vedtak hun kan klage på, og hvem behandler klagen?"): how well a unit
    # answers each, so that each gets the unit that answers it (`select`)
    per_question = [concepts(q, keyword, {u.text for u in units}) for q in questions] if len(questions) > 1 else []
    for unit in units:
        # a ledd belongs to its § ("krisesenterlova § 1 Formålet med lova"): its heading words count too
        if unit.hit_index not in headings:
            chunk = unit.chunk
            headings[unit.hit_index] = set(keyword.analyzer.terms(" ".join(
                [chunk.short_title, chunk.section_title] if chunk.kind in LEDD_KINDS else [chunk.section])))
        own = set(keyword.analyzer.terms(unit.text))
        overlap = sum(keyword.term_idf(t) * w * (1.0 if t in own else HEADING_CREDIT)
                      for t, w in terms.items() if t in own or t in headings[unit.hit_index])
        prior = RANK_PRIOR[min(unit.hit_index, len(RANK_PRIOR) - 1)]
        unit.relevance = relevance(unit.text, _heading(unit.chunk), asked, keyword) if asked else 0.0
        unit.part_relevance = tuple(relevance(unit.text, _heading(unit.chunk), c, keyword) for c in per_question)
        unit.intro_relevance = relevance(unit.intro, _heading(unit.chunk), asked, keyword) if asked and unit.intro else 0.0
        unit.score = overlap / total + DISTINCT_WEIGHT * unit.relevance + prior
        unit.answers_kind = bool((counting and NUMBER_RE.search(unit.text)) or (timing and _TIME.search(unit.text))
                                 or (asking_why and _REASON.search(unit.text))
                                 or (defining and _DEFINITION.search(unit.text)))
        if unit.answers_kind:
            unit.score += COUNT_BONUS


def _heading(chunk: Chunk) -> str:
    return chunk.section_title if chunk.kind in LEDD_KINDS else chunk.section


def select(units: Sequence[Unit], *, in_order: bool = False, budget: int = MAX_QUOTE_CHARS,
           gate: bool = True, best_first: bool = False,
           named_ledd: Collection[tuple[str, str, int]] = ()) -> list[Unit]:
    """The best unit plus up to two more that score nearly as well and fit the length budget.

    `in_order=True` (a § named without further topic words) quotes the hit's passages from the top.
    `best_first`: the best unit leads, the others follow in their hits' order (a named § asked about
    something in it: "i kva ledd i § 3 står kravet om tolk?" must lead with the ledd on the interpreter,
    as the answer's first line names the first quote, not with § 3 første ledd above it).
    `named_ledd`: the (doc, §, ledd) the question names without a list item ("§ 9 tredje ledd"): when the best
    unit is an item of such a ledd, the ledd is quoted whole, opening words and all its items (`_whole_list`).
    """
    if not units:
        return []
    if in_order:
        limit = max(budget, IN_ORDER_CHARS)
        chosen = _from_the_top(units, limit)
        if len(chosen) < len(units):  # the § does not fit whole: its ledd's opening sentences, if they all fit
            openings = _openings(units)
            outline = _from_the_top(openings, limit)
            if len(outline) == len(openings) > len({ledd_key(u) for u in chosen}):
                return outline
        return chosen
    ranked = sorted(units, key=lambda u: (-u.score, u.hit_index, u.order))
    best = ranked[0]
    chosen = [best]
    used = len(best.text)
    whole_list = _whole_list(best, units, named=ledd_key(best) in named_ledd)
    if whole_list is not None:  # the ledd, whole, is the answer: no further quote beside it
        chosen, used = [whole_list], len(whole_list.text)
    for unit in ranked[1:] if whole_list is None else ():
        if len(chosen) >= MAX_UNITS or unit.score < FOLLOWER_SHARE * best.score or unit.score <= RANK_PRIOR[-1]:
            break
        needed = FOLLOWER_RELEVANCE * best.relevance * (KIND_RELIEF if unit.answers_kind else 1.0)
        if gate and unit.relevance < needed:
            continue  # high only through its rank or a bonus: it does not answer what was asked
        if used + len(unit.text) > budget or unit.text in {u.text for u in chosen}:
            continue
        chosen.append(unit)
        used += len(unit.text)
    # a message that asks two things of one provision ("… et vedtak hun kan klage på, og hvem behandler klagen?"):
    # each gets the ledd of the best unit's § that answers it, quoted after what answers the whole (the answer's
    # first line names the first quote). Only from that §: another provision matching a short second question
    # ("… og hvem skal sørge for det?") on a word or two was no answer to it
    seconds: list[Unit] = []
    provision = [u for u in units if provision_of(u.chunk) == provision_of(best.chunk)]
    for part in range(len(best.part_relevance)):
        answering = max(provision, key=lambda u: (_part(u, part), u.score))
        covers = _part(answering, part)
        quoted = [*chosen, *seconds]
        if (len(quoted) >= MAX_UNITS or answering in quoted or answering.score <= RANK_PRIOR[-1]
                or covers < FOLLOWER_RELEVANCE * best.relevance
                or max(_part(u, part) for u in quoted) >= FOLLOWER_RELEVANCE * covers
                or used + len(answering.text) > budget or answering.text in {u.text for u in quoted}
                # an item of a ledd already quoted would repeat its opening words, and be dropped as a duplicate
                or (answering.passage is not None and answering.passage.bokstav is not None
                    and ledd_key(answering) in {ledd_key(u) for u in quoted})):
            continue  # the quotes chosen answer this part (nearly) as well, or nothing answers it
        seconds.append(answering)
        used += len(answering.text)
    merged = merge_items(sorted(chosen, key=lambda u: (u.hit_index, u.order)))
    if best_first:
        # the quote that holds the best unit (a merged list item's run starts at its first item) leads
        lead = max((u for u in merged if u.hit_index == best.hit_index and u.order <= best.order), key=lambda u: u.order)
        merged = [lead, *(u for u in merged if u is not lead)]
    return [*merged, *seconds]


def _whole_list(best: Unit, units: Sequence[Unit], *, named: bool = False) -> Unit | None:
    """The best unit's whole list, one quote cited as its ledd, when the question asks about the list as a
    whole; else None.

    Why: a ledd too long to quote whole is quoted by item, and the items chosen are those sharing the most
    words with the question. When the best item's own words add nothing to what its ledd's opening words
    already cover ("hva skal en individuell plan minst inneholde?" against "Planen skal blant annet inneholde
    følgende:"), the question asks for the list, and three items of ten read as the whole of it. An item the
    question names by its own words ("må planen ha med samtykket?") covers more than the opening words, and is
    quoted alone as before, unless the question `named` the ledd by number and no item of it: "hva skal planen
    inneholde etter § 9 tredje ledd?" asks for that ledd, and words of the message's scene ("for en beboer med
    to barn") made items g and d its answer."""
    if not best.intro or best.passage is None or not best.passage.bokstav:
        return None
    if best.intro_relevance < best.relevance and not named:
        return None
    items = sorted((u for u in units if u.hit_index == best.hit_index and u.intro == best.intro
                    and u.passage is not None and u.passage.bokstav and u.passage.ledd == best.passage.ledd),
                   key=lambda u: u.order)
    passages = [u.passage for u in items if u.passage is not None]
    text = _list_text(best.intro, passages)
    if len(items) < 2 or len(text) > MAX_LIST_CHARS:
        return None
    return Unit(items[0].hit_index, items[0].chunk, Passage(text=best.intro, ledd=best.passage.ledd), text,
                items[0].order, best.score, best.relevance, items=tuple(p.bokstav for p in passages if p.bokstav))


def _part(unit: Unit, part: int) -> float:
    """A unit's relevance to the message's `part`-th question (0 for a unit scored without them)."""
    return unit.part_relevance[part] if part < len(unit.part_relevance) else 0.0


def _from_the_top(units: Sequence[Unit], limit: int) -> list[Unit]:
    chosen: list[Unit] = []
    used = 0
    for unit in units:
        if chosen and (used + len(unit.text) > limit or len(chosen) >= MAX_UNITS):
            break
        chosen.append(unit)
        used += len(unit.text)
    return chosen


def ledd_key(unit: Unit) -> tuple[str, str, int]:
    """Which ledd of which § a unit belongs to (a § may be split over several chunks)."""
    ledd = unit.passage.ledd if unit.passage and unit.passage.ledd else -unit.order - 1
    return unit.chunk.doc_id, unit.chunk.section_key, ledd


def _openings(units: Sequence[Unit]) -> list[Unit]:
    """The first sentence of each ledd, in order: a long § read as an outline instead of being cut
    after its first ledd (the later ledd often hold the duty asked about, e.g. koml. § 30-7 on dialog)."""
    out: list[Unit] = []
    seen: set[tuple[str, str, int]] = set()
    for unit in units:
        key = ledd_key(unit)
        if key in seen:
            continue
        seen.add(key)
        first = split_sentences(unit.text)[0] if not (unit.passage and unit.passage.bokstav) else unit.text
        out.append(Unit(unit.hit_index, unit.chunk, unit.passage, first, unit.order, unit.score, unit.relevance))
    return out


def merge_items(units: Sequence[Unit]) -> list[Unit]:
    """Lettered items of one ledd chosen together become one quote: intro once, then "a) … b) …". (The
    letters merged so far are kept beside each quote, not read back from the label built for it.)"""
    out: list[Unit] = []
    letters: list[list[str]] = []  # per quote in `out`: the letters it holds
    for unit in units:
        last = out[-1] if out else None
        same_ledd = (last is not None and last.hit_index == unit.hit_index and unit.passage is not None
                     and last.passage is not None and unit.passage.bokstav and last.passage.bokstav
                     and last.passage.ledd == unit.passage.ledd)
        if not same_ledd:
            out.append(unit)
            letters.append([unit.passage.bokstav] if unit.passage is not None and unit.passage.bokstav else [])
            continue
        assert last is not None and last.passage is not None and unit.passage is not None
        assert unit.passage.bokstav is not None  # a lettered item
        item = unit.text.split(" … ", 1)[-1]
        letters[-1].append(unit.passage.bokstav)
        merged = Passage(text=last.passage.text, ledd=last.passage.ledd, bokstav=and_listed(letters[-1]))
        out[-1] = Unit(last.hit_index, last.chunk, merged, f"{last.text} {item}", last.order, last.score)
    return out


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis: quotes must stay readable in Slack. A list with its
    lead-in ("… følgende: • a • b") is cut after its last whole item that fits, saying how many are
    left, so no item is quoted half. Only when not even the first item fits (a lead-in and item of
    nearly the whole limit; none in today's corpus) is the text cut at a word inside that item, never
    on a bare bullet."""
    if len(text) <= limit:
        return text
    marker = " " + BULLET
    items = text.split(marker)
    if len(items) > 2:
        kept = 1
        while kept < len(items) and len(marker.join(items[: kept + 1])) <= limit:
            kept += 1
        if kept > 1:
            return marker.join(items[:kept]) + answer_texts.MORE_LIST_ITEMS.format(n=len(items) - kept)
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:" + BULLET).rstrip() + " …"
