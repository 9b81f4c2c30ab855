"""Tables of guided intake: cases, contacts, item states, files, answers, audit log, reminders.

Why so many small tables: every step of the dialog is committed on its own (one row changes per
click or file), so killing the process at any moment loses at most the click in flight. Item
states and answers carry a version column that SQLAlchemy checks on UPDATE, which is how two
people answering the same item at once are detected instead of one silently overwriting the other.
The schema is created by migration 0003_intake; keep the two in step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.db import Base


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, also on SQLite (which stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:  # noqa: ARG002 - SQLAlchemy's signature
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:  # noqa: ARG002 - SQLAlchemy's signature
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class IntakeCase(Base):
    __tablename__ = "intake_cases"
    __table_args__ = (UniqueConstraint("tilsyn", "bydel", name="uq_intake_case_tilsyn_bydel"),)

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    tilsyn: Mapped[str] = mapped_column(String(120))
    template_id: Mapped[str] = mapped_column(String(64))
    bydel: Mapped[str] = mapped_column(String(80))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | submitted
    current_step: Mapped[str | None] = mapped_column(String(140), nullable=True)
    dialog_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    submitted_by: Mapped[str | None] = mapped_column(String(40), nullable=True)


class IntakeContact(Base):
    __tablename__ = "intake_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(40), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IntakeItemState(Base):
    __tablename__ = "intake_items"
    __table_args__ = (UniqueConstraint("case_id", "item_id", name="uq_intake_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | files | not_exists | later
    explanation: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class IntakeFile(Base):
    __tablename__ = "intake_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    file_type: Mapped[str] = mapped_column(String(10))
    source_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # e.g. the Slack file id
    note: Mapped[str | None] = mapped_column(String(40), nullable=True)  # e.g. "no_text" for scanned PDFs
    uploaded_by: Mapped[str] = mapped_column(String(40))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class IntakeAnswer(Base):
    __tablename__ = "intake_answers"
    __table_args__ = (UniqueConstraint("case_id", "question_id", name="uq_intake_answer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class IntakeAudit(Base):
    """Who did what when. `detail` holds ids, names and hashes, never answer or message text."""

    __tablename__ = "intake_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")


class IntakeNotification(Base):
    """One row per (case, kind, deadline): a reminder or overdue notice is claimed once, then sent."""

    __tablename__ = "intake_notifications"
    __table_args__ = (UniqueConstraint("case_id", "kind", "deadline", name="uq_intake_notification"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("intake_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # before_7, before_2, due, overdue
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="claimed")  # claimed | sent
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
