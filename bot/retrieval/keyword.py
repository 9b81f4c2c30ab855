"""BM25 keyword index over chunks, with inverted lists so a query touches only matching chunks.

Why BM25 and not only embeddings: the offline default model (all-MiniLM-L6-v2) is trained on
English and is weak on Norwegian; the keyword index with Norwegian stemming carries much of the
retrieval. Titles, § headings and heading paths are indexed with the text, so "teieplikt" finds
"§ 5 Teieplikt" even where the body uses other words.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from bot.domain import Chunk
from bot.retrieval.text import Analyzer, content_words, stem

K1 = 1.2
B = 0.75


def indexed_text(chunk: Chunk) -> str:
    """What the keyword index reads for a chunk: headings (section title twice, as a field boost) and text."""
    parts = [chunk.short_title, chunk.title, chunk.section, chunk.section_title, chunk.section_title]
    parts.extend(chunk.heading_path)
    parts.append(chunk.text)
    return "\n".join(p for p in parts if p)


class KeywordIndex:
    """Okapi BM25 (k1=1.2, b=0.75) over `indexed_text` of every chunk."""

    def __init__(self, chunks: Sequence[Chunk], *, stemming: bool = True) -> None:
        self.chunks = list(chunks)
        texts = [indexed_text(c) for c in self.chunks]
        self.analyzer = Analyzer(stemming=stemming)
        if stemming:
            self.analyzer.add_vocabulary(self.analyzer.vocabulary_of(texts))
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        self.term_sets: list[frozenset[str]] = []
        for i, text in enumerate(texts):
            counts = Counter(self.analyzer.terms(text))
            self.lengths.append(sum(counts.values()))
            self.term_sets.append(frozenset(counts))
            for term, tf in counts.items():
                self.postings[term].append((i, tf))
        self.avg_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        n = len(self.chunks)
        self.idf: dict[str, float] = {
            term: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for term, p in self.postings.items()
        }
        self.max_idf = math.log(1 + (n + 0.5) / 0.5) if n else 1.0
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._pairs: Counter[tuple[str, str]] | None = None
        self._doc_terms: dict[str, frozenset[str]] | None = None

    def pair_frequency(self, first: str, second: str) -> int:
        """In how many chunks the stems `first` and `second` stand next to each other (function words
        between them ignored): "individuell plan" is a fixed expression in this corpus, "bydel tilsyn" is not.
        Built on first use, so indexes that never need it (baselines, tests) do not pay for it."""
        if self._pairs is None:
            pairs: Counter[tuple[str, str]] = Counter()
            for chunk in self.chunks:
                sequence = [stem(w) for w in content_words(chunk.text) if not w.isdigit()]
                pairs.update(set(zip(sequence, sequence[1:], strict=False)))
            self._pairs = pairs
        return self._pairs.get((first, second), 0)

    def document_frequency(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def chunk_terms(self, chunk: Chunk) -> frozenset[str]:
        """The index terms of a chunk (analysed on the fly when the chunk is not in this index)."""
        i = self.position.get(chunk.chunk_id)
        return self.term_sets[i] if i is not None else frozenset(self.analyzer.terms(indexed_text(chunk)))

    def document_terms(self, doc_id: str) -> frozenset[str]:
        """The index terms of every chunk of one document, with its titles (built on first use)."""
        if self._doc_terms is None:
            terms: dict[str, set[str]] = defaultdict(set)
            for chunk, chunk_terms in zip(self.chunks, self.term_sets, strict=True):
                terms[chunk.doc_id] |= chunk_terms | set(self.analyzer.terms(chunk.title))
            self._doc_terms = {doc: frozenset(t) for doc, t in terms.items()}
        return self._doc_terms.get(doc_id, frozenset())

    def term_idf(self, term: str) -> float:
        """IDF of a term; a term no chunk holds gets the highest possible IDF (it is very specific)."""
        return self.idf.get(term, self.max_idf)

    def query_terms(self, text: str, extra: Sequence[tuple[str, float]] = ()) -> dict[str, float]:
        """Weighted query terms: the question's own terms weigh 1, compound parts and synonyms less."""
        weights: dict[str, float] = {}
        for term in self.analyzer.terms(text, split_compounds=False):
            weights[term] = max(weights.get(term, 0.0), 1.0)
        for term in self.analyzer.terms(text):
            weights.setdefault(term, 0.6)
        for word, weight in extra:
            for term in self.analyzer.terms(word):
                weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def search(
        self,
        terms: dict[str, float],
        k: int,
        allowed: Callable[[int], bool] | None = None,
    ) -> list[tuple[int, float]]:
        """Top-k (chunk position, BM25 score) for weighted terms, skipping positions not `allowed`."""
        scores: dict[int, float] = defaultdict(float)
        for term, weight in terms.items():
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf[term]
            for i, tf in postings:
                norm = K1 * (1 - B + B * self.lengths[i] / self.avg_length)
                scores[i] += weight * idf * tf * (K1 + 1) / (tf + norm)
        ranked = sorted(
            ((i, s) for i, s in scores.items() if allowed is None or allowed(i)), key=lambda x: (-x[1], x[0])
        )
        return ranked[:k]
