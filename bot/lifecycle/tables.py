"""The one table of the lifecycle: every stage change of one bydel in one tilsyn, as an event.

Why events and no "current stage" column: the stage, the deadline that applies, who got an
extension and when a lovbrudd was closed are all read from this history, so the audit trail and
the state cannot disagree. Created by migration 0005_tilsyn_lifecycle; keep the two in step.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base
from bot.intake.models import UTCDateTime


class LifecycleEvent(Base):
    __tablename__ = "lifecycle_events"
    __table_args__ = (UniqueConstraint("tilsyn_id", "subject", "seq", name="uq_lifecycle_event_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tilsyn_id: Mapped[str] = mapped_column(ForeignKey("findings_tilsyn.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))  # a bydel's name, or an outcome id when the report names none
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … per (tilsyn, subject): the optimistic lock
    kind: Mapped[str] = mapped_column(String(30))  # see stages.EventKind
    from_stage: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_stage: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str] = mapped_column(Text, default="")  # identity numbers masked before storage
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)  # the deadline this event set
    case_id: Mapped[str | None] = mapped_column(String(20), nullable=True)  # the intake case it concerns
    lovbrudd_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
