"""Compose a grounded extractive answer from retrieved hits: quotes, citations, currency notes.

Why a separate step from retrieval: the evaluation runs the same composer over the baselines'
hits, and the LLM step (bot.generation) falls back to exactly this answer when it cannot verify
its own citations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from bot.answering import abstention
from bot.answering.citations import (
    and_listed,
    citation,
    commentary_label,
    label,
    law_name,
    ordinal,
)
from bot.answering.currency import (
    amendment_note,
    assess,
    change_in_force,
    counted_from_in_force,
    in_force_date,
    in_force_footnotes,
    new_ledd,
    repealed,
    replaced_ledd,
)
from bot.answering.sentences import MAX_LIST_CHARS, MAX_PARAGRAPH_CHARS, Unit, asked_part, ledd_key, score_units, select, shorten, units_of
from bot.dates import iso_long
from bot.domain import Answer, Chunk, Citation, Passage, SearchHit, SourceKind
from bot.retrieval.features import law_of, made_to_apply, provision_of
from bot.retrieval.hybrid import Retrieval
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.ranker import AnswerModel
from bot.retrieval.references import (
    IN_FORCE,
    ReferenceParser,
    SectionRef,
    act_name,
    acts_cited,
    canonical,
    is_act_id,
    mentions_in_force,
    renumbered_ledd,
    renumbering_sentences,
    section_display,
)
from bot.retrieval.text import asked_questions, content_words, spell_out, stem, where_laws_are_asked, without_conditions
from bot.texts import answers as texts

QUOTE_HITS = 3  # quotes come from the top three hits only
# One quote longer than this is shortened. Ledd over MAX_LEDD_CHARS and paragraphs over MAX_PARAGRAPH_CHARS
# are quoted by sentence or item, so the limit meets only lettered items of one ledd merged into one quote (a
# list asked about as a whole, up to MAX_LIST_CHARS) and a rare single long sentence; the answer as a whole stays
# within MAX_ANSWER_CHARS.
MAX_QUOTE = max(MAX_PARAGRAPH_CHARS, MAX_LIST_CHARS)
CHANGE_WORDS = {stem(w) for w in ("endring", "endringene", "endringer", "endret", "endra", "ny", "nye", "nytt",
                                  "gjeldende", "gjelde", "lyde", "lyder", "ordlyd", "ordlyden", "innhold")}
# a § title naming several subjects: sentences ("Innhenting av opplysninger. Tilgang til …"), not an abbreviation's
# full stop ("Forbud mot tiltak mv. langs sjø")
_SEVERAL_SUBJECTS = re.compile(r"\.\s+[A-ZÆØÅ]")
MAX_ANSWER_CHARS = 1400  # Slack readability: quotes are dropped (weakest last) beyond this


def weakest(quotes: Sequence[tuple[str, Citation, float]], *, by_relevance: bool) -> tuple[str, Citation, float]:
    """The quote to drop when an answer is too long: the last one (a named § read from the top), else the
    least relevant one after the first. Why never the first: it leads the answer ("Dette står i …") and is
    what ranked best; a longer quote of a lower-ranked unit covers more of the question's words by its
    length alone and must not push it out (it did, once whole ledd up to 900 characters were quoted)."""
    if not by_relevance or len(quotes) < 2:
        return quotes[-1]
    return min(quotes[1:], key=lambda q: q[2])


class ProvisionIndex(Protocol):
    """What composing needs from the retriever (`bot.retrieval.hybrid.HybridRetriever`): the keyword
    index (IDF), the reference parser, the chunks by id and the pending-change lookups."""

    keyword: KeywordIndex
    parser: ReferenceParser
    by_id: dict[str, Chunk]

    def amendments_of(self, chunk: Chunk) -> list[Chunk]: ...

    def amended_by(self, chunk: Chunk) -> list[Chunk]: ...

    def section_units(self, doc_id: str, section_key: str) -> list[Chunk]: ...

    def role_units(self, doc_id: str, role: str) -> list[Chunk]: ...


class Composer:
    """Turns a `Retrieval` into an `Answer` from the provisions of one `ProvisionIndex`."""

    def __init__(
        self,
        index: ProvisionIndex,
        *,
        doc_names: Mapping[str, str] | None = None,
        threshold: float = abstention.COVERAGE_THRESHOLD,
        answerability: AnswerModel | None = None,
    ) -> None:
        """`answerability`: the fitted model that decides to answer or decline; without it, or for
        retrieval that carries no signals (the baselines), the coverage rules decide."""
        self.index = index
        self.keyword = index.keyword
        self.by_id = index.by_id
        self.answerability = answerability
        self.doc_names = dict(doc_names or {})
        self.strip_references = index.parser.strip
        self.parse_references = index.parser.parse
        self.unknown_laws = index.parser.unknown_laws
        self.unindexed_acts = index.parser.unindexed_acts
        self.unknown_name = index.parser.unknown_name
        self.laws_named = index.parser.laws_named
        self.amendments_of = index.amendments_of
        self.amended_by = index.amended_by
        self.section_units = index.section_units
        self.role_units = index.role_units
        self.threshold = threshold

    def compose(self, question: str, retrieval: Retrieval, *, today: date, judge_text: str | None = None) -> Answer:
        hits = retrieval.hits
        # a law the index lacks, or a § it lacks, named where the question is asked ("hva sier barnevernloven om
        # …?", "hva sier bvl § 4-6?"), not in the scene set before it ("Barnet har en koordinator etter hol
        # § 7-2 a. Hvem skal samordne tjenestene?"): the answer decision weighs that question
        asked_of = without_conditions(where_laws_are_asked(question))  # (nor in the condition the question opens with)
        if retrieval.refs and retrieval.missing and not any(h.exact_reference for h in hits):
            asked_sections = {ref.section_key for ref in self.parse_references(asked_of)}
            if any(ref.section_key in asked_sections for ref in retrieval.missing):
                return self._missing(question, retrieval)
        unknown = self.unknown_laws(asked_of)
        if unknown and not any(h.exact_reference for h in hits) and not self.laws_named(asked_of):
            text = "\n".join([texts.LAW_NOT_INDEXED.format(law=unknown[0]), texts.NO_BASIS_WHO])
            return Answer(question=question, text=text, abstained=True, hits=hits)
        # what an act the index lacks changes is not in the law it amends, named or not ("hva går endringene i
        # krisesenterlova § 6 som ble vedtatt ved lov 20. juni 2025 nr. 39 ut på?"): the § quoted would read as the change
        # ("hva endrer lov … i krisesenterlova § 6?"); not when it asks when the change takes effect, which the §'s
        # note says, nor beside an act the index holds ("hva er nytt etter lov … nr. 42 og lov … nr. 39?"): the answer
        # then says first what it lacks
        acts = self.unindexed_acts(asked_of)
        if (acts and asks_change_of(question, acts=True) and not mentions_in_force(asked_part(question))
                and set(acts_cited(asked_of)) <= set(acts)):
            text = "\n".join([texts.LAW_NOT_INDEXED.format(law=act_name(acts[0])), texts.NO_BASIS_WHO])
            return Answer(question=question, text=text, abstained=True, hits=hits)
        # the judgement reads the question as the rankers did, abbreviations spelled out ("SFs" is no
        # word of any unit; "statsforvalteren" is)
        judged = spell_out(judge_text or question)
        if self.answerability is not None and retrieval.features:
            judgement = abstention.decide(judged, retrieval, self.keyword, self.answerability, self.by_id)
        else:
            judgement = abstention.judge(judged, hits, self.keyword, threshold=self.threshold)
        if not judgement.answerable:
            return self._declined(question, judgement, hits)

        exact = [h for h in hits if h.exact_reference]
        # a § repealed by today is no law: it is never quoted as the answer (`_repealed`), named or ranked first; named
        # beside one in force, the answer says so of it
        repealed_named = {_section_of(h.chunk): h.chunk for h in exact if self._is_repealed(h, today)}
        exact = [h for h in exact if _section_of(h.chunk) not in repealed_named]
        if repealed_named and not exact:
            return self._repealed(question, list(repealed_named.values()), hits)
        if not exact and hits and self._is_repealed(hits[0], today):
            return self._repealed(question, [hits[0].chunk], hits)
        topic = [w for w in self.topic_words(question) if stem(w) not in CHANGE_WORDS] if exact else ["?"]
        if exact and self._names_its_subject(question, topic, exact):
            topic = []  # "pbl § 10-1 om planstrategi" asks what § 10-1 (Kommunal planstrategi) says: read from the top
        if exact:  # a named § is quoted from that § (and its new wording), not from what else matched; when the
            # question asks about something in it, from any of its ledd (a § is indexed ledd by ledd: "hvem er
            # klageinstans etter § 7?" asks for the fourth); "hva sier § X?" reads it from the top. Every ledd of
            # the named § is a hit at 1.0 in text order, and a unit's rank prior follows its hit's place: asked
            # about something in it, the ledd come in the order the fitted rankers gave them (`scores`), so the
            # first ledd does not lead on its place alone ("… § 7 når bydelen har avslått søknaden …": § 7 p1
            # shares the scene's words, p4 ranks first). (Of a § amended in force, `_current_first` then puts
            # the new wording first and the consolidated ledd after it.)
            top = sorted(exact, key=lambda h: -retrieval.scores.get(h.chunk.chunk_id, -math.inf)) if topic \
                else exact[:QUOTE_HITS]
        else:  # the best unit answers; another is quoted only from the same law and when relevant on its own, to
            # the question or, a ledd of the same §, to one of the questions a message asks ("…, og hvem behandler
            # klagen?" of boligsosialloven § 7: its fourth ledd)
            first = hits[0].chunk
            asked = asked_questions(question)  # a message's questions, when it asks more than one
            parts = [spell_out(q) for q in asked] if len(asked) > 1 else []

            def relevant(hit: SearchHit) -> bool:
                # (not the amending act's wording of it: ranked in, it would come first as the law in force)
                same_provision = hit.chunk.doc_id == first.doc_id and provision_of(hit.chunk) == provision_of(first)
                return max(abstention.coverage(q, hit, self.keyword)
                           for q in [judged, *(parts if same_provision else [])]) >= self.threshold

            # (or a provision the best unit, itself a provision, makes apply: "Reglane i kommuneloven kapittel 30
            # gjeld for den tilsynsverksemda …" of krisesenterlova § 9 brings kommuneloven § 30-4's pålegg into the
            # answer; a letter or guidance that names a law describes it, and brings in none)
            top = [h for i, h in enumerate(hits[:QUOTE_HITS])
                   if i == 0 or ((law_of(h.chunk) == law_of(first) or made_to_apply(self.index.parser, first, h.chunk)) and relevant(h))]
        top = [h for h in self._current_first(top, today) if not self._is_repealed(h, today)]
        moved: list[SearchHit] = []
        if exact:
            top = self._named_ledd_as_in_force(top, retrieval.refs, today)
            if topic:
                moved = self._named_by_former_number(topic, top, retrieval.refs)
        units: list[Unit] = []
        for i, hit in enumerate(top):
            units.extend(units_of(hit, i))
        score_units(units, retrieval.query_terms, self.keyword, question)
        if exact:
            units = _named_items(units, retrieval.refs)
        if not topic and any(c.kind is SourceKind.AMENDING_ACT for c in (h.chunk for h in top)):
            # "hva sier § 2?" once § 2 is amended: the law as it reads now, ledd by ledd, new wording first
            sections = list(dict.fromkeys(_section_of(h.chunk) for h in top))
            units.sort(key=lambda u: (sections.index(_section_of(u.chunk)),
                                      u.passage.ledd if u.passage and u.passage.ledd else 0,
                                      u.chunk.kind is not SourceKind.AMENDING_ACT, u.hit_index, u.order))
        # every ledd of a named § is on topic; asked about something in it, the ledd that answers leads
        chosen = select(units, in_order=not topic, gate=not exact, best_first=bool(exact and topic),
                        named_ledd=_named_ledd(units, retrieval.refs)
                        if exact and abstention.asks_for_something(question) else ())
        if not exact and chosen and all(u.hit_index != 0 for u in chosen):
            # the answer leads with what ranked best: its best unit first, the rest after it
            own = [u for u in units if u.hit_index == 0]
            if own:
                chosen = [max(own, key=lambda u: u.score), *chosen][:2]
        for hit in moved:  # the ledd that had the named number, beside today's ledd of that number
            top.append(hit)
            chosen = self._with_moved(question, chosen, units_of(hit, len(top) - 1), top)

        quotes: list[tuple[str, Citation, float]] = []  # (full text, citation, relevance)
        section_notes: dict[tuple[str, str], str] = {}  # one note per §: the most informative one
        renumbering_noted: set[tuple[str, str]] = set()  # the §§ whose note quotes the act's renumbering sentences
        asks_change = asks_change_of(question)
        for unit in chosen:
            hit = top[unit.hit_index]
            chunk, passage, quote_text = hit.chunk, unit.passage, unit.text
            amended = self.amended_by(chunk) if chunk.kind is SourceKind.AMENDING_ACT else []
            amended_law = law_name(amended[0]) if amended else ""
            amendments = self.amendments_of(chunk)
            # (asked what changed, the old ledd is shown whole beside the new, `_former_wording`: not in brief too)
            currency = assess(unit.text, chunk, amendments, today, old_in_brief=not asks_change)
            note, key, renumbering = "", (hit.chunk.doc_id, hit.chunk.section_key), False
            pieces = [(chunk, passage, quote_text, unit.score)]
            if currency is not None:
                note = currency.note
                if currency.replacement is not None and currency.replacement_chunk is not None:
                    amended_law = law_name(hit.chunk)
                    pieces = self._new_wording(unit, [(currency.replacement, currency.replacement_chunk),
                                                      *currency.also], retrieval, question)
                elif currency.in_force and amendments:
                    # the consolidated ledd numbers are stale: cite today's number where the amendment
                    # only renumbered the ledd ("noverande andre og tredje ledd blir tredje og nytt fjerde
                    # ledd"), else the § alone
                    pieces = [(chunk, renumbered(passage, amendments), quote_text, unit.score)]
                    moves = renumbering_sentences(amendment_text(amendments))
                    if moves:
                        note += " " + texts.RENUMBERING_NOTE.format(text=" ".join(moves))
                        renumbering = True
            elif chunk.kind is SourceKind.AMENDING_ACT:
                note, key = amendment_note(chunk, today, amended), (chunk.amends_doc_id, chunk.amends_section_key)
            if note and len(note) > len(section_notes.get(key, "")):
                section_notes[key] = note
                if renumbering:
                    renumbering_noted.add(key)
                else:
                    renumbering_noted.discard(key)
            for chunk, passage, quote_text, score in pieces:
                if any(quote_text[:80] in q or q[:80] in quote_text for q, _, _ in quotes):
                    continue  # the same words, reached through the § and through its amendment
                quote = shorten(quote_text, MAX_QUOTE)
                quotes.append((quote_text, citation(chunk, passage, quote, hit.score, amended_law=amended_law), score))

        law_score: dict[tuple[str, str], float] = {}  # each quoted §: its best quote's relevance
        for unit in chosen:
            key = _section_of(top[unit.hit_index].chunk)
            law_score[key] = max(law_score.get(key, unit.score), unit.score)
        age_notes: dict[str, str] = {}  # chunk_id of a quoted comment -> its note (shown while it is quoted)
        for text_, cite, target, note in self._explanations(hits, set(law_score), retrieval, question, today):
            if not any(text_[:80] in q for q, _, _ in quotes):
                # too long for Slack: a comment goes just before the quote of the § it explains
                quotes.append((text_, cite, law_score[target] - 1e-6))
                if note:
                    age_notes[cite.chunk_id] = note
        quoted_chunks = {top[u.hit_index].chunk.chunk_id: top[u.hit_index].chunk for u in chosen}
        asks_now = asks_now_of(question)
        missing = [self._missing_text(ref, question) for ref in retrieval.missing]
        missing += [self._repealed_text(chunk) for chunk in repealed_named.values()]
        missing += [texts.LAW_NOT_INDEXED.format(law=act_name(act)) for act in acts  # cited, not asked about
                    if act not in {ref.unknown_law for ref in retrieval.missing}]
        # a named § is quoted whatever it holds; when it holds no fact of the kind asked for, or no length of time
        # asked for as a count ("hvor mange uker har bydelen på å rette etter kml § 30-4?"), the answer says so first
        lacking = ""
        if exact:
            lacking = abstention.kind_not_held(judged, [h.chunk for h in exact]) or \
                ("duration" if abstention.time_not_held(judged, [h.chunk.text for h in exact]) else "")
            if lacking == "duration" and any(role == IN_FORCE for _, role in retrieval.roles):
                lacking = ""  # "hvor lenge har forskrifta gjeldt?": its in-force § gives the day that time runs from
        if lacking:
            missing.append(texts.NAMED_LACKS_KIND.format(what=texts.ANSWER_KINDS[lacking]))
        former_shown = asks_change
        while True:  # keep the answer readable in Slack: drop the former wording, then the weakest quotes, beyond the limit
            citations = [c for _, c, _ in quotes]
            dated = _dated_note(asks_now, [quoted_chunks[c.chunk_id] for c in citations if c.chunk_id in quoted_chunks],
                                today)
            counted = [note for c in citations if c.chunk_id in quoted_chunks for note in (
                counted_from_in_force(c.quote, quoted_chunks[c.chunk_id],
                                      self.role_units(quoted_chunks[c.chunk_id].doc_id, IN_FORCE), today),
                *in_force_footnotes(quoted_chunks[c.chunk_id]))]
            notes = [*section_notes.values(), *(age_notes[c.chunk_id] for c in citations if c.chunk_id in age_notes),
                     *([dated] if dated else []), *dict.fromkeys(n for n in counted if n)]
            lines = [f"«{c.quote}» ({c.label})" for c in citations]
            former = self._former_wording(citations, today, renumbering_noted) if former_shown else []
            lines += former
            lead = [texts.ANSWER_LEAD.format(where=citations[0].label)] if citations else []
            # what cannot be answered first ("… har ikke forvaltningsloven"): a quote of the § that refers
            # to it must not read as the answer to what was asked of the other law
            text = "\n".join([*missing, *lead, *lines, *notes, *self._links(citations)])
            if len(text) <= MAX_ANSWER_CHARS or (len(quotes) <= 1 and not former):
                break
            if former:  # old text gives way before any wording in force
                former_shown = False
                continue
            quotes.remove(weakest(quotes, by_relevance=bool(topic)))
        kind = abstention.question_kind(judged)
        if (kind and not exact and "kind_missing" not in judgement.waived
                and not abstention.holds_kind(kind, [c.quote for c in citations],
                                              quoted_chunks.get(citations[0].chunk_id) if citations else None)):
            # the judgement read the best units of the same law; the fact asked for must stand in what
            # the user is shown ("hva koster en politiattest?": § 7 quoted, "gratis" only in § 2 beside it).
            # Not when no best unit held it and the model answered all the same: calibration dropped that
            # veto on a reader's grades of such answers (`abstention.vetoes`)
            return self._declined(question, abstention.Judgement(False, judgement.coverage, kind), hits)
        if (not exact and "count_missing" not in judgement.waived
                and abstention.count_not_held(judged, [c.quote for c in citations])):
            # the same for a count: a quote that says "enkelte bydeler" answers no "hvor mange bydeler …?" because
            # another section of the letter, not quoted, says "tre bydeler"
            return self._declined(question, abstention.Judgement(False, judgement.coverage, "count"), hits)
        return Answer(question=question, text=text, abstained=False, citations=citations,
                      currency_notes=list(section_notes.values()), hits=hits)

    @staticmethod
    def _declined(question: str, judgement: abstention.Judgement, hits: Sequence[SearchHit]) -> Answer:
        """The decline for a judgement, naming what is missing where the judgement knows it."""
        what = texts.ANSWER_KINDS.get(judgement.reason)
        text = texts.NO_BASIS_KIND.format(what=what) if what else texts.NO_BASIS
        if judgement.reason == "focus":
            text = texts.NO_BASIS_TERM.format(term=judgement.missing)
        elif judgement.reason == "name":
            text = texts.NO_BASIS_NAME.format(term=judgement.missing)
        elif judgement.reason == "which_bydel":
            text = texts.NO_BASIS_WHICH_BYDEL
        elif judgement.reason == "date":
            text = texts.NO_BASIS_DATE
        return Answer(question=question, text=text, abstained=True, hits=hits)

    def _new_wording(self, unit: Unit, parts: Sequence[tuple[Passage, Chunk]], retrieval: Retrieval,
                     question: str) -> list[tuple[Chunk, Passage | None, str, float]]:
        """The new wording that replaces a quoted unit, as quotes: one, or (the amendment split the ledd)
        each part, the one that answers the question best first."""
        if len(parts) == 1:
            passage, chunk = parts[0]
            return [(chunk, passage, " ".join(passage.text.split()), unit.score)]
        units = [Unit(unit.hit_index, chunk, passage, " ".join(passage.text.split()), i)
                 for i, (passage, chunk) in enumerate(parts)]
        score_units(units, retrieval.query_terms, self.keyword, question)
        units.sort(key=lambda u: (-u.score, u.order))
        return [(u.chunk, u.passage, u.text, max(u.score, unit.score) if i == 0 else u.score)
                for i, u in enumerate(units)]

    def _explanations(self, hits: Sequence[SearchHit], explained: set[tuple[str, str]], retrieval: Retrieval,
                      question: str, today: date) -> list[tuple[str, Citation, tuple[str, str], str]]:
        """Guidance on the quoted §§, quoted after the law as explanation: of each kind (preparatory works,
        guidance) the best-ranked comment on each § (its most relevant piece: a short paragraph whole, else a
        sentence), labelled by kind, with a
        note when it predates the §'s wording."""
        out: list[tuple[str, Citation, tuple[str, str], str]] = []
        done: set[tuple[str, str, str]] = set()
        for hit in hits:
            chunk = hit.chunk
            target = (chunk.explains_doc_id, chunk.explains_section_key)
            if not commentary_label(chunk) or target not in explained or (*target, chunk.kind) in done:
                continue
            units = units_of(hit, 0)
            if not units:
                continue
            score_units(units, retrieval.query_terms, self.keyword, question)
            best = max(units, key=lambda u: u.score)
            done.add((*target, chunk.kind))
            out.append((best.text, citation(chunk, best.passage, shorten(best.text, MAX_QUOTE), hit.score),
                        target, self._older_note(chunk, hits, today)))
        return out

    def _older_note(self, comment: Chunk, hits: Sequence[SearchHit], today: date) -> str:
        """A note when the comment is older than the wording of the § it explains (by year of enactment), or ""."""
        year = comment.published[:4]
        law = next((h.chunk for h in hits if (h.chunk.doc_id, h.chunk.section_key)
                    == (comment.explains_doc_id, comment.explains_section_key)), None)
        if not year.isdigit() or law is None:
            return ""
        amendments = self.amendments_of(law)
        if change_in_force(law, amendments, today):
            changed = in_force_date(law, amendments)
            act = law.pending_change_act or (amendments[0].doc_id if amendments else "")
            enacted = act.split("-")[1] if act.count("-") >= 4 else changed[:4]  # LOV-2025-06-20-42: 2025
        else:
            changed = law.last_changed
            enacted = changed[:4]
        if not changed or not enacted.isdigit() or int(year) >= int(enacted):
            return ""
        return texts.GUIDANCE_OLDER.format(source=law_name(comment), year=year, law=law_name(law),
                                           section=law.section or section_display(law.section_key),
                                           date=iso_long(changed))

    def _current_first(self, top: list[SearchHit], today: date) -> list[SearchHit]:
        """Quote the law in force today first. Once a change applies, the amending act's wording comes
        before the old consolidated text; before that, the consolidated text is quoted and the new
        wording only appears in the currency note (so it is not mistaken for the law of today). (From the last
        hit back: each consolidated ledd moved behind the new wording lands before the ones moved after it, so
        they keep their order.)"""
        ordered = list(top)
        for hit in reversed(top):
            amendments = self.amendments_of(hit.chunk)
            partners = [h for h in ordered if h.chunk in amendments]
            if not partners:
                continue
            if change_in_force(hit.chunk, amendments, today):
                ordered.remove(hit)
                ordered.insert(max(ordered.index(p) for p in partners) + 1, hit)
            else:
                ordered = [h for h in ordered if h not in partners]
        return ordered

    def _former_wording(self, citations: Sequence[Citation], today: date,
                        renumbering_noted: set[tuple[str, str]]) -> list[str]:
        """For a question about what changed: beside each quoted new ledd in force, the ledd it replaced, whole,
        from the consolidated text the index keeps (labelled with its date, and with where it stands now when the
        amendment moved or split it, so it is not read as today's law nor as the predecessor of a ledd on another
        subject), and the act's own renumbering sentences unless a note quotes them (`renumbering_noted`). Why:
        the notes give the old wording only in brief (cut at 160 characters, or not at all when the amendment
        split the ledd), which cannot show what changed: "er bokstav d endret?" needs the old bokstav d."""
        out: list[str] = []
        seen: set[tuple[str, str, int | None]] = set()
        for cite in citations:
            chunk = self.by_id.get(cite.chunk_id)
            consolidated = self.amended_by(chunk) if chunk is not None and cite.amended else []
            if chunk is None or not consolidated:
                continue
            amendments = self.amendments_of(consolidated[0])
            if not change_in_force(consolidated[0], amendments, today):
                continue
            when = iso_long(in_force_date(consolidated[0], amendments))
            for new, _ in new_ledd([chunk]):
                if new.ledd is None or new.ledd != cite.ledd:
                    continue
                for old, unit, became in replaced_ledd(new, consolidated, amendments):
                    old_text = " ".join(old.text.split())
                    if (unit.doc_id, unit.section_key, old.ledd) in seen or old_text == " ".join(new.text.split()):
                        continue
                    seen.add((unit.doc_id, unit.section_key, old.ledd))
                    where = texts.FORMER_NOW.format(ledd=and_listed([ordinal(n) for n in became])) \
                        if became != [old.ledd] else ""
                    out.append(texts.FORMER_WORDING.format(date=when, label=label(unit, old), where=where,
                                                           text=shorten(old_text, MAX_QUOTE)))
            key = (chunk.amends_doc_id, chunk.amends_section_key)
            moves = " ".join(renumbering_sentences(amendment_text(amendments)))
            if moves and key not in renumbering_noted and (*key, None) not in seen:
                seen.add((*key, None))
                out.append(texts.RENUMBERING_NOTE.format(text=moves))
        return out

    def _named_ledd_as_in_force(self, top: list[SearchHit], refs: Sequence[SectionRef], today: date) -> list[SearchHit]:
        """"§ 3 andre ledd" once an amendment applies means the amendment's andre ledd: the consolidated
        ledd of that number is left out when the amending act gives a ledd of that number in force today
        (the old one may have moved, e.g. to tredje ledd, and quoting it as "andre ledd" would mislead)."""
        asked = {(r.doc_id, r.section_key): r.ledd for r in refs if r.ledd is not None and r.doc_id}
        if not asked:
            return top
        out = []
        for hit in top:
            chunk = hit.chunk
            ledd = asked.get((chunk.doc_id, chunk.section_key))
            replaced = ledd is not None and chunk.kind is not SourceKind.AMENDING_ACT and any(
                h.chunk.kind is SourceKind.AMENDING_ACT and h.chunk.amends_section_key == chunk.section_key
                and any(p.ledd == ledd for p in h.chunk.passages) for h in top
            ) and change_in_force(chunk, self.amendments_of(chunk), today)
            if not replaced:
                out.append(hit)
        return out or top

    def _named_by_former_number(self, topic: Sequence[str], top: list[SearchHit],
                                refs: Sequence[SectionRef]) -> list[SearchHit]:
        """"§ 3 tredje ledd (tolk)", "retten til å komme uten henvisning følger av § 2 tredje ledd": the ledd that
        had the named number before an amendment renumbered the §, when it holds more of what is asked than the
        units of that § chosen by today's numbers; quoted beside them (`_with_moved`), under its number today
        with the act's renumbering sentence (the quote loop).

        Why: a named number means today's ledd (`_named_ledd_as_in_force`), but the inspection letter, older
        routines and printouts cite the numbers from before 2026, and "§ 3 tredje ledd" is then the interpreter's
        ledd (today's fourth), not the children's (today's third). Read by today's numbers alone, the answer
        quoted a ledd about something else as if it were the one meant. The words asked (`topic`: the question
        without its references) decide, with no threshold of their own; a ledd the amendment did not move is the
        same either way, and one it replaced has no number today. Not only once the change is in force: retrieval
        reads a named number by the amendment's numbering whatever the date, and before it the ledd that has the
        number is the one the consolidated text gives it (quoted under that number then)."""
        asked = spell_out(" ".join(topic))
        moved: list[SearchHit] = []
        for ref in refs:
            if ref.ledd is None:
                continue
            # a § named without its law ("§ 3 tredje ledd") is the one retrieval resolved it to
            doc_id = ref.doc_id or next((_section_of(h.chunk)[0] for h in top if h.exact_reference
                                         and _section_of(h.chunk)[1] == ref.section_key), None)
            former = [c for c in self.section_units(doc_id or "", ref.section_key)
                      if any(p.ledd == ref.ledd for p in c.passages)]
            if not former or any(h.chunk in former for h in [*top, *moved]):
                continue
            amendments = self.amendments_of(former[0])
            now = renumbered(next(p for p in former[0].passages if p.ledd == ref.ledd), amendments)
            if now is None or now.ledd == ref.ledd:
                continue
            chosen = [h for h in top if _section_of(h.chunk) == (doc_id, ref.section_key)]
            held = max((abstention.coverage(asked, h, self.keyword) for h in chosen), default=0.0)
            candidates = [SearchHit(chunk=c, score=1.0, exact_reference=True) for c in former]
            covered = [abstention.coverage(asked, h, self.keyword) for h in candidates]
            best = max(range(len(candidates)), key=covered.__getitem__)  # the first that holds most
            if covered[best] > held:
                moved.append(candidates[best])
        return moved

    def _with_moved(self, question: str, chosen: list[Unit], units: list[Unit], top: list[SearchHit]) -> list[Unit]:
        """`chosen` with the units of a moved ledd (`_named_by_former_number`): first when what the question asks
        (its asked sentences, not the scene) is held better by the moved ledd than by the first quote, "§ 3
        tredje ledd (tolk) – hva krever den?"; else after the first quote, so "hva står i § 3 andre ledd nå? min
        gamle utskrift handler om barn" still leads with today's andre ledd, and the children's ledd follows."""
        if not units:
            return chosen
        asked = spell_out(" ".join(self.topic_words(asked_part(question))))
        lead = not chosen or (
            abstention.coverage(asked, top[units[0].hit_index], self.keyword)
            > abstention.coverage(asked, top[chosen[0].hit_index], self.keyword))
        return [*units, *chosen] if lead else [chosen[0], *units, *chosen[1:]]

    # --- helpers ----------------------------------------------------------------------------
    def _names_its_subject(self, question: str, topic: Sequence[str], exact: Sequence[SearchHit]) -> bool:
        """Whether a question about one named § adds only the § title's own subject ("kva seier
        boligsosiallova § 6 om bistand?": § 6 is "Plikt til å gi individuelt tilpasset bistand …"): it asks
        what the § says, not for one ledd of it. Not when it asks something of its own ("kan jeg klage etter
        § 7?" of § 7 "Saksbehandling og klage" asks for the fourth ledd), nor of a title of several subjects
        ("Innhenting av opplysninger. Tilgang til opplysninger fra Folkeregisteret …": asked about one of them,
        its ledd leads), nor when several §§ are named (the title of one says nothing of the others)."""
        if len({h.chunk.section_key for h in exact}) > 1 or abstention.asks_of_its_own(self.strip_references(question)):
            return False
        asked = set(self.keyword.analyzer.terms(" ".join(topic)))
        titles = {h.chunk.section_title for h in exact if h.chunk.section_title}
        return bool(asked) and any(not _SEVERAL_SUBJECTS.search(title) and asked <= set(self.keyword.analyzer.terms(title))
                                   for title in titles)

    def topic_words(self, question: str) -> list[str]:
        """What the question asks beyond naming a § ("hva sier krisesenterlova § 4" asks nothing more)."""
        return [w for w in content_words(self.strip_references(question))
                if not w.isdigit() and w not in _POINTER_WORDS]

    @staticmethod
    def _links(citations: Sequence[Citation]) -> list[str]:
        """One link line per cited provision or document (labels without ledd/bokstav)."""
        seen: dict[str, str] = {}
        for c in citations:
            name = c.label[: -len(c.pinpoint)].strip() if c.pinpoint and c.label.endswith(c.pinpoint) else c.label
            if c.amended:  # the amending act itself
                name = act_name(c.doc_id)
            if c.url and c.url not in seen:
                seen[c.url] = name
        return [texts.SOURCE_LINK.format(label=name, url=url) for url, name in seen.items()]

    def _missing_text(self, ref: SectionRef, question: str) -> str:
        if is_act_id(ref.unknown_law):  # an act cited by date and number
            return texts.MISSING_ACT.format(act=act_name(ref.unknown_law), section=ref.display)
        if ref.unknown_law:  # a listed law by its name ("bvl": barnevernsloven), else as the user wrote it
            law = self.unknown_name(ref.unknown_law) or next(
                (w for w in self.unknown_laws(question) if canonical(w.split()[-1]) == ref.unknown_law), ref.unknown_law)
            return texts.MISSING_LAW.format(law=law, section=ref.display)
        law = self.doc_names.get(ref.doc_id or "", ref.law_name or "loven")
        return texts.MISSING_SECTION.format(law=law, section=ref.display)

    def _is_repealed(self, hit: SearchHit, today: date) -> bool:
        """Is the hit's § repealed by today (`currency.repealed`)?"""
        return repealed(hit.chunk, self.amendments_of(hit.chunk), today)

    def _repealed(self, question: str, chunks: Sequence[Chunk], hits: list[SearchHit]) -> Answer:
        """The answer when the §§ that would answer were repealed by today: that they no longer apply, from when and by
        which act, and where their history stands; nothing of their old text is quoted as the answer. Why: pbl §§ 20-9
        and 20-10 (temporary rules for housing people fleeing Ukraine) were repealed on 1 July 2026; quoted with
        "ble endret …, har ikke den nye ordlyden", they read as rules that still stand in other words."""
        return Answer(question=question, abstained=True, hits=hits, text="\n".join(
            [*(self._repealed_text(chunk) for chunk in chunks),
             texts.REPEALED_HINT.format(url=chunks[0].url or "lovdata.no")]))

    def _repealed_text(self, chunk: Chunk) -> str:
        """The note that a § was repealed: by which act, from when (`texts.REPEALED_IN_FORCE`)."""
        return texts.REPEALED_IN_FORCE.format(
            law=law_name(chunk), section=chunk.section or section_display(chunk.section_key),
            act=act_name(chunk.pending_change_act),
            date=iso_long(in_force_date(chunk, self.amendments_of(chunk))))

    def _missing(self, question: str, retrieval: Retrieval) -> Answer:
        lines = [self._missing_text(ref, question) for ref in retrieval.missing]
        return Answer(question=question, text="\n".join([*lines, texts.MISSING_SECTION_HINT]), abstained=True,
                      hits=retrieval.hits)


