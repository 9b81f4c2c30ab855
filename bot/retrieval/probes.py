"""Probe questions at query time: which units have a curated question close to the user's question.

Two views of the same curated questions, each a ranked list in rank fusion:
- by meaning: the question's dense vector against every probe's vector (`ProbeMatrix.rank`). Some twenty
  thousand 384-dimensional vectors take about 30 MB, and one matrix product ranks them in a
  millisecond or two, so this adds no store round trip per question. The vectors are made at ingest
  (`ingest.probes`) and kept in Chroma;
- by words: BM25 over each unit's probe questions taken together (`probe_documents`, indexed by the
  retriever in a `ProbeKeywordIndex`: the same analysis as the law text, stemming and nynorsk to
  bokmål, with compounds split by the probes' own vocabulary). This is document expansion with curated
  questions ("doc2query"): users' own words ("beboer", "klage på pålegget") stand in the probes even
  where the statute says "brukar" or "vedtak". The unit's own text is not mixed in, so the evidence
  signals (coverage, focus word) still read only what the unit itself says.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from bot.domain import Chunk
from bot.retrieval.keyword import KeywordIndex, indexed_text
from bot.retrieval.text import same_question, spell_out

UNANSWERED = ""  # the unit of a question the indexed sources do not answer (`StoredProbe.chunk_id`)


class StoredProbe(NamedTuple):
    """One curated question as the store keeps it: the unit it belongs to (`UNANSWERED`: none), its
    vector and its text."""

    chunk_id: str
    vector: Sequence[float]
    question: str = ""
    probe_id: str = ""  # the id it was stored under (of the text embedded then): ingest reuses the vector by it


class ProbeMatrix:
    """Unit-normalised probe vectors, the unit (chunk id) each belongs to, and the questions per unit;
    apart from them, the questions no unit answers (`UNANSWERED`)."""

    def __init__(self, probes: Sequence[StoredProbe]) -> None:
        # the rows as numbers, not the store's lists of floats: a few thousand probes as Python floats
        # would hold tens of megabytes for the life of the process
        answered = [p for p in probes if p.chunk_id != UNANSWERED]
        unanswered = [p for p in probes if p.chunk_id == UNANSWERED]
        self.chunk_ids = [p.chunk_id for p in answered]
        self.units = frozenset(self.chunk_ids)  # the units the probe lists can rank at all
        self.texts = [p.question for p in answered]
        self.unanswered_texts = [p.question for p in unanswered]
        self.questions: dict[str, list[str]] = {}
        for probe in answered:
            if probe.question:
                self.questions.setdefault(probe.chunk_id, []).append(probe.question)
        self.vectors = _unit_rows([p.vector for p in answered])  # none: an index built before probes existed
        self.unanswered = _unit_rows([p.vector for p in unanswered])

    def without(self, questions: Collection[str]) -> ProbeMatrix:
        """The same probes less those whose text is one of `questions` (letter case, dashes and spacing aside).

        Why: the calibration fits on the tuning questions, and they are probe questions too
        (`knowledge/questions/*-examples.yaml`); each tuning set is ranked with its own questions left out,
        as a new writer's would be, so the fitted weights and the answer model do not learn from a perfect
        match (`bench.calibrate._pools`)."""
        drop = {same_question(q) for q in questions}
        return ProbeMatrix(
            [StoredProbe(c, v, q) for c, v, q in zip(self.chunk_ids, self.vectors, self.texts, strict=True)
             if same_question(q) not in drop]
            + [StoredProbe(UNANSWERED, v, q) for v, q in zip(self.unanswered, self.unanswered_texts, strict=True)
               if same_question(q) not in drop])

    def __len__(self) -> int:
        return len(self.chunk_ids) + len(self.unanswered_texts)

    def rank(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """Units by their closest probe question (cosine), best first, at most `k`."""
        if not self.chunk_ids or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        if query.shape[0] != self.vectors.shape[1]:  # probes made with another model: not comparable
            return []
        norm = float(np.linalg.norm(query)) or 1.0
        similarities = self.vectors @ (query / norm)
        best: dict[str, float] = {}
        for index in np.argsort(-similarities):
            chunk_id = self.chunk_ids[int(index)]
            if chunk_id not in best:
                best[chunk_id] = float(similarities[int(index)])
                if len(best) >= k:
                    break
        return list(best.items())

    def nearest_unanswered(self, vector: Sequence[float]) -> float | None:
        """The cosine of the closest question the sources do not answer, or None when there are none
        (or they were made with another model).

        Why: writers who never saw the code keep asking the same things the indexed texts do not settle
        (a barnehage place, AAP, the price of a place), in the same words; a new question closer to one
        of them than to any answered question is likely one of those, however well one shared word
        ranks a provision. A nearest-neighbour signal over labelled questions, weighed by the fitted
        answer model (`bot.retrieval.ranker.ANSWER_FEATURES`), not a rule."""
        query = np.asarray(vector, dtype=np.float32)
        if not len(self.unanswered) or query.shape[0] != self.unanswered.shape[1]:
            return None
        norm = float(np.linalg.norm(query)) or 1.0
        return float(np.max(self.unanswered @ (query / norm)))


def _unit_rows(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    """The vectors as rows of unit length (an empty 0×0 matrix for none)."""
    if not len(vectors):
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def probe_documents(questions: Mapping[str, Sequence[str]], by_id: Mapping[str, Chunk]) -> list[Chunk]:
    """One keyword document per unit with probe questions: its questions as the text, in place of the
    unit's own text, § title and heading path. The law's (or document's) name and the unit's § or section
    stay, because users ask by them ("kml § 30-5", "informasjonsskrivet"). Abbreviations are spelled out,
    as in the question they are matched against (`spell_out`)."""
    return [by_id[chunk_id].model_copy(update={"text": "\n".join(spell_out(t) for t in texts), "section_title": "",
                                               "heading_path": []})
            for chunk_id, texts in questions.items() if chunk_id in by_id and texts]


class ProbeKeywordIndex(KeywordIndex):
    """BM25 over each unit's curated questions taken together (`probe_documents`), and the terms of each question
    on its own (`question_terms`, for `bot.retrieval.features.probe_coverage`).

    Why both: ranking by the pooled questions finds a unit whose questions use the user's words anywhere; whether
    the unit answers what is asked is better read from its one closest question (a pooled text holds the words of
    every question ever asked of the unit). The term sets are made on first use for the units a question reaches and
    kept with the index, which the retriever makes again whenever its probes change."""

    def __init__(self, questions: Mapping[str, Sequence[str]], by_id: Mapping[str, Chunk], *,
                 stemming: bool = True) -> None:
        documents = probe_documents(questions, by_id)
        super().__init__(documents, stemming=stemming)
        self._questions = {d.chunk_id: [spell_out(t) for t in questions[d.chunk_id]] for d in documents}
        self._question_terms: dict[str, tuple[frozenset[str], ...]] = {}

    def question_terms(self, chunk_id: str) -> tuple[frozenset[str], ...]:
        """The index terms of each curated question of a unit, each with the unit's law name and § (users ask by
        them, as the pooled document keeps them); () for a unit without questions."""
        known = self._question_terms.get(chunk_id)
        if known is not None:
            return known
        if chunk_id not in self.position:
            return ()
        heading = frozenset(self.analyzer.terms(indexed_text(self.chunks[self.position[chunk_id]].model_copy(
            update={"text": ""}))))
        terms = tuple(heading | frozenset(self.analyzer.terms(q)) for q in self._questions.get(chunk_id, ()))
        self._question_terms[chunk_id] = terms
        return terms
