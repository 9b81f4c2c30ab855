"""Answers shown to users and the 👍/👎 given to them, kept for later evaluation.

Why store the answer when it is posted: the feedback buttons carry only the answer id, so the
click stores exactly the question, answer and sources the user saw (from any surface, also
ephemeral slash-command answers that Slack does not send back with the click). The question
is stored with identity numbers masked (`bot.privacy.redact`); answers nobody rated are purged
after a retention period so the table is no archive of people's questions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.db import rows_affected
from bot.db.models_core import AnswerRecord, Feedback
from bot.domain import Answer
from bot.privacy import redact

RATINGS = ("up", "down")


@dataclass(frozen=True)
class RatedAnswer:
    answer_id: str
    question: str
    answer_text: str
    sources: list[dict[str, str]]
    rating: str
    user_id: str
    created_at: datetime


class FeedbackStore:
    """Records answers, ratings and escalations in the database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def record_answer(self, answer: Answer, *, surface: str, asker: str = "", channel: str = "",
                      thread_ts: str | None = None) -> str:
        """Store what the user is shown, and where (so an officer's reply to an escalation finds its way
        back); returns the id the buttons carry."""
        answer_id = uuid.uuid4().hex
        sources = [{"chunk_id": c.chunk_id, "label": c.label, "url": c.url} for c in answer.citations]
        with self.sessions() as session:
            session.add(
                AnswerRecord(
                    id=answer_id,
                    created_at=self.clock.now(),
                    surface=surface,
                    question=redact(answer.question),
                    answer_text=redact(answer.text),
                    sources=sources,
                    abstained=answer.abstained,
                    generated=answer.generated,
                    index_date=answer.index_date,
                    asker=asker,
                    origin_channel=channel,
                    origin_thread_ts=thread_ts,
                )
            )
            session.commit()
        return answer_id

    def get_answer(self, answer_id: str) -> AnswerRecord | None:
        with self.sessions() as session:
            record: AnswerRecord | None = session.get(AnswerRecord, answer_id)
            return record

    def rate(self, answer_id: str, user_id: str, rating: str, *, clicked_at: datetime | None = None) -> bool:
        """Store (or change) a user's rating. False when the answer is unknown (purged or foreign id).

        `clicked_at` is when the user clicked (Slack's `action_ts`): clicks are stored after the ack, in
        parallel workers, so a click is stored only if it is newer than the stored one, and a quick
        👎 then 👍 keeps 👍 whichever worker gets to the database first.
        """
        if rating not in RATINGS:
            raise ValueError(f"unknown rating {rating!r}")
        at = clicked_at or self.clock.now()
        with self.sessions() as session:
            if session.get(AnswerRecord, answer_id) is None:
                return False
            session.add(Feedback(answer_id=answer_id, user_id=user_id, rating=rating, created_at=at))
            try:
                session.commit()
            except IntegrityError:  # rated before: change it, unless a later click is stored already
                session.rollback()
                session.execute(
                    update(Feedback)
                    .where(Feedback.answer_id == answer_id, Feedback.user_id == user_id, Feedback.created_at <= at)
                    .values(rating=rating, created_at=at)
                )
                session.commit()
        return True

    def mark_escalated(self, answer_id: str) -> bool:
        """True the first time only, so a double click sends one notice to the officers.

        One conditional UPDATE, so two clicks handled at the same moment cannot both win.
        """
        with self.sessions() as session:
            result = session.execute(
                update(AnswerRecord)
                .where(AnswerRecord.id == answer_id, AnswerRecord.escalated_at.is_(None))
                .values(escalated_at=self.clock.now())
            )
            session.commit()
            return rows_affected(result) == 1

    def rated(self) -> list[RatedAnswer]:
        """Every rating with its answer, oldest first (for evaluation exports)."""
        with self.sessions() as session:
            rows = session.execute(
                select(Feedback, AnswerRecord).join(AnswerRecord).order_by(Feedback.created_at)
            ).all()
            return [
                RatedAnswer(a.id, a.question, a.answer_text, list(a.sources), f.rating, f.user_id, f.created_at)
                for f, a in rows
            ]

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(Feedback.rating, func.count()).group_by(Feedback.rating)).all()
            return {rating: int(n) for rating, n in rows}

    def purge_unrated(self, older_than: timedelta) -> int:
        cutoff = self.clock.now() - older_than
        rated_ids = select(Feedback.answer_id)
        with self.sessions() as session:
            result = session.execute(
                delete(AnswerRecord).where(
                    AnswerRecord.created_at < cutoff,
                    AnswerRecord.id.not_in(rated_ids),
                    AnswerRecord.escalated_at.is_(None),
                )
            )
            session.commit()
            return rows_affected(result)
