"""Weighted reciprocal-rank fusion of several ranked lists.

Why rank fusion and not score mixing: BM25 scores and cosine similarities live on unrelated scales
that shift with every question; ranks do not. A weight per ranker expresses how much we trust it
(the keyword index more than the English-trained default embedding model on Norwegian text).

Some lists can rank only part of the keys: the curated-question lists (`bot.retrieval.probes`) rank
only units that have curated questions, a few hundred of the several thousand. Read as "ranked
nowhere", a unit without any would lose those lists' weight whatever the question, so a provision no
writer has asked about yet (most of plan- og bygningsloven) could never come first however well its
own text matches. `impute` reads such a list as silent about the unit instead: the unit is credited
that share of the list's weight at its mean reciprocal rank in the lists that rank every key. The share
is fitted with the weights (`bench.calibrate`): 0 is the plain fusion.
"""

from __future__ import annotations

from collections.abc import Container, Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RRF_K = 60  # the constant from Cormack et al. (2009); damps the gap between rank 1 and rank 2


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[K], float]], *, k: int = RRF_K,
    covers: Sequence[Container[K] | None] = (), impute: float = 0.0,
) -> list[tuple[K, float]]:
    """Fuse `(ranked keys, weight)` lists: score(key) = sum(weight / (k + rank)), rank 1-based.

    `covers[i]`: the keys list i can rank at all (None or absent: every key). A key outside it gets
    `impute` × weight × its weighted mean of 1 / (k + rank) over the lists that cover every key (see the
    module docstring). Returns keys best first, scaled so that a key ranked first by every non-empty
    ranker scores 1.0. Ties keep the order of first appearance (earlier rankers first), so results are
    deterministic.
    """
    scores: dict[K, float] = {}
    order: dict[K, int] = {}
    for ranked, weight in rankings:
        for rank, key in enumerate(ranked, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            order.setdefault(key, len(order))
    partial = [(weight, cover) for (ranked, weight), cover in zip(rankings, covers, strict=False)
               if cover is not None and ranked and weight > 0]
    if impute > 0 and partial:
        full = [(ranked, weight) for i, (ranked, weight) in enumerate(rankings)
                if (i >= len(covers) or covers[i] is None) and weight > 0 and ranked]  # as `best` counts them
        full_weight = sum(weight for _, weight in full)
        if full_weight > 0:
            mean: dict[K, float] = {}
            for ranked, weight in full:
                for rank, key in enumerate(ranked, start=1):
                    mean[key] = mean.get(key, 0.0) + weight / (k + rank) / full_weight
            for key, value in mean.items():
                scores[key] += impute * value * sum(weight for weight, cover in partial if key not in cover)
    best = sum(weight for ranked, weight in rankings if ranked) / (k + 1) or 1.0
    return sorted(((key, s / best) for key, s in scores.items()), key=lambda x: (-x[1], order[x[0]]))
