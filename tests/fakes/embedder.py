"""A deterministic fake embedder: hashed bag of character trigrams and words, L2-normalised.

Why: tests must not depend on model weights or their speed, but they still need vectors where
texts that share words are near each other, so dense retrieval behaves plausibly.
"""

from __future__ import annotations

import hashlib
import math
import re

from langchain_core.embeddings import Embeddings

_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder(Embeddings):
    """langchain `Embeddings` with the same interface as the real sentence-transformers embedder."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-fake-{dim}"
        self.calls = 0  # how many texts were embedded: lets tests check incremental ingest

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            features = [word] + [word[i : i + 3] for i in range(max(1, len(word) - 2))]
            for feature in features:
                h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
                vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
