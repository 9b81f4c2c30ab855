"""Answering fixtures: the service over the hand-made knowledge base, with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.answering.service import AnsweringService
from bot.settings import Settings
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.clock import FakeClock
from tests.fakes.embedder import HashingEmbedder
from tests.retrieval import corpus

BEFORE_2026 = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
AFTER_2026 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def make_service(settings: Settings, fake_embedder: HashingEmbedder) -> Callable[..., AnsweringService]:
    def make(now: datetime = AFTER_2026, chunks: list | None = None) -> AnsweringService:
        store = InMemoryChunkStore(corpus.chunks() if chunks is None else chunks, fake_embedder)
        return AnsweringService(
            settings, store=store, embedder=fake_embedder, clock=FakeClock(now), law_names=corpus.ALIASES,
            info=lambda: {"built_at": "2026-03-01T08:00:00+00:00", "sources": [], "chunks": store.count()},
        )

    return make


@pytest.fixture
def service(make_service: Callable[..., AnsweringService]) -> AnsweringService:
    return make_service()
