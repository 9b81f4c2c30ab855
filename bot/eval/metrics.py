"""The evaluation metrics exactly as ../shared/eval/README.md defines them. Pure functions, no I/O.

Why separate from the runner: the definitions (what counts as a hit, how key facts are normalised)
are the contract with whoever reads the numbers, and are tested on a tiny hand-made set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain import Chunk
from bot.retrieval.text import NUMBER_WORDS

# The README's list: the whole words "to" … "femten" become digits ("én"/"ett" are not on it).
FACT_NUMBER_WORDS = {word: digits for word, digits in NUMBER_WORDS.items() if digits != "1"}
_NUMBER_WORD = re.compile(r"(?<![\wæøå])(" + "|".join(FACT_NUMBER_WORDS) + r")(?![\wæøå])")


@dataclass
class EvalItem:
    id: str
    question: str
    kind: str
    expected: list[dict[str, str]] = field(default_factory=list)
    key_facts: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


@dataclass
class Outcome:
    """What one system did on one question: the ranked chunks, the final answer and what it cites.

    `cited` holds the cited sources in the order shown, each as (chunk, ledd or None): the answer
    metrics judge the sources an answer puts its name to, not what retrieval happened to rank."""

    item: EvalItem
    ranked: list[Chunk]
    answer_text: str
    abstained: bool
    cited: list[tuple[Chunk, int | None]] = field(default_factory=list)


def collapse(text: str) -> str:
    return " ".join((text or "").lower().split())


def normalise_fact_text(text: str) -> str:
    """NFC, lowercase, dashes to '-', whitespace runs to one space, no space after §, number words to digits."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("–", "-").replace("—", "-")
    text = " ".join(text.split())
    text = re.sub(r"§\s+", "§", text)
    return _NUMBER_WORD.sub(lambda m: FACT_NUMBER_WORDS[m.group(1)], text)


def is_hit(chunk: Chunk, expected: Mapping[str, str]) -> bool:
    """A chunk is a hit for an expected entry: same doc and same § (data-name) or containing the phrase."""
    if chunk.doc_id != expected.get("doc"):
        return False
    if "section" in expected:
        return chunk.section_key == expected["section"]
    if "contains" in expected:
        return collapse(expected["contains"]) in collapse(chunk.text)
    return False


def is_decisive(chunk: Chunk, ledd: int | None, expected: Mapping[str, object]) -> bool:
    """A cited source is the decisive unit: a hit, and where the entry names ledd, one of them
    (a citation without a ledd, e.g. the whole §, counts when it is a hit)."""
    if not is_hit(chunk, expected):  # type: ignore[arg-type]
        return False
    wanted = expected.get("ledd")
    if not wanted or ledd is None:
        return True
    return ledd in wanted  # type: ignore[operator]


def first_hit_rank(ranked: Sequence[Chunk], expected: Sequence[Mapping[str, str]], limit: int) -> int | None:
    for rank, chunk in enumerate(ranked[:limit], start=1):
        if any(is_hit(chunk, e) for e in expected):
            return rank
    return None


def fact_found(fact: str, answer: str) -> bool:
    norm = normalise_fact_text(answer)
    return any(normalise_fact_text(alt) in norm for alt in fact.split("|") if alt)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def summarise(outcomes: Sequence[Outcome]) -> dict[str, float | int | None]:
    """recall@5, MRR@10, abstention accuracy, false-abstention rate, key-fact coverage and all-facts share,
    and the answer metrics over answerable questions (each a share of all answerable questions):
    right_first (answered, first cited source is a hit), right_ledd (… and the decisive ledd where the
    set names one), wrong_source (answered, no cited source is a hit)."""
    answerable = [o for o in outcomes if o.item.answerable]
    unanswerable = [o for o in outcomes if not o.item.answerable]
    ranks5 = [first_hit_rank(o.ranked, o.item.expected, 5) for o in answerable]
    ranks10 = [first_hit_rank(o.ranked, o.item.expected, 10) for o in answerable]
    coverage = [
        sum(fact_found(f, o.answer_text) for f in o.item.key_facts) / len(o.item.key_facts)
        for o in answerable if o.item.key_facts
    ]
    answered = [o for o in answerable if not o.abstained]
    right_first = [bool(o.cited) and any(is_hit(o.cited[0][0], e) for e in o.item.expected) for o in answered]
    right_ledd = [bool(o.cited) and any(is_decisive(*o.cited[0], e) for e in o.item.expected) for o in answered]
    wrong = [not any(is_hit(c, e) for c, _ in o.cited for e in o.item.expected) for o in answered]
    return {
        "n": len(outcomes),
        "right_first": _share(sum(right_first), len(answerable)),
        "right_ledd": _share(sum(right_ledd), len(answerable)),
        "wrong_source": _share(sum(wrong), len(answerable)),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "recall@5": _mean(1.0 if r else 0.0 for r in ranks5),
        "mrr@10": _mean(1.0 / r if r else 0.0 for r in ranks10),
        "abstention_accuracy": _mean(1.0 if o.abstained else 0.0 for o in unanswerable),
        "false_abstention_rate": _mean(1.0 if o.abstained else 0.0 for o in answerable),
        "key_fact_coverage": _mean(coverage),
        "all_key_facts": _mean(1.0 if c == 1.0 else 0.0 for c in coverage),
    }


def report(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float | int | None]]:
    """Metrics overall and per kind."""
    result = {"overall": summarise(outcomes)}
    for kind in sorted({o.item.kind for o in outcomes}):
        result[kind] = summarise([o for o in outcomes if o.item.kind == kind])
    return result
