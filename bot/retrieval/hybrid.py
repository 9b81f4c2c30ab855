"""Hybrid retrieval: explicit §-references first, then the ranked lists fused, then pending-change pairs.

Why this order: a named § is what the user asked for, so it is rank 1 whatever the rankers say; a
named § that the index lacks is reported, never replaced. Everything else is found by the rankers
together: BM25 and dense ranks of the units, and the curated probe questions by meaning and by words
(`bot.retrieval.probes`), each list with its fitted weight. A § with a pending change is useless without the new wording, so the amending
act's chunk for that § is placed right after it (and the other way round).
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from langchain_core.embeddings import Embeddings

from bot.domain import Audience, Chunk, SearchHit
from bot.errors import IndexUnavailableError
from bot.retrieval.features import (
    LAW_KINDS,
    candidate_features,
    is_letter,
    law_of,
    made_to_apply,
    rewrites,
    without_named_law,
)
from bot.retrieval.fusion import reciprocal_rank_fusion
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.probes import ProbeKeywordIndex, ProbeMatrix
from bot.retrieval.ranker import UNFITTED_DENSE_WEIGHT, UNFITTED_PROBE_KEYWORD_WEIGHT, UNFITTED_PROBE_WEIGHT, Models
from bot.retrieval.references import ROLE_TITLES, ReferenceParser, SectionRef, is_own_provision, renumbered_ledd
from bot.retrieval.text import asked_sentences, content_words, expand_query, spell_out, where_laws_are_asked

log = logging.getLogger(__name__)

# Rank fusion. The fusion is steep (k=5: keyword rank 1 clearly beats rank 2). The dense ranker's
# weight belongs to the embedding model: it is fitted with the answer models (bench/calibrate.py, stored in
# knowledge/models); without fitted models it is the weight measured for the English MiniLM
# (0.2: there dense ranks only break ties). The DENSE_WEIGHT setting overrides both.
KEYWORD_WEIGHT = 1.0
DENSE_WEIGHT = UNFITTED_DENSE_WEIGHT
FUSION_K = 5
CANDIDATES = 50  # how deep the keyword ranker looks before fusion
DENSE_CANDIDATES = 50  # how deep the dense ranker looks
PROBE_CANDIDATES = 20  # how many units the probe questions rank (only a close question says anything)
LETTER_QUESTION = 0.5  # above this P(about the inspection letter) from the intent model, a question is about the letter
FEATURE_DEPTH = 8  # the answer decision reads the signals of the best units (three, and the margin to another §)
FOLLOW_UP_WEIGHT = 0.4  # weight of an earlier question's words when the new one is a short follow-up


class DenseIndex(Protocol):
    """The vector side (ingest.index.chroma_store.ChunkStore): cosine similarity in [0, 1], best first."""

    def query(self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None) -> list[tuple[Chunk, float]]: ...


@dataclass
class Retrieval:
    """What one retrieval found, with what the answer step needs to judge it."""

    hits: list[SearchHit]
    refs: list[SectionRef] = field(default_factory=list)
    missing: list[SectionRef] = field(default_factory=list)  # named §§ the index does not hold
    query_terms: dict[str, float] = field(default_factory=dict)
    dense_scores: dict[str, float] = field(default_factory=dict)  # chunk_id -> cosine similarity
    features: dict[str, dict[str, float]] = field(default_factory=dict)  # chunk_id -> signals of the best units
    scores: dict[str, float] = field(default_factory=dict)  # chunk_id -> fused score (before § references)
    letter_intent: float = 0.5  # P(the question is about the inspection letter)
    # the (doc_id, role) whose § of that role the question asked for (`ReferenceParser.roles_asked`): what `refs` hold
    # when the question named no § itself
    roles: list[tuple[str, str]] = field(default_factory=list)
    # the same question ranked as if it named no § (`retrieve(..., use_references=False)`), kept when it
    # named one the index holds: what `bot.answering.named` compares the named § with, without ranking twice
    unreferenced: Retrieval | None = None


def chunk_allowed(chunk: Chunk, audience: Audience, filters: Mapping[str, Any] | None) -> bool:
    """Audience rule (PUBLIC never sees officers' chunks) and metadata filters (value or list of values)."""
    if audience is Audience.PUBLIC and chunk.audience is not Audience.PUBLIC:
        return False
    for key, wanted in (filters or {}).items():
        value = getattr(chunk, key, None)
        value = getattr(value, "value", value)
        if isinstance(wanted, (list, tuple, set, frozenset)):
            if value not in {getattr(w, "value", w) for w in wanted}:
                return False
        elif value != getattr(wanted, "value", wanted):
            return False
    return True


class HybridRetriever:
    """Retrieves chunks for a question from the in-memory keyword index and an optional dense index."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        parser: ReferenceParser,
        dense: DenseIndex | None = None,
        embedder: Embeddings | None = None,
        primary_doc: str | None = None,
        keyword_weight: float = KEYWORD_WEIGHT,
        dense_weight: float = DENSE_WEIGHT,
        stemming: bool = True,
        models: Models | None = None,
        collect_features: bool = False,
        probes: ProbeMatrix | None = None,
        probe_weight: float = UNFITTED_PROBE_WEIGHT,
        probe_keyword_weight: float = UNFITTED_PROBE_KEYWORD_WEIGHT,
        probe_impute: float = 0.0,
    ) -> None:
        """`models`: the fitted intent and answerability models (none: plain rank fusion, as the
        baselines do). `collect_features`: signals for every candidate (to fit the models).
        `probes`: curated questions per unit (`bot.retrieval.probes`), a third ranked list in the
        fusion with `probe_weight`; they are compared with the question's dense vector. Their texts, per
        unit, are also a keyword index of their own: a fourth list with `probe_keyword_weight`.
        `probe_impute`: the share of both probe lists' weight a unit without curated questions is
        credited at its text ranks (`bot.retrieval.fusion`)."""
        self.models = models or Models()
        self.collect_features = collect_features
        self.chunks = list(chunks)
        self.keyword = KeywordIndex(self.chunks, stemming=stemming)
        self.parser = parser
        self.dense = dense if embedder is not None else None
        self.embedder = embedder
        self.primary_doc = primary_doc
        self.keyword_weight = keyword_weight
        self.dense_weight = dense_weight
        self.dense_candidates = DENSE_CANDIDATES
        self.probe_weight = probe_weight
        self.by_id = {c.chunk_id: c for c in self.chunks}
        self.stemming = stemming
        self.use_probes(probes)
        self.probe_keyword_weight = probe_keyword_weight
        self.probe_impute = probe_impute
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.sections: dict[tuple[str, str], list[Chunk]] = defaultdict(list)
        self.amendments: dict[tuple[str, str], list[Chunk]] = defaultdict(list)
        for chunk in self.chunks:
            if chunk.section_key:
                self.sections[(chunk.doc_id, chunk.section_key)].append(chunk)
            if chunk.amends_doc_id and chunk.amends_section_key:
                self.amendments[(chunk.amends_doc_id, chunk.amends_section_key)].append(chunk)
        self.amended_laws = frozenset(doc for doc, _ in self.amendments)  # laws an indexed act gives new wording
        # per law and role, its § of that role: the first whose title names it ("Formålet med lova", "Lovens formål",
        # "Virkeområde og formål", not "Arealformål i reguleringsplan"; "Ikrafttredelse", "Ikraftsetjing og
        # overgangsreglar"), read from the law's own headings
        self.role_sections: dict[tuple[str, str], str] = {}
        for doc_id, key in sorted(self.sections, key=lambda dk: (dk[0], _section_order(dk[1]))):
            for role, title in ROLE_TITLES.items():
                if (doc_id, role) not in self.role_sections and any(
                        title.search(c.section_title) for c in self.sections[(doc_id, key)] if is_own_provision(c)):
                    self.role_sections[(doc_id, role)] = key
        # per law, its units that name another indexed law ("Reglane i kommuneloven kapittel 30 gjeld …" of
        # krisesenterlova § 9): what it may make apply (`_named_laws_first`)
        self.naming_others: dict[str, list[Chunk]] = defaultdict(list)
        for chunk in self.chunks:
            if chunk.kind in LAW_KINDS and set(parser.laws_named(chunk.text)) - {law_of(chunk)}:
                self.naming_others[law_of(chunk)].append(chunk)

    # --- public -----------------------------------------------------------------------------
    def amendments_of(self, chunk: Chunk) -> list[Chunk]:
        """The amending act's units that give new wording to `chunk`'s §."""
        return list(self.amendments.get((chunk.doc_id, chunk.section_key), []))

    def amended_by(self, chunk: Chunk) -> list[Chunk]:
        """For an amending act's unit: the units of the § it rewrites."""
        return self.section_units(chunk.amends_doc_id or "", chunk.amends_section_key or "")

    def section_units(self, doc_id: str, section_key: str) -> list[Chunk]:
        """The units of one § of one document, in index order (an amending act's units are filed under the act)."""
        return list(self.sections.get((doc_id, section_key), []))

    def role_units(self, doc_id: str, role: str) -> list[Chunk]:
        """The units of a law's § of one role (`ROLE_TITLES`: its purpose, its entry into force), [] when it has none."""
        key = self.role_sections.get((doc_id, role))
        return self.section_units(doc_id, key) if key else []

    def provisions(self, reference: str, audience: Audience = Audience.PUBLIC) -> list[tuple[Chunk, int | None]]:
        """The units a written citation names ("krisesenterlova § 3 andre ledd"), each with the ledd named
        (None: the whole §), or [] when any § in it is not in the index. Used where a citation is typed by
        a person (an officer's answer, a standard answer) and must be checked against the index."""
        found: list[tuple[Chunk, int | None]] = []
        refs = self.parser.parse(reference)
        for ref in refs:
            if ref.unknown_law:
                return []
            doc_id = ref.doc_id or self._guess_doc(ref, [], {})
            chunks = [c for c in self.sections.get((doc_id or "", ref.section_key), []) if chunk_allowed(c, audience, None)]
            if ref.ledd is not None:
                chunks = [c for c in chunks if _holds_ledd(c, ref.ledd)]
            if not chunks:
                return []
            found.extend((c, ref.ledd) for c in chunks if (c, ref.ledd) not in found)
        return found

    def _read_as(self, ref: SectionRef, allowed: Callable[[Chunk], bool]) -> SectionRef:
        """The reference as the law it can mean: under a shared name ("kml"), a § the named law lacks
        but exactly one other law of that name has is that law's (`ReferenceParser.alternatives`)."""
        if not ref.doc_id or any(allowed(c) for c in self.sections.get((ref.doc_id, ref.section_key), [])):
            return ref
        having = [d for d in self.parser.alternatives(ref)
                  if any(allowed(c) for c in self.sections.get((d, ref.section_key), []))]
        return replace(ref, doc_id=having[0]) if len(having) == 1 else ref

    def use_probes(self, probes: ProbeMatrix | None) -> None:
        """Rank with these probe questions (both lists: by meaning and, their texts per unit, by words).

        The bot sets them once, at load; the calibration swaps them to rank each tuning set without its
        own questions (`bench.calibrate.own_probes_left_out`). Not for use while other threads retrieve."""
        self.probes = probes if probes is not None and len(probes) else None
        self.probe_keyword = (ProbeKeywordIndex(self.probes.questions, self.by_id, stemming=self.stemming)
                              if self.probes is not None and self.probes.questions else None)

    @contextmanager
    def probes_left_out(self, questions: Collection[str]) -> Iterator[None]:
        """Rank with every probe question except these (a set's own; `same_question`), and with all of them again
        after, also when ranking fails.

        Why: the tuning sets' questions are probe questions (`bench/tuning_probes.py`), and independent writers
        sometimes ask a measured question in the same words. A set ranked with its own questions among the probes
        finds each question's unit by a perfect match: the calibration, the declined floor and `tilsynsbot eval`
        rank a set without them, so what they measure is a new writer's question. Not for use while other threads
        retrieve (`use_probes`)."""
        full, full_keyword = self.probes, self.probe_keyword
        if not questions or full is None:  # nothing to leave out: no rebuild of the probe lists
            yield
            return
        try:
            self.use_probes(full.without(questions))
            yield
        finally:  # both lists back as they were, also when building the reduced ones failed
            self.probes, self.probe_keyword = full, full_keyword

    def retrieve(
        self,
        query: str,
        *,
        k: int = 8,
        audience: Audience = Audience.PUBLIC,
        filters: Mapping[str, Any] | None = None,
        context: Sequence[str] = (),
        use_keyword: bool = True,
        use_dense: bool = True,
        use_references: bool = True,
        use_probes: bool = True,
    ) -> Retrieval:
        allowed: Callable[[Chunk], bool] = lambda c: chunk_allowed(c, audience, filters)  # noqa: E731
        written = query
        query = spell_out(query)  # both rankers and the features read "individuell plan", not "IP"
        extra = expand_query(query)
        if context and len(content_words(written)) < 3:  # counted as written, as the answering service does
            extra += [(w, FOLLOW_UP_WEIGHT) for w in content_words(spell_out(context[-1]))]
        terms = self.keyword.query_terms(query, extra)

        keyword_ids: list[str] = []
        keyword_scores: dict[str, float] = {}
        if use_keyword:
            ranked = self.keyword.search(terms, CANDIDATES, lambda i: allowed(self.chunks[i]))
            keyword_ids = [self.chunks[i].chunk_id for i, _ in ranked]
            keyword_scores = {self.chunks[i].chunk_id: score for i, score in ranked}
        dense_ids: list[str] = []
        dense_scores: dict[str, float] = {}
        vector: list[float] | None = None
        if use_dense and self.dense is not None and self.embedder is not None:
            where = dict(filters or {})
            if audience is Audience.PUBLIC:
                where["audience"] = Audience.PUBLIC.value
            vector = self.embedder.embed_query(query)
            try:
                found = self.dense.query(vector, self.dense_candidates, where or None)
            except IndexUnavailableError as error:  # keyword ranks still answer; the outage is logged
                log.warning("dense retrieval unavailable, keyword only: %s", error.detail or error.user_message)
                found = []
            for chunk, similarity in found:
                if allowed(chunk):  # never trust the store alone with the audience rule
                    self.by_id.setdefault(chunk.chunk_id, chunk)
                    dense_scores[chunk.chunk_id] = similarity
                    dense_ids.append(chunk.chunk_id)
        probe_scores: dict[str, float] = {}
        if use_probes and vector is not None and self.probes is not None:
            probe_scores = {cid: sim for cid, sim in self.probes.rank(vector, PROBE_CANDIDATES)
                            if cid in self.by_id and allowed(self.by_id[cid])}
        probe_ids = list(probe_scores)
        near_unanswered = self._near_unanswered(vector, probe_scores) if use_probes else math.nan
        probe_kw_ids: list[str] = []
        if use_probes and use_keyword and self.probe_keyword is not None:
            index = self.probe_keyword
            probe_kw_ids = [index.chunks[i].chunk_id for i, _ in index.search(  # the rules read the unit itself
                index.query_terms(query, extra), PROBE_CANDIDATES, lambda i: allowed(self.by_id[index.chunks[i].chunk_id]))]
        keyword_ranks = {cid: r for r, cid in enumerate(keyword_ids, start=1)}
        dense_ranks = {cid: r for r, cid in enumerate(dense_ids, start=1)}
        probe_ranks = {cid: r for r, cid in enumerate(probe_ids, start=1)}
        probe_kw_ranks = {cid: r for r, cid in enumerate(probe_kw_ids, start=1)}
        lists = [(keyword_ids, self.keyword_weight), (dense_ids, self.dense_weight), (probe_ids, self.probe_weight),
                 (probe_kw_ids, self.probe_keyword_weight)]
        # a list weighed 0 (unfitted, or turned off) adds no candidates: it would bring units at score 0
        probed = self.probes.units if self.probes is not None else frozenset()
        covers = [None, None, probed, probed]
        fused = reciprocal_rank_fusion([(ids, weight) for ids, weight in lists if weight > 0], k=FUSION_K,
                                       covers=[c for c, (_, weight) in zip(covers, lists, strict=True) if weight > 0],
                                       impute=self.probe_impute)
        # the laws named where the question is asked (not in the scene before it): the named_law signal and
        # the named law's text first read the same
        laws_asked = self.parser.laws_named(where_laws_are_asked(written)) if use_references else []
        letter_intent = self.models.letter_intent(vector, query)
        if self.models.intent is not None and vector is not None:
            fused = self._with_intent(fused, letter_intent, self.models.intent.number("prior_weight"))
        features: dict[str, dict[str, float]] = {}
        if fused and (self.models.answerability is not None or self.collect_features):
            kw_best = max(keyword_scores.values(), default=0.0)
            dense_best = max(dense_scores.values(), default=0.0)
            pool = [cid for cid, _ in fused] if self.collect_features else [cid for cid, _ in fused[:FEATURE_DEPTH]]
            # how much of what is asked a unit covers, not of the scene set before (unless the question points back to it)
            # (split as written, then spelled out: the split never depends on how an expansion is cased)
            asked = spell_out(asked_sentences(written, antecedents=True))
            for cid in pool:
                features[cid] = candidate_features(
                    asked, self.by_id[cid], self.keyword, kw_rank=keyword_ranks.get(cid),
                    kw_score=keyword_scores.get(cid, 0.0), kw_best=kw_best, dense_rank=dense_ranks.get(cid),
                    dense_cos=dense_scores.get(cid, 0.0), dense_best=dense_best, letter_intent=letter_intent,
                    named_laws=laws_asked, probe_rank=probe_ranks.get(cid), probe_cos=probe_scores.get(cid, 0.0),
                    probe_kw_rank=probe_kw_ranks.get(cid), probe_keyword=self.probe_keyword, probed=cid in probed,
                    near_unanswered=near_unanswered)
        scores = dict(fused)

        refs = [self._read_as(ref, allowed) for ref in self.parser.parse(query)] if use_references else []
        # a question about a law's purpose or entry into force names its § of that role (`ReferenceParser.roles_asked`);
        # the § was not named by number, so no note may say the user named it (no ranking without it is kept for
        # `bot.answering.named`)
        roles: list[tuple[str, str]] = []
        if use_references and not refs:
            roles = [asked for asked in self.parser.roles_asked(where_laws_are_asked(written), self.amended_laws)
                     if asked in self.role_sections]
            refs = [SectionRef(self.role_sections[asked], asked[0]) for asked in roles]
        by_role = bool(roles)
        exact, missing, wanted = self._resolve(refs, context, keyword_ranks, allowed)

        hits: list[SearchHit] = [
            SearchHit(chunk=c, score=1.0, exact_reference=True,
                      keyword_rank=keyword_ranks.get(c.chunk_id), dense_rank=dense_ranks.get(c.chunk_id))
            for c in exact
        ]
        placed = {h.chunk.chunk_id for h in hits}
        for chunk_id, score in fused:
            if chunk_id not in placed:
                hits.append(SearchHit(chunk=self.by_id[chunk_id], score=round(score, 4),
                                      keyword_rank=keyword_ranks.get(chunk_id), dense_rank=dense_ranks.get(chunk_id)))
                placed.add(chunk_id)
        if use_references and not exact and (named := laws_asked):
            if content_words(self.parser.strip(query)):
                # the named law's own text first, unless the question is about the inspection ("var boligsosialloven
                # en del av lovgrunnlaget for tilsynet?"): then the letter, which discusses the law, keeps its rank
                if letter_intent <= LETTER_QUESTION:
                    hits = self._named_laws_first(hits, named)
            else:  # "hva sier krisesenterlova?": the law from its first §
                opening = sorted((c for c in self.chunks if c.doc_id in named and c.section_key.startswith("§")
                                  and allowed(c)), key=lambda c: _section_order(c.section_key))[:k]
                hits = [SearchHit(chunk=c, score=1.0) for c in opening] + [h for h in hits if h.chunk not in opening]
        unreferenced = None
        if exact and features and not by_role:  # as `use_references=False` ranks it (kept for the answer model, which reads the signals)
            plain = [SearchHit(chunk=self.by_id[cid], score=round(score, 4), keyword_rank=keyword_ranks.get(cid),
                               dense_rank=dense_ranks.get(cid)) for cid, score in fused]
            plain = self._pair_changes(self._law_before_commentary(plain, scores, allowed), allowed, {})[:k]
            unreferenced = Retrieval(
                hits=plain, query_terms=terms, dense_scores=dense_scores, scores=scores, letter_intent=letter_intent,
                features={cid: without_named_law(f) for cid, f in features.items()})
        hits = self._law_before_commentary(hits, scores, allowed)
        hits = self._pair_changes(hits, allowed, wanted)[: max(k, len(exact))]
        return Retrieval(hits=hits, refs=refs, missing=missing, query_terms=terms, dense_scores=dense_scores,
                         features=features, scores=scores, letter_intent=letter_intent, roles=roles,
                         unreferenced=unreferenced)

    def _near_unanswered(self, vector: Sequence[float] | None, probe_scores: Mapping[str, float]) -> float:
        """How much closer the question is to a question the sources do not answer than to any answered
        one (cosines; `ProbeMatrix.nearest_unanswered`); NaN when there is nothing to compare (no
        unanswered questions stored, or no answered one in reach): no signal, which the answer model
        reads as its fitted mean (`LinearModel.logit`), not as a value."""
        nearest = self.probes.nearest_unanswered(vector) if vector is not None and self.probes is not None else None
        if nearest is None or not probe_scores:
            return math.nan
        return nearest - max(probe_scores.values())

    # --- explicit references ----------------------------------------------------------------
    def _resolve(
        self,
        refs: Sequence[SectionRef],
        context: Sequence[str],
        keyword_ranks: Mapping[str, int],
        allowed: Callable[[Chunk], bool],
    ) -> tuple[list[Chunk], list[SectionRef], dict[tuple[str, str], int]]:
        """Chunks for each named §, the references the index cannot satisfy, and the ledd named per §
        (per question, never on the retriever: several questions are answered at once)."""
        exact: list[Chunk] = []
        wanted: dict[tuple[str, str], int] = {}
        missing: list[SectionRef] = []
        context_laws = [d for q in reversed(context) for d in self.parser.laws_named(q)]
        for ref in refs:
            if ref.unknown_law:
                missing.append(ref)
                continue
            doc_id = ref.doc_id or self._guess_doc(ref, context_laws, keyword_ranks)
            chunks = [c for c in self.sections.get((doc_id or "", ref.section_key), []) if allowed(c)]
            if not chunks:
                missing.append(ref if ref.doc_id else SectionRef(ref.section_key, doc_id, ref.law_name))
            if ref.ledd is not None:  # "§ 2 andre ledd": that ledd (and its new wording); the § if none matches
                amendments = self.amendments.get((doc_id or "", ref.section_key), [])
                old_number = ref.ledd
                if not any(_holds_ledd(a, ref.ledd) for a in amendments):
                    # a ledd the amendment only renumbered is asked for by today's number: "§ 2 sjette
                    # ledd" is the consolidated text's femte ledd once "tredje til sjette blir fjerde til
                    # sjuande"; the old sjette is today's sjuande
                    renumbering = renumbered_ledd(" ".join(a.text for a in amendments))
                    old_number = renumbering.get(ref.ledd, ref.ledd)
                chunks = [c for c in chunks if _holds_ledd(c, old_number)] or chunks
                wanted[(doc_id or "", ref.section_key)] = ref.ledd
            exact.extend(c for c in chunks if c not in exact)
        return exact, missing, wanted

    def _guess_doc(self, ref: SectionRef, context_laws: Sequence[str], keyword_ranks: Mapping[str, int]) -> str | None:
        """Which law a bare "§ 5" means: the law of the thread, else the main law, else the best-ranked holder."""
        holders = [doc for (doc, key) in self.sections if key == ref.section_key]
        for doc in [*context_laws, self.primary_doc]:
            if doc and doc in holders:
                return doc
        if not holders:
            return context_laws[0] if context_laws else self.primary_doc
        return min(holders, key=lambda d: min((keyword_ranks.get(c.chunk_id, 10_000)
                                               for c in self.sections[(d, ref.section_key)]), default=10_000))

    def _with_intent(self, fused: list[tuple[str, float]], letter_intent: float,
                     weight: float) -> list[tuple[str, float]]:
        """Fused scores plus `weight` × log P(the question asks about this kind of source), re-sorted.

        Why: the inspection letter restates the law in everyday words, so a law question often
        matches the letter better than the statute, and a question about the inspection matches the
        statute the letter cites. The question's own wording says which it asks about; the intent
        model reads that from its embedding (no word list). The weight is fitted on the tuning split."""
        if not weight:
            return fused
        p = min(max(letter_intent, 1e-3), 1 - 1e-3)
        prior = {True: weight * math.log(p), False: weight * math.log(1 - p)}
        rescored = [(cid, score + prior[is_letter(self.by_id[cid])]) for cid, score in fused]
        return sorted(rescored, key=lambda item: -item[1])

    def _named_laws_first(self, hits: list[SearchHit], named: Sequence[str], window: int = 10) -> list[SearchHit]:
        """"Hva sier krisesenterlova om ...": within the top `window`, the named law's own text comes first
        (letters that discuss the law follow); order is otherwise kept. Another law's unit the named law makes
        apply counts as its own: "hva kan SF gjøre hvis vi bryter krisesenterlova?" is answered by kommuneloven
        § 30-4, which krisesenterlova § 9 makes apply to the inspection, and not by krisesenterlova § 11 (when the
        law takes effect) moved above it for its name alone."""
        head, tail = hits[:window], hits[window:]

        def own_law(chunk: Chunk) -> bool:
            if chunk.doc_id in named or law_of(chunk) in named:
                return True
            return any(made_to_apply(self.parser, provision, chunk)
                       for law in named for provision in self.naming_others.get(law, ()))

        own = [h for h in head if own_law(h.chunk)]
        return own + [h for h in head if h not in own] + tail

    # --- commentary --------------------------------------------------------------------------
    def _law_before_commentary(self, hits: list[SearchHit], scores: Mapping[str, float],
                               allowed: Callable[[Chunk], bool]) -> list[SearchHit]:
        """A commentary on a § ("Til § 4" in a regulation's comments, a guidance or preparatory-works
        section carrying `explains_*`) brings the § it explains, placed right before it: the answer
        quotes the law first and the commentary as explanation. Of the §'s ledd, the one the rankers
        scored highest is brought (the first ledd when none was ranked)."""
        out: list[SearchHit] = []
        for hit in hits:
            target = _explained(hit.chunk)
            if target is not None and not hit.exact_reference:
                ledd = [c for c in self.sections.get(target, []) if allowed(c)]
                if ledd:
                    # a guidance section names the ledd it discusses by the law's own words: the ledd
                    # sharing most of them is brought, then the rankers' order decides
                    said = set(content_words(hit.chunk.text)) if hit.chunk.explains_section_key else set()
                    best = max(ledd, key=lambda c: (len(said & set(content_words(c.text))),
                                                    scores.get(c.chunk_id, 0.0), -ledd.index(c)))
                    if all(h.chunk.chunk_id != best.chunk_id for h in out):
                        out.append(SearchHit(chunk=best, score=hit.score))
            if all(h.chunk.chunk_id != hit.chunk.chunk_id for h in out):
                out.append(hit)
        return out

    # --- pending changes --------------------------------------------------------------------
    def _pair_changes(self, hits: list[SearchHit], allowed: Callable[[Chunk], bool],
                      wanted_ledd: Mapping[tuple[str, str], int]) -> list[SearchHit]:
        """Put the amending act's unit right after the ledd it rewrites, and the ledd right after its amendment
        (an exactly named ledd also brings the amendment's unit of that number: "§ 3 andre ledd" today)."""
        out: list[SearchHit] = []
        seen: set[str] = set()
        by_id = {h.chunk.chunk_id: h for h in hits}
        for hit in hits:
            if hit.chunk.chunk_id in seen:
                continue
            out.append(hit)
            seen.add(hit.chunk.chunk_id)
            chunk = hit.chunk
            partners: list[Chunk] = []
            # a named § is shown as it stands today (all its new wording); a found ledd brings only the
            # new wording that rewrites it (an amendment also renumbers ledd it leaves unchanged)
            whole = hit.exact_reference
            if chunk.pending_change_act or (chunk.doc_id, chunk.section_key) in self.amendments:
                partners = [a for a in self.amendments.get((chunk.doc_id, chunk.section_key), [])
                            if whole or rewrites(a, chunk)]
            if chunk.amends_doc_id and chunk.amends_section_key:
                partners = [c for c in self.sections.get((chunk.amends_doc_id, chunk.amends_section_key), [])
                            if whole or rewrites(chunk, c)]
            wanted = wanted_ledd.get((chunk.doc_id, chunk.section_key)) if hit.exact_reference else None
            if wanted is not None:  # the named ledd as the amendment numbers it, then what rewrites this one
                numbered = [a for a in self.amendments.get((chunk.doc_id, chunk.section_key), [])
                            if _holds_ledd(a, wanted)]
                rewriting = [a for a in partners if rewrites(a, chunk)]
                partners = list({c.chunk_id: c for c in [*numbered, *rewriting]}.values())
            for partner in partners:
                if partner.chunk_id in seen or not allowed(partner):
                    continue
                existing = by_id.get(partner.chunk_id)
                if existing is not None and hit.exact_reference and not existing.exact_reference:
                    existing = existing.model_copy(update={"exact_reference": True})
                out.append(existing or SearchHit(chunk=partner, score=hit.score, exact_reference=hit.exact_reference))
                seen.add(partner.chunk_id)
        return out


_COMMENTED = re.compile(r"/(§\d+(?:-\d+)?[a-z]?)$")  # "KAPITTEL_1/§4": the comments on § 4


def _explained(chunk: Chunk) -> tuple[str, str] | None:
    """(doc_id, section key) of the § a commentary chunk explains, or None."""
    if chunk.explains_section_key:
        return chunk.explains_doc_id or chunk.doc_id, chunk.explains_section_key
    target = _COMMENTED.search(chunk.section_key)
    return (chunk.doc_id, target.group(1)) if target is not None else None


def _holds_ledd(chunk: Chunk, ledd: int) -> bool:
    return any(p.ledd == ledd for p in chunk.passages)


def _section_order(key: str) -> tuple[int, ...]:
    """Natural order of data-names: §2 < §5 < §5a < §10 < §25-1."""
    numbers = [int(n) for n in re.findall(r"\d+", key)]
    letter = re.search(r"\d([a-z])$", key)
    return (*numbers, ord(letter.group(1)) if letter else 0)
