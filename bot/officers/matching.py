"""Does a question ask what a standard answer answers? Dense + keyword similarity over its wordings.

Why both: the embedding model (the app's own, the one retrieval uses) hears that «må bydelen ha
tolk?» and «har brukerne krav på tolk?» mean the same, but also finds «§ 3» and «§ 4» close; the
stemmed keyword overlap (the retrieval analyzer, nynorsk → bokmål) holds on to the words that make
the difference. The score of a standard answer is the best, over its canonical question and its
alternative wordings, of `w · dense + (1 − w) · keyword`; a question naming numbers (§§, years)
that a wording does not name never matches it. The threshold and `w` are settings, calibrated on
a tuning set of paraphrases and measured on a held-out one (bench/standard_answers.py, BENCHMARKS.md).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.retrieval.text import Analyzer

_NUMBER = re.compile(r"\d+(?:-\d+)?\s?[a-h]?(?![\wæøå])")
CACHE_LIMIT = 5_000


class QueryEmbedder(Protocol):
    """The part of langchain's `Embeddings` the matcher uses (the app's configured embedder)."""

    def embed_query(self, text: str) -> list[float]: ...


@dataclass(frozen=True)
class Similarity:
    score: float
    dense: float
    keyword: float
    wording: str  # the canonical question or alternative that matched best


def numbers(text: str) -> frozenset[str]:
    return frozenset(m.group(0).replace(" ", "") for m in _NUMBER.finditer(text.lower()))


class Matcher:
    """Scores a question against wordings; thread-safe; caches the wordings' vectors (they rarely change)."""

    def __init__(self, embedder: QueryEmbedder | None, *, threshold: float, dense_weight: float) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.dense_weight = dense_weight if embedder is not None else 0.0
        self.analyzer = Analyzer(stemming=True)
        self._vectors: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def similarities(self, question: str, candidates: Sequence[Sequence[str]]) -> list[Similarity]:
        """`similarity` of `question` to each candidate's wordings; the question is embedded once."""
        vector = self._query_vector(question)
        return [self.similarity(question, wordings, vector=vector) for wordings in candidates]

    def similarity(self, question: str, wordings: Sequence[str], *, vector: list[float] | None = None) -> Similarity:
        best = Similarity(0.0, 0.0, 0.0, "")
        for wording, parts in zip(wordings, self.components(question, wordings, vector=vector), strict=True):
            if parts is None:
                continue
            dense, keyword = parts
            score = self.dense_weight * dense + (1 - self.dense_weight) * keyword
            if score > best.score:
                best = Similarity(score, dense, keyword, wording)
        return best

    def components(self, question: str, wordings: Sequence[str], *,
                   vector: list[float] | None = None) -> list[tuple[float, float] | None]:
        """(dense, keyword) similarity of `question` to each wording; None where the numbers differ.
        Separate from the weighting so the benchmark can calibrate the weight and the threshold.
        `vector`: the question's embedding when the caller has it (else it is embedded here)."""
        asked_numbers = numbers(question)
        asked_terms = set(self.analyzer.terms(question, split_compounds=False))
        asked_vector = vector if vector is not None else self._query_vector(question)
        out: list[tuple[float, float] | None] = []
        for wording in wordings:
            if asked_numbers and not asked_numbers <= numbers(wording):
                out.append(None)
                continue
            keyword = _set_cosine(asked_terms, set(self.analyzer.terms(wording, split_compounds=False)))
            dense = _cosine(asked_vector, self._vector(wording)) if asked_vector is not None else 0.0
            out.append((dense, keyword))
        return out

    def _query_vector(self, question: str) -> list[float] | None:
        """The question's embedding (never cached: questions are not kept), or None when dense is off."""
        return self.embedder.embed_query(question) if self.embedder is not None and self.dense_weight else None

    def matches(self, similarity: Similarity) -> bool:
        return similarity.score >= self.threshold

    def _vector(self, text: str) -> list[float]:
        with self._lock:
            cached = self._vectors.get(text)
        if cached is not None:
            return cached
        assert self.embedder is not None
        vector = self.embedder.embed_query(text)
        with self._lock:
            if len(self._vectors) >= CACHE_LIMIT:
                self._vectors.clear()
            self._vectors[text] = vector
        return vector


def _cosine(a: Sequence[float] | None, b: Sequence[float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def _set_cosine(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))
