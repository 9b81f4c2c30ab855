"""Core tables of the Slack surface: processed events, answered threads, answers and feedback.

Why in the database and not in memory: Slack retries an event up to three times, also after our
process restarted, and several replicas may run; the dedupe record must outlive the process.
Answered threads let follow-ups in a thread be answered without a new mention. Answers are kept
(question with identity numbers masked, answer text, sources) so that 👍/👎 clicks and
escalations refer to exactly what the user saw; answers nobody rated are purged after
`settings.answer_retention_days`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class ProcessedEvent(Base):
    __tablename__ = "slack_processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)  # claimed at
    # None while the work runs (or after it was lost in a crash): a later retry may take it over.
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AnsweredThread(Base):
    __tablename__ = "slack_answered_threads"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnswerRecord(Base):
    __tablename__ = "answer_records"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    surface: Mapped[str] = mapped_column(String(16))  # mention, dm, thread, command
    question: Mapped[str] = mapped_column(Text)  # identity numbers masked
    answer_text: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{chunk_id, label, url}]
    abstained: Mapped[bool] = mapped_column(Boolean, default=False)
    generated: Mapped[bool] = mapped_column(Boolean, default=False)
    index_date: Mapped[str] = mapped_column(String(40), default="")
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Where the answer was shown, so an officer's reply can be delivered there (migration 0006).
    asker: Mapped[str] = mapped_column(String(32), default="")
    origin_channel: Mapped[str] = mapped_column(String(32), default="")
    origin_thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Feedback(Base):
    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("answer_id", "user_id", name="uq_feedback_answer_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    answer_id: Mapped[str] = mapped_column(ForeignKey("answer_records.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    rating: Mapped[str] = mapped_column(String(8))  # "up" | "down"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
