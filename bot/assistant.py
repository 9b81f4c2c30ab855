"""The question pipeline every surface uses (Slack, CLI, chat): privacy -> route -> answer -> generate.

Why here and not in a listener: Slack, the CLI and the terminal chat must give the same answer
to the same question, so routing between the findings registry and the knowledge base, the
officers' approved standard answers (tried before retrieval), and the optional LLM step with its
citation check, live in one service that knows nothing about Slack.

Questions longer than `MAX_QUESTION_CHARS` are declined here, before any text processing: Slack
allows 40,000-character messages, and a question is never that long, while the cost of analysing
one grows with its length. Declining (rather than cutting) keeps the answer about what was asked;
the user is told to shorten it. Earlier questions given as context are held to the same cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.domain import Answer, Audience, SearchHit
from bot.errors import QuestionTooLongError
from bot.privacy import redact
from bot.texts import answers as texts

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

# Eval questions are under 200 characters; a pasted paragraph with a question fits in 2,000.
MAX_QUESTION_CHARS = 2_000


def check_question_length(question: str, limit: int = MAX_QUESTION_CHARS) -> None:
    """Raise `QuestionTooLongError` (with the Norwegian message) when `question` is over `limit`."""
    if len(question) > limit:
        raise QuestionTooLongError(
            texts.QUESTION_TOO_LONG.format(length=f"{len(question):,}".replace(",", " "), limit=f"{limit:,}".replace(",", " ")),
            detail=f"question of {len(question)} characters (limit {limit})",
        )


class Route(StrEnum):
    KNOWLEDGE = "knowledge"
    FINDINGS = "findings"
    BOTH = "both"


class AnsweringPort(Protocol):
    def answer(
        self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC
    ) -> Answer: ...


@runtime_checkable
class ReloadableIndex(Protocol):
    """An answering service that caches the index and can re-read it (the real one; fakes need not).

    Used where the index changes while the bot runs (submitted intake files become searchable)."""

    embedder: Embeddings | None

    def reload(self) -> None: ...


class FindingsPort(Protocol):
    def route(self, question: str) -> Route: ...

    def answer_question(self, question: str, *, audience: Audience = Audience.PUBLIC) -> Answer: ...


class GeneratorPort(Protocol):
    def generate(
        self, question: str, *, context: Sequence[str], hits: Sequence[SearchHit], fallback: Answer
    ) -> Answer: ...


class StandardAnswerPort(Protocol):
    """`bot.officers.serving.StandardAnswerServer`: an approved standard answer for the question, or None."""

    def answer_for(self, question: str) -> Answer | None: ...


class HealthStatus(Protocol):
    """What the assistant reads of a store probe's result."""

    @property
    def ok(self) -> bool: ...


class StoreHealthPort(Protocol):
    """`latest()` of `ingest.index.health.StoreProbe`: must not wait on the store."""

    def latest(self) -> HealthStatus: ...


class Assistant:
    """Answers a question for a given audience, from the records and/or the knowledge base.

    With `store_health`, a knowledge answer given while the vector store is unusable says so in a
    note: retrieval then falls back to keywords, which is less precise, and the user should know.
    """

    def __init__(
        self,
        answering: AnsweringPort,
        findings: FindingsPort | None = None,
        generator: GeneratorPort | None = None,
        store_health: StoreHealthPort | None = None,
        standard_answers: StandardAnswerPort | None = None,
    ) -> None:
        self.answering = answering
        self.standard_answers = standard_answers
        self.findings = findings
        self.generator = generator
        self.store_health = store_health

    def ask(
        self, question: str, *, audience: Audience = Audience.PUBLIC, context: Sequence[str] = ()
    ) -> Answer:
        check_question_length(question or "")
        # Identity numbers never travel further than this line, whatever the caller did.
        question = redact(question)
        context = [redact(c) for c in context if len(c) <= MAX_QUESTION_CHARS]
        route = self.findings.route(question) if self.findings else Route.KNOWLEDGE
        records = (self.findings.answer_question(question, audience=audience)
                   if self.findings is not None and route is not Route.KNOWLEDGE else None)
        if route is Route.FINDINGS and records is not None and not records.abstained:
            return records
        # A findings question the records do not answer (none match its year or bydel: "kva frist fekk
        # bydelen … då informasjonsskrivet vart skrive i 2024?") may still be answered by the indexed
        # letter; the knowledge base is asked, and the records' "nothing registered" stands if it declines too.

        # The officers' approved answer, with the law it cites quoted as it reads today, stands as it is:
        # not retrieved (so no note about the store), not rewritten by the generator.
        standard = self.standard_answers.answer_for(question) if self.standard_answers is not None else None
        answer = standard if standard is not None else self._retrieved(question, context, audience)
        if route is Route.FINDINGS and records is not None:
            # what the register lacks stays in front ("ingen opplysninger … (filter: år 2021)"): the letter's
            # figures that follow are of its own year, not an answer for the year asked
            return after_records(records, answer)
        return combine(records, answer) if records is not None else answer

    def _retrieved(self, question: str, context: Sequence[str], audience: Audience) -> Answer:
        """The knowledge base's answer: retrieval, the store's note, then the optional generator."""
        answer = self._with_store_notice(self.answering.answer(question, context=context, audience=audience))
        if self.generator is not None and not answer.abstained:
            answer = self.generator.generate(question, context=context, hits=answer.hits, fallback=answer)
        return answer

    def _with_store_notice(self, answer: Answer) -> Answer:
        if self.store_health is None or self.store_health.latest().ok:
            return answer
        return answer.model_copy(update={"notes": [*answer.notes, texts.KEYWORD_ONLY_NOTE]})


def after_records(records: Answer, knowledge: Answer) -> Answer:
    """The knowledge base's answer to a findings question the records do not answer (`records` is always their
    decline), after the records' own word that they hold nothing matching; the records' decline alone when the
    knowledge base declines too. Unlike `combine`, the decline is kept: the letter's figures that follow are of
    its own year, not the year asked for."""
    if knowledge.abstained:
        return records
    return knowledge.model_copy(update={"text": f"{records.text}\n\n{knowledge.text}"})


def combine(records: Answer, knowledge: Answer) -> Answer:
    """One answer from the findings records and the knowledge base, records first."""
    if knowledge.abstained:
        return records
    if records.abstained:
        return knowledge
    return knowledge.model_copy(
        update={
            "text": f"{records.text}\n\n{knowledge.text}",
            "citations": records.citations + knowledge.citations,
            "currency_notes": records.currency_notes + knowledge.currency_notes,
            "notes": records.notes + knowledge.notes,
        }
    )
