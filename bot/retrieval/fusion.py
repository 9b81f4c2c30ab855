"""Weighted reciprocal-rank fusion of several ranked lists.

Why rank fusion and not score mixing: BM25 scores and cosine similarities live on unrelated scales
that shift with every question; ranks do not. A weight per ranker expresses how much we trust it
(the keyword index more than the English-trained default embedding model on Norwegian text).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RRF_K = 60  # the constant from Cormack et al. (2009); damps the gap between rank 1 and rank 2


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[K], float]], *, k: int = RRF_K
) -> list[tuple[K, float]]:
    """Fuse `(ranked keys, weight)` lists: score(key) = sum(weight / (k + rank)), rank 1-based.

    Returns keys best first, scaled so that a key ranked first by every non-empty ranker scores 1.0.
    Ties keep the order of first appearance (earlier rankers first), so results are deterministic.
    """
    scores: dict[K, float] = {}
    order: dict[K, int] = {}
    for ranked, weight in rankings:
        for rank, key in enumerate(ranked, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            order.setdefault(key, len(order))
    best = sum(weight for ranked, weight in rankings if ranked) / (k + 1) or 1.0
    return sorted(((key, s / best) for key, s in scores.items()), key=lambda x: (-x[1], order[x[0]]))