# Words that point inside a named § ("andre ledd", "bokstav d"): they name the place, not a topic.
_POINTER_WORDS = frozenset({"ledd", "leddet", "bokstav", "første", "fyrste", "andre", "annet", "tredje", "fjerde",
                            "femte", "sjette", "sjuende", "nr", "punkt"})


# The question asks how things stand now ("er lovbruddene lukket nå?", "har bydelen fortsatt ikke …", "kva er
# stoda i dag?"): the adverbs of the present in bokmål and nynorsk, and nynorsk "no" (now) wherever it stands as a
# word ("er lovbrota lukka no, og kva frist …?"): not a domain's ".no" ("lovdata.no"), a compound ("no-show"), nor
# "NO" in capitals (a country code). (English "no" in a Norwegian question is read as "now": a known limit.)
_ASKS_NOW = re.compile(r"\b(?:nå|i dag|idag|fortsatt|fremdeles|framleis|ennå|enno|per dags dato|pr\.? i dag|"
                       r"ikke lenger|ikkje lenger|nåværende|noverande)\b(?!\s+(?:ut|fram|frem)\b)|"
                       r"(?<![.\w/@-])(?-i:[Nn]o)(?![\w-]|\.\w)", re.IGNORECASE)


def asks_now_of(question: str) -> bool:
    """Does what the question asks (not the scene before it) ask how things stand now?"""
    return _ASKS_NOW.search(asked_part(question)) is not None


