"""SQLAlchemy tables of the findings registry, on the shared `bot.db.Base`.

Why separate tables per level (tilsyn, outcome, lovbrudd, follow-up): officers change the
follow-up (status, dates, notes) far more often than the rest, and every change is written to
`findings_audit` field by field. The schema itself is created by migration 0002_findings; a
test compares the two so they cannot drift apart.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class TilsynRow(Base):
    __tablename__ = "findings_tilsyn"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(String(200))
    kommune: Mapped[str] = mapped_column(String(120), default="")
    theme: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[list[str]] = mapped_column(JSON, default=list)
    years: Mapped[list[str]] = mapped_column(JSON, default=list)
    rounds: Mapped[list[str]] = mapped_column(JSON, default=list)
    method: Mapped[str] = mapped_column(Text, default="")
    bydeler_covered: Mapped[list[str]] = mapped_column(JSON, default=list)
    bydeler_count: Mapped[int] = mapped_column(Integer, default=0)
    bydeler_named: Mapped[bool] = mapped_column(Boolean, default=False)
    report_doc_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    report_label: Mapped[str] = mapped_column(String(200), default="")
    report_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    source_quote: Mapped[str] = mapped_column(Text, default="")
    # A tilsyn run as a lifecycle (issue 11, migration 0005): the intake template its cases use
    # and the bydeler's deadline for documents. Empty/None for a tilsyn known only from a report.
    intake_template: Mapped[str] = mapped_column(String(64), default="", server_default="")
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OutcomeRow(Base):
    __tablename__ = "findings_outcome"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    tilsyn_id: Mapped[str] = mapped_column(ForeignKey("findings_tilsyn.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    bydel: Mapped[str | None] = mapped_column(String(80), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    season: Mapped[str] = mapped_column(String(40), default="")
    breach: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer, default=1)
    summary: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    source_heading: Mapped[str] = mapped_column(Text, default="")
    source_quote: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LovbruddRow(Base):
    __tablename__ = "findings_lovbrudd"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("findings_outcome.id"), unique=True)
    wording: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    date_concluded: Mapped[date | None] = mapped_column(Date, nullable=True)
    draft_conclusion: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FollowUpRow(Base):
    __tablename__ = "findings_followup"

    lovbrudd_id: Mapped[str] = mapped_column(ForeignKey("findings_lovbrudd.id"), primary_key=True)
    plan_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    extended_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    closed_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """One changed field: who changed what, when, from which value to which."""

    __tablename__ = "findings_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))  # tilsyn | outcome | lovbrudd | followup
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    field: Mapped[str] = mapped_column(String(80))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DigestRow(Base):
    """A weekly digest that was posted, so a restart or a second replica never posts it twice."""

    __tablename__ = "findings_digest"

    iso_week: Mapped[str] = mapped_column(String(10), primary_key=True)  # "2024-W15"
    channel: Mapped[str] = mapped_column(String(40))
    message_ts: Mapped[str] = mapped_column(String(40), default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
