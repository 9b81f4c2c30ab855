"""What the fitted answer models share (`bot.retrieval.ranker`, `bot.retrieval.trees`): the logistic
link and how the rule signals calibration kept as vetoes, and the answer kinds that choice saw, are stored with them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def sigmoid(x: float) -> float:
    """P from log-odds, clamped so that an extreme score cannot overflow `math.exp`."""
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


def read_vetoes(data: Mapping[str, Any]) -> tuple[str, ...] | None:  # parsed JSON
    """The vetoes a model file records; None when it records none (a model fitted before the choice
    was made: every rule signal vetoes, as it did then)."""
    vetoes = data.get("vetoes")
    return None if vetoes is None else tuple(str(v) for v in vetoes)


def written_vetoes(vetoes: tuple[str, ...] | None) -> dict[str, list[str]]:
    """The vetoes as a model file stores them (nothing for None, so such a file reads back the same)."""
    return {} if vetoes is None else {"vetoes": list(vetoes)}


def read_kinds(data: Mapping[str, Any]) -> tuple[str, ...] | None:  # parsed JSON
    """The answer kinds a model file records as seen when its vetoes were chosen; None when it records none."""
    kinds = data.get("kinds")
    return None if kinds is None else tuple(str(k) for k in kinds)


def written_kinds(kinds: tuple[str, ...] | None) -> dict[str, list[str]]:
    """The kinds as a model file stores them (nothing for None, so such a file reads back the same)."""
    return {} if kinds is None else {"kinds": list(kinds)}