def _speaks_now(chunk: Chunk) -> bool:
    """Does the unit (its heading or text) describe how things stand at the time it was written, in the same
    words of the present a question uses to ask how they stand now? Why: a dated document's "nå" is its own
    year's, and its status quoted later reads as today's whatever the question's tense (`_dated_note`). A verb
    "nå" ("nå målet") would read as the adverb; no indexed document uses it."""
    return _ASKS_NOW.search(f"{chunk.section} {chunk.text}") is not None


# The question asks what changed ("hva er nytt …?", "er bokstav d endret?", "samanlikna med den tidlegare
# ordlyden", "forskjellen fra før"): the words for a change of the law and for comparison, in bokmål and nynorsk.
# Not "endre"/"endres" (changing a decision), "nytt vedtak", "gamle brukarar" (the elderly).
_ASKS_CHANGE = re.compile(
    r"\b(?:endret|endra|endring\w*|(?:hva|kva|noe|noko|noen|nokon)\s+(?:er\s+)?nytt|"
    r"(?:forskjell\w*|skilnad\w*)\s+(?:fra|frå|før|mot)|sammenlign\w*|samanlikn\w*|"
    r"(?:tidligere|tidlegare|gamle|gammel|forrige|førre)\s+(?:ordlyd\w*|regel\w*|regl\w*|tekst\w*|versjon\w*|"
    r"formulering\w*|lov\w*|bestemmels\w*|føresegn\w*)|lød|lydde)\b", re.IGNORECASE)


