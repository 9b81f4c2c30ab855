"""Reading and appending lifecycle events; a bydel's state is folded from its events.

Why the check runs inside the write transaction: the stage an officer saw may be stale (a double
click, two officers, a plan submitted meanwhile). `append` re-reads the subject's events in the
same transaction, runs the caller's check on the stage found there, and writes with the next
sequence number; the unique (tilsyn, subject, seq) makes a concurrent writer fail instead of
both succeeding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.errors import ValidationFailedError
from bot.lifecycle.stages import AWAITING_BYDEL, EXTENDABLE, EventKind, Stage
from bot.lifecycle.tables import LifecycleEvent
from bot.privacy import redact
from bot.texts import lifecycle as t


@dataclass(frozen=True)
class Event:
    """One audited event: who, when, from -> to, and what it set."""

    id: int
    tilsyn_id: str
    subject: str
    seq: int
    kind: EventKind
    from_stage: Stage | None
    to_stage: Stage
    actor: str
    at: datetime
    comment: str
    deadline: date | None
    case_id: str | None
    lovbrudd_id: str | None


@dataclass(frozen=True)
class Change:
    """What a caller wants appended (the store fills in subject, seq, from-stage, actor and time)."""

    kind: EventKind
    to_stage: Stage
    comment: str = ""
    deadline: date | None = None
    case_id: str | None = None
    lovbrudd_id: str | None = None


@dataclass(frozen=True)
class SubjectState:
    """A bydel (or an unnamed outcome) in one tilsyn, as its events say it stands."""

    tilsyn_id: str
    subject: str
    events: tuple[Event, ...] = field(default_factory=tuple)

    @property
    def stage(self) -> Stage | None:
        return self.events[-1].to_stage if self.events else None

    @property
    def deadline(self) -> date | None:
        """The deadline set last (by the notice, a plan request, "trenger mer" or an extension)."""
        return next((e.deadline for e in reversed(self.events) if e.deadline is not None), None)

    @property
    def next_deadline(self) -> date | None:
        """The deadline that applies now: only while the bydel delivers or a plan is assessed."""
        return self.deadline if self.stage in EXTENDABLE else None

    def overdue(self, today: date) -> bool:
        return self.stage in AWAITING_BYDEL and self.deadline is not None and self.deadline < today

    @property
    def extensions(self) -> list[Event]:
        return [e for e in self.events if e.kind is EventKind.DEADLINE_EXTENDED]

    def case_for(self, stage: Stage) -> str | None:
        """The intake case opened with the event into `stage` (VARSLET: documents, PLAN_ETTERSPURT: plan)."""
        return next((e.case_id for e in reversed(self.events) if e.to_stage is stage and e.case_id), None)

    @property
    def current_case(self) -> str | None:
        if self.stage in (Stage.VARSLET, Stage.DOKUMENTER_MOTTATT):
            return self.case_for(Stage.VARSLET)
        return self.case_for(Stage.PLAN_ETTERSPURT)

    @property
    def cases(self) -> list[str]:
        return list(dict.fromkeys(e.case_id for e in self.events if e.case_id))

    @property
    def lovbrudd_id(self) -> str | None:
        return next((e.lovbrudd_id for e in reversed(self.events) if e.lovbrudd_id), None)


def _event(row: LifecycleEvent) -> Event:
    return Event(
        id=row.id, tilsyn_id=row.tilsyn_id, subject=row.subject, seq=row.seq, kind=EventKind(row.kind),
        from_stage=Stage(row.from_stage) if row.from_stage else None, to_stage=Stage(row.to_stage), actor=row.actor,
        at=row.at, comment=row.comment, deadline=row.deadline, case_id=row.case_id, lovbrudd_id=row.lovbrudd_id,
    )


class EventStore:
    """Repository of `lifecycle_events`. Knows the rules only through the `check` callers pass in."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def append(
        self, tilsyn_id: str, subject: str, changes: Sequence[Change], *, actor: str,
        check: Callable[[Stage | None], None], label: str = "", at: datetime | None = None,
    ) -> list[Event]:
        """Append `changes` in one transaction after `check(current stage)` passed; returns the new events."""
        when = at or self.clock.now()
        try:
            with self.sessions.begin() as session:
                rows = session.scalars(
                    select(LifecycleEvent).where(LifecycleEvent.tilsyn_id == tilsyn_id, LifecycleEvent.subject == subject)
                    .order_by(LifecycleEvent.seq)
                ).all()
                current = Stage(rows[-1].to_stage) if rows else None
                check(current)
                seq = rows[-1].seq if rows else 0
                written = []
                for change in changes:
                    seq += 1
                    row = LifecycleEvent(
                        tilsyn_id=tilsyn_id, subject=subject, seq=seq, kind=change.kind.value,
                        from_stage=current.value if current else None, to_stage=change.to_stage.value, actor=actor,
                        at=when, comment=redact(change.comment.strip()), deadline=change.deadline,
                        case_id=change.case_id, lovbrudd_id=change.lovbrudd_id,
                    )
                    session.add(row)
                    written.append(row)
                    current = change.to_stage
                session.flush()
                return [_event(r) for r in written]
        except IntegrityError as error:
            raise ValidationFailedError(t.CONCURRENT.format(subject=label or subject), detail=str(error)) from error

    def events(self, tilsyn_id: str | None = None) -> list[Event]:
        with self.sessions() as session:
            query = select(LifecycleEvent).order_by(LifecycleEvent.tilsyn_id, LifecycleEvent.subject, LifecycleEvent.seq)
            if tilsyn_id is not None:
                query = query.where(LifecycleEvent.tilsyn_id == tilsyn_id)
            return [_event(r) for r in session.scalars(query)]

    def states(self, tilsyn_id: str | None = None) -> list[SubjectState]:
        grouped: dict[tuple[str, str], list[Event]] = {}
        for event in self.events(tilsyn_id):
            grouped.setdefault((event.tilsyn_id, event.subject), []).append(event)
        return [SubjectState(k[0], k[1], tuple(v)) for k, v in grouped.items()]

    def state(self, tilsyn_id: str, subject: str) -> SubjectState:
        return next((s for s in self.states(tilsyn_id) if s.subject == subject), SubjectState(tilsyn_id, subject))

    def subject_of_case(self, case_id: str) -> tuple[str, str] | None:
        """(tilsyn, subject) whose events name this intake case, if any."""
        with self.sessions() as session:
            row = session.scalars(select(LifecycleEvent).where(LifecycleEvent.case_id == case_id)).first()
            return (row.tilsyn_id, row.subject) if row else None
