"""The logistic link shared by the fitted models (`bot.retrieval.ranker`, `bot.retrieval.trees`)."""

from __future__ import annotations

import math


def sigmoid(x: float) -> float:
    """P from log-odds, clamped so that an extreme score cannot overflow `math.exp`."""
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))