# What an act does to a law, in the present too ("hva endrer lov … nr. 39?", "korleis endrast § 6 ved …"): asked of
# an act the question cites, these words ask what it changes; of a decision they would not (`_ASKS_CHANGE`).
_ACT_CHANGES = re.compile(r"\b(?:endrer|endrar|endres|endrast)\b", re.IGNORECASE)


def asks_change_of(question: str, *, acts: bool = False) -> bool:
    """Does what the question asks (not the scene before it) ask what changed? `acts`: it cites an act, whose
    present-tense change verbs count too (`_ACT_CHANGES`)."""
    asked = asked_part(question)
    return _ASKS_CHANGE.search(asked) is not None or (acts and _ACT_CHANGES.search(asked) is not None)


def _dated_note(asks_now: bool, chunks: Sequence[Chunk], today: date) -> str:
    """A note that the quoted document describes things as they stood when it was written, when the
    document is from an earlier year and either the question asks how they stand now (`asks_now_of`) or the
    quoted passage itself speaks of its own present ("Status for lovbrudd nå i 2024", "Det foreligger nå en
    ny samarbeidsavtale"): a letter's "nå" is its year's, and quoted in a later year without a word it reads
    as today's status whatever tense the question was asked in ("Kor langt har bydelane kome med å lukke
    lovbrota?" was answered with the 2024 status and no caveat, and graded wrong). "" otherwise. Laws are
    not dated this way: their currency is `bot.answering.currency`'s."""
    # an inspection's report or letter, or a bydel's submitted document (its status is of its day); guidance and
    # preparatory works are dated by `_older_note` against the § they explain
    dated = next((c for c in chunks if c.kind in (SourceKind.FINDING, SourceKind.SUBMITTED) and c.year is not None
                  and c.year < today.year and (asks_now or _speaks_now(c))), None)
    if dated is None:
        return ""
    return texts.DATED_SOURCE_NOTE.format(source=dated.short_title or dated.title, year=dated.year)


