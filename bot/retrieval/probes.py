"""Probe questions at query time: which units have a curated question close to the user's question.

Why in memory: a few hundred short vectors fit in well under a megabyte, and one matrix product ranks
them in microseconds, so the probes add a ranked list to rank fusion without a second store round
trip per question. The vectors themselves are made at ingest (`ingest.probes`) and kept in Chroma.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class ProbeMatrix:
    """Unit-normalised probe vectors and the unit (chunk id) each belongs to."""

    def __init__(self, probes: Sequence[tuple[str, Sequence[float]]]) -> None:
        self.chunk_ids = [chunk_id for chunk_id, _ in probes]
        self.vectors: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        if probes:  # none: an index built before probes existed, or without probe files
            vectors = np.array([list(v) for _, v in probes], dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            self.vectors = (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)

    def __len__(self) -> int:
        return len(self.chunk_ids)

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
