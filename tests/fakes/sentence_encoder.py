"""A stand-in for a loaded SentenceTransformer: records what it was asked to encode.

Why: lets tests check what `SentenceTransformerEmbedder` sends to the model (e5 prefixes,
normalisation flag, batching) without loading weights.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class RecordingEncoder:
    def __init__(self, dim: int = 4) -> None:
        self.dim = dim
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        self.calls.append((list(texts), kwargs))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors

    def get_embedding_dimension(self) -> int:
        return self.dim