def amendment_text(amendments: Sequence[Chunk]) -> str:
    """The amending act's units for one § as one text: where its renumbering note is read."""
    return " ".join(a.text for a in amendments)


def renumbered(passage: Passage | None, amendments: Sequence[Chunk]) -> Passage | None:
    """An unchanged ledd of an amended § under the number it has today, or None when the amendment does
    not say (the § is then cited without a ledd rather than under a stale number)."""
    if passage is None or passage.ledd is None:
        return None
    today = {old: new for new, old in renumbered_ledd(amendment_text(amendments)).items()}
    return passage.model_copy(update={"ledd": today[passage.ledd]}) if passage.ledd in today else None


def _named_items(units: list[Unit], refs: Sequence[SectionRef]) -> list[Unit]:
    """For each § whose list item the question names ("§ 9 tredje ledd bokstav h"), only the units holding
    that item: the item where a long ledd is cut into items, the whole ledd where it is quoted whole. The
    units of other §§, and of a § none of whose units holds the item, stay. Why: the user named the place;
    the items that share most words with the rest of the question (a–c, the list's opening) were quoted
    instead of the one asked for."""
    named = {(r.doc_id, r.section_key): (r.ledd, r.bokstav) for r in refs if r.bokstav}
    if not named:
        return units

    def pinpoint(unit: Unit) -> tuple[int | None, str] | None:
        doc_id, key = _section_of(unit.chunk)
        return named.get((doc_id, key), named.get((None, key)))

    def holds(unit: Unit, ledd: int | None, letter: str) -> bool:
        if unit.passage is None or (ledd is not None and unit.passage.ledd != ledd):
            return False
        return unit.passage.bokstav == letter or letter in unit.items

    by_section: dict[tuple[str, str], list[Unit]] = {}
    for unit in units:
        by_section.setdefault(_section_of(unit.chunk), []).append(unit)
    kept: set[int] = set()
    for own in by_section.values():
        place = pinpoint(own[0])
        chosen = [u for u in own if holds(u, *place)] if place is not None else []
        kept.update(id(u) for u in chosen or own)
    return [u for u in units if id(u) in kept]


