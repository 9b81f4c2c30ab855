"""Answering from a standard answer: match, re-check the citations, quote the law as it reads today.

Why the law is quoted live: the standard answer's own text is the officers' judgement, but the law
it rests on is read from the index at answer time, so the user sees the wording in force (and a
standard answer whose § changed since it was approved is put to "må vurderes" here too, at the
first question that would have used it, and not served). Only approved answers are ever served,
to officers and bydel staff alike.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.dates import long_date
from bot.domain import Answer, Citation
from bot.officers.matching import Matcher, QueryEmbedder
from bot.officers.standard import CitationIndex, StandardAnswers, check_citations
from bot.officers.tables import StandardAnswerRow
from bot.settings import Settings
from bot.texts import officers as t

log = logging.getLogger(__name__)


class StandardAnswerServer:
    """`answer_for(question)`: the standard answer for `question`, or None (then the normal pipeline runs)."""

    def __init__(self, answers: StandardAnswers, matcher: Matcher) -> None:
        self.answers = answers
        self.matcher = matcher

    def best(self, question: str) -> tuple[StandardAnswerRow, float] | None:
        """The approved standard answer that `question` matches best, with its score; None below the threshold."""
        best: tuple[StandardAnswerRow, float] | None = None
        rows = self.answers.approved()
        if not rows:
            return None  # nothing to match: no embedding either
        scored = self.matcher.similarities(question, [[row.question, *row.alternatives] for row in rows])
        for row, similarity in zip(rows, scored, strict=True):
            if self.matcher.matches(similarity) and (best is None or similarity.score > best[1]):
                best = (row, similarity.score)
        return best

    def answer_for(self, question: str) -> Answer | None:
        found = self.best(question)
        if found is None:
            return None
        row, score = found
        index = self.answers.index
        findings = check_citations(row.citations, index)
        if findings:
            self.answers.mark_for_review(row.id, "; ".join(f.reason for f in findings))
            log.info("standard answer %s not served: its citations changed", row.id)
            return None
        lines = [t.STANDARD_LABEL.format(date=long_date(row.approved_on) if row.approved_on else ""), "", row.answer_text]
        citations: list[Citation] = []
        for cited in row.citations:
            provision = index.provision(cited["ref"])
            if provision is None:  # removed between the check and now: never serve half an answer
                return None
            lines += ["", t.STANDARD_LAW_HEADING.format(label=provision.label),
                      *(f"«{part.strip()}»" for part in provision.text.split("\n") if part.strip())]
            citations.extend(provision.citations)
        log.info("served standard answer %s score=%.3f", row.id, score)
        return Answer(question=question, text="\n".join(lines), abstained=False, citations=citations,
                      index_date=str(index.index_info().get("built_at", "") or ""))


def build_standard_answers(settings: Settings, sessions: sessionmaker[Session], clock: Clock, index: object,
                           embedder: QueryEmbedder | None) -> tuple[StandardAnswers, StandardAnswerServer] | None:
    """The standard answers and their server over `index`, as every surface wires them (Slack, `ask`, chat);
    None when `index` cannot read citations (a test's fake answering port)."""
    if not isinstance(index, CitationIndex):
        return None
    answers = StandardAnswers(sessions, clock, index, timezone=settings.timezone)
    matcher = Matcher(embedder, threshold=settings.standard_answer_threshold,
                      dense_weight=settings.standard_answer_dense_weight)
    return answers, StandardAnswerServer(answers, matcher)
