"""Fixtures for the findings registry: a migrated database (SQLite; PostgreSQL when configured),
a fake clock and a seeded FindingsService.

`database_url` is parametrised: store tests run on SQLite and again on a real PostgreSQL server
(a fresh schema per test) when `TILSYNSBOT_TEST_POSTGRES_URL` is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine, migrate, session_factory
from bot.findings.service import FindingsService, build_findings_service
from bot.settings import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.databases import database_url  # noqa: F401  (shared fixture)

OPEN_ID = "oslo-krisesenter-2022-2023/lovbrudd-3"
CLOSED_IDS = ("oslo-krisesenter-2022-2023/lovbrudd-1", "oslo-krisesenter-2022-2023/lovbrudd-2")


@pytest.fixture
def clock() -> FakeClock:
    """Early March 2024: after the letter, six weeks before the extended plan deadline (15 April)."""
    return FakeClock(datetime(2024, 3, 4, 8, 0, tzinfo=UTC))


@pytest.fixture
def findings_settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url, "officers_channel": "COFFICERS"})


@pytest.fixture
def sessions(findings_settings: Settings) -> Iterator[sessionmaker]:
    engine = make_engine(findings_settings.resolved_database_url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def service(findings_settings: Settings, sessions: sessionmaker, clock: FakeClock) -> FindingsService:
    return build_findings_service(findings_settings, sessions, clock=clock)
