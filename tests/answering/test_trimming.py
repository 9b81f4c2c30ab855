"""Which quote goes when an answer is too long for Slack."""

from __future__ import annotations

from bot.answering.compose import weakest
from bot.domain import Citation


def quote(name: str, relevance: float) -> tuple[str, Citation, float]:
    cite = Citation(chunk_id=name, doc_id="D", title="T", label=name, url="", quote=name, score=0.0)
    return name, cite, relevance


def test_the_leading_quote_stays_though_a_later_one_covers_more() -> None:
    lead, long_one, other = quote("lead", 0.4), quote("long", 0.9), quote("other", 0.6)
    # the lead is the least relevant by its words, but it is what ranked best: the weakest after it goes
    assert weakest([lead, long_one, other], by_relevance=True)[0] == "other"
    assert weakest([lead, long_one], by_relevance=True)[0] == "long"


def test_a_named_section_read_from_the_top_loses_its_last_quote() -> None:
    first, second, third = quote("første ledd", 0.9), quote("andre ledd", 0.1), quote("tredje ledd", 0.5)
    assert weakest([first, second, third], by_relevance=False)[0] == "tredje ledd"
    assert weakest([first], by_relevance=True)[0] == "første ledd"
