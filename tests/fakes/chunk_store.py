"""An in-memory stand-in for `ingest.index.chroma_store.ChunkStore`: same `all_chunks`/`query` contract.

Why: retrieval and answering tests need a dense ranker with Chroma's filter semantics (equality,
`$in`, `$and`) and cosine similarity in [0, 1], without starting Chroma for every test.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.embeddings import Embeddings

from bot.domain import Chunk
from bot.retrieval.probes import StoredProbe


def _value(chunk: Chunk, key: str) -> Any:
    value = getattr(chunk, key, None)
    return getattr(value, "value", value)


def matches(chunk: Chunk, where: Mapping[str, Any] | None) -> bool:
    """Chroma-style `where`: {"k": v}, {"k": {"$in": [...]}} and {"$and": [...]}, plus plain lists."""
    if not where:
        return True
    for key, wanted in where.items():
        if key == "$and":
            if not all(matches(chunk, clause) for clause in wanted):
                return False
            continue
        value = _value(chunk, key)
        if isinstance(wanted, Mapping):
            if "$in" in wanted and value not in wanted["$in"]:
                return False
            if "$eq" in wanted and value != wanted["$eq"]:
                return False
            if "$ne" in wanted and value == wanted["$ne"]:
                return False
        elif isinstance(wanted, (list, tuple, set)):
            if value not in wanted:
                return False
        elif value != getattr(wanted, "value", wanted):
            return False
    return True


class InMemoryChunkStore:
    def __init__(self, chunks: Sequence[Chunk], embedder: Embeddings,
                 probes: Sequence[tuple[str, str]] = ()) -> None:
        """`probes`: (question, chunk id) pairs, embedded as queries like the indexer does."""
        self.chunks = list(chunks)
        self.embedder = embedder
        self.vectors = embedder.embed_documents([c.text for c in self.chunks]) if self.chunks else []
        self.probes = [StoredProbe(chunk_id, embedder.embed_query(question), question) for question, chunk_id in probes]
        self.queries: list[Mapping[str, Any] | None] = []  # the `where` of every query, for assertions

    def all_probes(self) -> list[StoredProbe]:
        return list(self.probes)

    def all_chunks(self, filters: Mapping[str, Any] | None = None) -> list[Chunk]:
        return sorted((c for c in self.chunks if matches(c, filters)), key=lambda c: c.chunk_id)

    def count(self) -> int:
        return len(self.chunks)

    def query(self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None) -> list[tuple[Chunk, float]]:
        self.queries.append(where)
        scored = []
        for chunk, other in zip(self.chunks, self.vectors, strict=True):
            if not matches(chunk, where):
                continue
            dot = sum(a * b for a, b in zip(vector, other, strict=True))
            norm = math.sqrt(sum(a * a for a in vector)) * math.sqrt(sum(b * b for b in other)) or 1.0
            scored.append((chunk, max(0.0, min(1.0, dot / norm))))
        scored.sort(key=lambda pair: -pair[1])
        return scored[:k]
