"""What the Slack surface must remember across restarts: events already processed, threads answered.

Why the database: Slack retries an event (same `event_id`) when it did not get a 2xx in time,
also while we restart; an in-memory set would answer twice. The insert is the claim: the primary
key makes "first time?" atomic across threads, processes and replicas (SQLite and PostgreSQL).

Why claims complete: a claim alone cannot tell work done from work lost in a crash (a file share
acked, then the process killed mid-validation). So the claim is made in the worker that does the
work (never before the ack, see `bot.slack.event_claims`), and marked complete when the listener
returns. A retry of an event whose claim is not complete and older than `lease` takes it over:
Slack's retry is the recovery path. Within the lease the claim counts as work in flight elsewhere.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.db import rows_affected
from bot.db.models_core import AnsweredThread, ProcessedEvent

# Longer than any listener takes in practice, shorter than Slack's second retry (about a minute later).
CLAIM_LEASE = timedelta(seconds=30)


class EventLedger:
    """Claims event ids: `claim(id)` is True once per id, or again for a retry of lost work."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, *, lease: timedelta = CLAIM_LEASE) -> None:
        self.sessions = sessions
        self.clock = clock
        self.lease = lease
        self._in_flight: set[str] = set()  # claimed by this process and not yet completed
        self._lock = threading.Lock()

    def claim(self, event_id: str) -> bool:
        """True when the caller should do the work: the first claim, or taking over a stale one."""
        with self._lock:
            if event_id in self._in_flight:
                return False
        now = self.clock.now()
        with self.sessions() as session:
            session.add(ProcessedEvent(event_id=event_id, received_at=now))
            try:
                session.commit()
                claimed = True
            except IntegrityError:
                session.rollback()
                stale = session.execute(
                    update(ProcessedEvent)
                    .where(ProcessedEvent.event_id == event_id, ProcessedEvent.completed_at.is_(None),
                           ProcessedEvent.received_at < now - self.lease)
                    .values(received_at=now)
                )
                session.commit()
                claimed = rows_affected(stale) == 1
        if claimed:
            with self._lock:
                self._in_flight.add(event_id)
        return claimed

    def complete(self, event_id: str) -> None:
        """The work for `event_id` has ended (answered, or failed and reported): retries are duplicates."""
        try:
            with self.sessions() as session:
                session.execute(
                    update(ProcessedEvent).where(ProcessedEvent.event_id == event_id).values(completed_at=self.clock.now())
                )
                session.commit()
        finally:
            with self._lock:
                self._in_flight.discard(event_id)

    def seen(self, event_id: str) -> bool:
        with self.sessions() as session:
            return session.get(ProcessedEvent, event_id) is not None

    def completed(self, event_id: str) -> bool:
        with self.sessions() as session:
            row = session.get(ProcessedEvent, event_id)
            return row is not None and row.completed_at is not None

    def purge(self, older_than: timedelta = timedelta(days=7)) -> int:
        """Forget ids older than Slack's retry window (minutes) with a wide margin."""
        cutoff: datetime = self.clock.now() - older_than
        with self.sessions() as session:
            result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
            session.commit()
            return rows_affected(result)


class ThreadMemory:
    """Threads the bot has answered in: follow-ups there need no new @-mention."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def remember(self, channel: str, thread_ts: str) -> None:
        with self.sessions() as session:
            if session.get(AnsweredThread, (channel, thread_ts)) is None:
                session.add(AnsweredThread(channel=channel, thread_ts=thread_ts, created_at=self.clock.now()))
                try:
                    session.commit()
                except IntegrityError:  # another worker remembered it at the same moment
                    session.rollback()

    def answered(self, channel: str, thread_ts: str) -> bool:
        with self.sessions() as session:
            stmt = select(AnsweredThread.thread_ts).where(
                AnsweredThread.channel == channel, AnsweredThread.thread_ts == thread_ts
            )
            return session.execute(stmt).first() is not None
