"""A citation typed by a person, checked against the index and read as it stands today.

Why: an officer's answer and a standard answer cite law by hand ("krisesenterlova § 3 andre ledd").
Such a citation is only kept when the index holds it, and a standard answer quotes it from the index
at answer time (never from a copy saved with the answer), so the quote is the law as it reads now.
The hash of the cited text and the § 's pending-change note are kept with a saved citation, so a
later ingest can tell that the § was removed, rewritten or is about to change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.answering.citations import citation
from bot.domain import Chunk, Citation, Passage


@dataclass(frozen=True)
class Provision:
    """The index's current reading of one typed citation."""

    reference: str  # as typed, whitespace-normalised
    label: str  # "krisesenterlova § 3 andre ledd"
    url: str
    text: str  # the cited ledd(s) as they read in the index now
    text_hash: str  # sha256 of `text`
    pending_change: str  # the § 's note on a change not yet in force ("" when none)
    citations: tuple[Citation, ...]  # one per cited passage, for an answer's sources


def read_provision(reference: str, units: list[tuple[Chunk, int | None]]) -> Provision | None:
    """Build the `Provision` from the units `HybridRetriever.provisions` found; None when there are none."""
    if not units:
        return None
    parts: list[tuple[Chunk, Passage | None]] = []
    for chunk, ledd in units:
        passages = [p for p in chunk.passages if ledd is None or p.ledd == ledd]
        if ledd is not None:
            parts.append((chunk, Passage(text="\n".join(p.text for p in passages), ledd=ledd)))
        else:
            parts.append((chunk, None))
    texts = [passage.text if passage is not None else ("\n".join(p.text for p in chunk.passages) or chunk.text)
             for chunk, passage in parts]
    text = "\n".join(t.strip() for t in texts if t.strip())
    cites = tuple(citation(chunk, passage, quote, 1.0) for (chunk, passage), quote in zip(parts, texts, strict=True))
    pending = "; ".join(sorted({c.pending_change for c, _ in units if c.pending_change}))
    return Provision(
        reference=" ".join(reference.split()), label=cites[0].label if len(cites) == 1 else " ".join(reference.split()),
        url=cites[0].url, text=text, text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        pending_change=pending, citations=cites,
    )
