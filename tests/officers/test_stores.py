"""The officers' tables on SQLite and PostgreSQL: schema = models, one winner among simultaneous replies,
one delivery among simultaneous claims, audit rows, the citation check."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session, sessionmaker

from bot.answering.service import AnsweringService
from bot.db import Base, make_engine, migrate, session_factory
from bot.domain import Answer, Audience, Passage
from bot.feedback import FeedbackStore
from bot.officers.escalations import EscalationService, Reply, Trigger
from bot.officers.standard import StandardAnswers, StandardInput
from bot.settings import Settings
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.clock import FakeClock
from tests.fakes.databases import database_url  # noqa: F401  (shared fixture)
from tests.fakes.embedder import HashingEmbedder
from tests.retrieval import corpus

NOW = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(settings: Settings, database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


def test_migration_matches_the_models(sessions: sessionmaker[Session]) -> None:
    import bot.officers.tables  # noqa: F401  (registers the tables on Base)

    with sessions.kw["bind"].connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diff if any(name in repr(d) for name in ("escalations", "standard_answer", "answer_records"))]
    assert ours == []


def _escalation(sessions: sessionmaker[Session]) -> tuple[EscalationService, str]:
    clock = FakeClock(NOW)
    answer = Answer(question="Gjelder 01019012480 tolk?", text="Ingen grunnlag.", abstained=True)
    answer_id = FeedbackStore(sessions, clock).record_answer(answer, surface="mention", asker="UBYDEL", channel="CB",
                                                             thread_ts="1.0")
    service = EscalationService(sessions, clock)
    opened = service.open(answer_id, trigger=Trigger.ABSTAINED, clicked_by="UBYDEL", clicked_in="CB", bydel="Frogner",
                          officers_channel="COFF")
    assert opened.created and opened.escalation is not None
    assert "01019012480" not in opened.escalation.question
    again = service.open(answer_id, trigger=Trigger.THUMBS_DOWN, clicked_by="UOTHER", clicked_in="CB", bydel="",
                         officers_channel="COFF")
    assert not again.created and again.escalation is not None and again.escalation.id == opened.escalation.id
    return service, opened.escalation.id


def test_simultaneous_replies_have_one_winner_and_deliveries_one_claim(sessions: sessionmaker[Session]) -> None:
    service, escalation_id = _escalation(sessions)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda n: service.reply(escalation_id, officer=f"U{n}", officer_name="", kind=Reply.ANSWERED,
                                                        text=f"svar {n}"), range(8)))
    winners = [r for r in results if r.won]
    assert len(winners) == 1
    assert all(r.escalation.reply_text == winners[0].escalation.reply_text for r in results)
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda _: service.claim_delivery(escalation_id), range(8)))
    assert sum(c is not None for c in claims) == 1
    service.delivery_failed(escalation_id, "internal_error")
    assert service.due_deliveries() == [escalation_id]
    assert service.claim_delivery(escalation_id) is not None
    service.delivered(escalation_id)
    assert service.due_deliveries() == []


def test_audit_and_the_citation_check(settings: Settings, sessions: sessionmaker[Session]) -> None:
    embedder = HashingEmbedder()
    store = InMemoryChunkStore(corpus.chunks(), embedder)
    answering = AnsweringService(settings, store=store, embedder=embedder, clock=FakeClock(NOW), law_names=corpus.ALIASES,
                                 info=lambda: {"built_at": "x"})
    answers = StandardAnswers(sessions, FakeClock(NOW), answering, timezone=settings.timezone)
    row = answers.save(StandardInput(question="Hva sier § 4 om samarbeid?", answer_text="Kommunen skal samordne.",
                                     citations=["krisesenterlova § 4 andre ledd"]),
                       actor="UOFF", audience=Audience.OFFICERS)
    assert answers.check() == []
    changed = corpus.chunks()
    k4 = next(c for c in changed if c.section_key == "§4")
    k4.pending_change = "Vert endra ved lov 1. juli 2027 nr. 9."
    store.chunks = changed
    answering.reload()
    assert [r.id for r in answers.check()] == [row.id]
    assert answers.check() == []  # marked once
    stored = answers.get(row.id)
    assert stored is not None and stored.status == "maa_vurderes" and "vedtatt endring" in stored.review_reason
    assert [(a.actor, a.field, a.old_value, a.new_value) for a in answers.audit(row.id)][-1] == (
        "index-check", "status", "godkjent", "maa_vurderes")
    # a repeal announced in the note marks it for review even when the note was there when it was saved
    repealing = StandardInput(question="Hva sier § 5?", answer_text="Teieplikt.", citations=["krisesenterlova § 5"])
    k5 = next(c for c in changed if c.section_key == "§5")
    k5.pending_change = "Oppheves ved lov 25 juni 2024 nr. 53 (i kraft 1 juli 2026)."
    answering.reload()
    saved = answers.save(repealing, actor="UOFF", audience=Audience.OFFICERS)
    assert saved.id in [r.id for r in answers.check()]
    marked = answers.get(saved.id)
    assert marked is not None and "er eller blir opphevet" in marked.review_reason
    k4.passages = [Passage(text="Ny tekst.", ledd=1)]
    answering.reload()
    assert answers.to_notify()[0].id == row.id
