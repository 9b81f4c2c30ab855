"""What the Slack surface must remember across restarts: events already processed, threads answered.

Why the database: Slack retries an event (same `event_id`) when it did not get a 2xx in time,
also while we restart; an in-memory set would answer twice. The insert is the claim: the primary
key makes "first time?" atomic across threads, processes and replicas (SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.clock import Clock
from bot.db.models_core import AnsweredThread, ProcessedEvent


class EventLedger:
    """Claims event ids: `claim(id)` is True exactly once per id, ever (until purged)."""

    def __init__(self, sessions: sessionmaker, clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def claim(self, event_id: str) -> bool:
        with self.sessions() as session:
            session.add(ProcessedEvent(event_id=event_id, received_at=self.clock.now()))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def seen(self, event_id: str) -> bool:
        with self.sessions() as session:
            return session.get(ProcessedEvent, event_id) is not None

    def purge(self, older_than: timedelta = timedelta(days=7)) -> int:
        """Forget ids older than Slack's retry window (minutes) with a wide margin."""
        cutoff: datetime = self.clock.now() - older_than
        with self.sessions() as session:
            result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
            session.commit()
            return int(result.rowcount or 0)


class ThreadMemory:
    """Threads the bot has answered in: follow-ups there need no new @-mention."""

    def __init__(self, sessions: sessionmaker, clock: Clock) -> None:
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
