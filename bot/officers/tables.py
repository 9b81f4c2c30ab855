"""Tables of the officers' loop: escalations, standard answers and the standard answers' audit trail.

Why the escalation is a row of its own (and not columns on the answer record): it outlives the
answer's retention, carries the reply path (where the asker asked, so the officer's answer can be
delivered there later) and the delivery state, so a Slack failure half-way leaves a row that the
scheduler finishes. Created by migration 0006_standard_answers; a test compares the two.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class EscalationRow(Base):
    __tablename__ = "escalations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    answer_id: Mapped[str] = mapped_column(String(32), unique=True)  # one escalation per bot answer
    trigger: Mapped[str] = mapped_column(String(16))  # "abstained" | "thumbs_down"
    asker: Mapped[str] = mapped_column(String(32))
    origin_surface: Mapped[str] = mapped_column(String(16))  # mention | dm | thread | command
    origin_channel: Mapped[str] = mapped_column(String(32), default="")
    origin_thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    question: Mapped[str] = mapped_column(Text)  # identity numbers masked
    bydel: Mapped[str] = mapped_column(String(80), default="")
    bot_answer: Mapped[str] = mapped_column(Text, default="")
    bot_abstained: Mapped[bool] = mapped_column(Boolean, default=True)
    bot_sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    officers_channel: Mapped[str] = mapped_column(String(32), default="")
    officers_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None: not posted yet
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | answered | declined
    answered_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    answered_by_name: Mapped[str] = mapped_column(String(120), default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reply_text: Mapped[str] = mapped_column(Text, default="")  # the answer, or the reason for declining
    citations: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{ref, label, url}]
    link: Mapped[str] = mapped_column(String(500), default="")
    delivery: Mapped[str] = mapped_column(String(16), default="none")  # none | pending | sending | delivered | failed
    delivery_attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivery_error: Mapped[str] = mapped_column(String(120), default="")
    delivery_claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    post_stale: Mapped[bool] = mapped_column(Boolean, default=False)  # the officers' post must be redrawn
    standard_answer_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class StandardAnswerRow(Base):
    __tablename__ = "standard_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer_text: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # see standard.CitationSnapshot
    owner: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)  # utkast | godkjent | trukket | maa_vurderes
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_reason: Mapped[str] = mapped_column(Text, default="")  # why "må vurderes"
    owner_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    origin: Mapped[str] = mapped_column(String(64), default="")  # "escalation:<id>" | "answer:<id>" | "import"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StandardAnswerAudit(Base):
    __tablename__ = "standard_answer_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    standard_answer_id: Mapped[str] = mapped_column(ForeignKey("standard_answers.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(32))  # a Slack user id, "cli" or "index-check"
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