def _named_ledd(units: Sequence[Unit], refs: Sequence[SectionRef]) -> set[tuple[str, str, int]]:
    """The ledd (`sentences.ledd_key`) the question names by number without naming a list item of it
    ("§ 9 tredje ledd", with or without the law's name): `sentences.select` quotes such a ledd whole when the
    question asks for something ("hva skal planen inneholde etter § 9 tredje ledd?"), not when it asks yes or
    no about one thing in it ("må samtykket stå i planen?": the item that says so answers)."""
    named = {(r.doc_id, r.section_key, r.ledd) for r in refs if r.ledd is not None and not r.bokstav}
    found: set[tuple[str, str, int]] = set()
    for unit in units:
        doc_id, key = _section_of(unit.chunk)
        if unit.passage is not None and ({(doc_id, key, unit.passage.ledd), (None, key, unit.passage.ledd)} & named):
            found.add(ledd_key(unit))
    return found


def _section_of(chunk: Chunk) -> tuple[str, str]:
    """The § a quoted chunk belongs to, for the answer's order and its notes: an amending act's chunk belongs to the
    § it rewrites; a comment stays its own (unlike `provision_of`, which files it under the § it explains: here
    that would add the other comments on that § beside it)."""
    if chunk.kind is SourceKind.AMENDING_ACT and chunk.amends_section_key:
        return chunk.amends_doc_id, chunk.amends_section_key
    return chunk.doc_id, chunk.section_key
