"""Dedupe and feedback stores on SQLite always, and on PostgreSQL when TILSYNSBOT_TEST_POSTGRES_URL is set.

Why Postgres too: several replicas share one database in production, and "answered once" rests on
the primary-key insert being the claim in both databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine, migrate, session_factory
from bot.domain import Answer, Citation
from bot.feedback import FeedbackStore
from bot.settings import Settings
from bot.slack.dedupe import EventLedger, ThreadMemory


class StepClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


def _postgres_url() -> str:
    url = os.environ.get("TILSYNSBOT_TEST_POSTGRES_URL", "")
    if not url:
        pytest.skip("TILSYNSBOT_TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sessions(request: pytest.FixtureRequest, settings: Settings) -> Iterator[sessionmaker]:
    url = settings.resolved_database_url if request.param == "sqlite" else _postgres_url()
    engine = make_engine(url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


def test_event_is_claimed_once_even_under_concurrency(sessions: sessionmaker) -> None:
    ledger = EventLedger(sessions, StepClock())
    event_id = f"Ev-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        claims = list(pool.map(lambda _: ledger.claim(event_id), range(16)))
    assert claims.count(True) == 1
    assert ledger.seen(event_id)


def test_old_event_ids_are_purged(sessions: sessionmaker) -> None:
    clock = StepClock()
    ledger = EventLedger(sessions, clock)
    old, new = f"Ev-{uuid.uuid4().hex}", f"Ev-{uuid.uuid4().hex}"
    ledger.claim(old)
    clock.at += timedelta(days=8)
    ledger.claim(new)
    ledger.purge(timedelta(days=7))
    assert not ledger.seen(old) and ledger.seen(new)


def test_thread_memory(sessions: sessionmaker) -> None:
    threads = ThreadMemory(sessions, StepClock())
    channel = f"C{uuid.uuid4().hex[:8]}"
    threads.remember(channel, "1.1")
    threads.remember(channel, "1.1")
    assert threads.answered(channel, "1.1") and not threads.answered(channel, "2.2")


def test_feedback_ratings_escalation_and_retention(sessions: sessionmaker) -> None:
    clock = StepClock()
    store = FeedbackStore(sessions, clock)
    answer = Answer(question="Hva sier § 4?", text="Svar.", abstained=False,
                    citations=[Citation(chunk_id="c1", doc_id="d", title="T", label="krisesenterlova § 4")])
    rated_id = store.record_answer(answer, surface="dm")
    unrated_id = store.record_answer(answer, surface="dm")
    assert store.rate(rated_id, "U1", "up") and store.rate(rated_id, "U1", "down")
    assert not store.rate("no-such-answer", "U1", "up")
    assert store.mark_escalated(rated_id) and not store.mark_escalated(rated_id)
    clock.at += timedelta(days=40)
    store.purge_unrated(timedelta(days=30))
    assert store.get_answer(unrated_id) is None
    assert store.get_answer(rated_id) is not None
    mine = [r for r in store.rated() if r.answer_id == rated_id]
    assert [(r.rating, r.sources[0]["label"]) for r in mine] == [("down", "krisesenterlova § 4")]


def test_concurrent_escalation_clicks_win_once(sessions: sessionmaker) -> None:
    store = FeedbackStore(sessions, StepClock())
    answer_id = store.record_answer(Answer(question="q", text="Ingen grunnlag.", abstained=True), surface="dm")
    with ThreadPoolExecutor(max_workers=8) as pool:
        wins = list(pool.map(lambda _: store.mark_escalated(answer_id), range(16)))
    assert wins.count(True) == 1


def test_a_first_click_that_loses_the_insert_race_still_counts(sessions: sessionmaker) -> None:
    """Two first clicks at the same moment: the one that loses the insert must update, not vanish."""
    from sqlalchemy import event

    from bot.db.models_core import Feedback

    clock = StepClock()
    store = FeedbackStore(sessions, clock)
    answer_id = store.record_answer(Answer(question="q", text="Svar.", abstained=False), surface="dm")
    racing = {"armed": True}

    def other_click_inserts_first(session) -> None:  # type: ignore[no-untyped-def]
        if racing.pop("armed", False):
            with sessions() as other:
                other.add(Feedback(answer_id=answer_id, user_id="U1", rating="down", created_at=clock.now()))
                other.commit()

    event.listen(sessions, "before_commit", other_click_inserts_first)
    try:
        assert store.rate(answer_id, "U1", "up")
    finally:
        event.remove(sessions, "before_commit", other_click_inserts_first)
    assert [(r.rating, r.user_id) for r in store.rated() if r.answer_id == answer_id] == [("up", "U1")]
