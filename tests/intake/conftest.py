"""Fixtures for intake tests: a database (SQLite always, PostgreSQL when configured), a fake clock,
an intake service with one officer and a bydel, and helpers to build documents.

The `database_url` fixture is parametrised: every store test runs on SQLite, and again on a real
PostgreSQL server (a fresh schema per test) when `TILSYNSBOT_TEST_POSTGRES_URL` is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.db import make_engine, migrate, session_factory
from bot.intake.service import Actor, IntakeService, build_intake_service
from bot.settings import Settings
from tests.fakes.clock import FakeClock

POSTGRES_URL = os.environ.get("TILSYNSBOT_TEST_POSTGRES_URL", "")
OFFICER = "UOFFICER"
CONTACT = "UKONTAKT"
COLLEAGUE = "UKOLLEGA"
OUTSIDER = "UANNEN"  # staff of another bydel


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="TILSYNSBOT_TEST_POSTGRES_URL is not set"),
            ],
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'tilsynsbot.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def bydeler_file(tmp_path: Path) -> Path:
    path = tmp_path / "bydeler.yaml"
    path.write_text(
        "bydeler:\n"
        f"  Frogner: {{users: [{CONTACT}, {COLLEAGUE}]}}\n"
        f"  Grünerløkka: {{users: [{OUTSIDER}]}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def intake_settings(settings: Settings, database_url: str, bydeler_file: Path) -> Settings:
    return settings.model_copy(
        update={
            "database_url": database_url,
            "officer_user_ids": [OFFICER],
            "bydel_members_file": bydeler_file,
            "officers_channel": "COFFICERS",
            "max_upload_mb": 1,
        }
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def service(intake_settings: Settings, clock: FakeClock) -> Iterator[IntakeService]:
    engine = make_engine(intake_settings.resolved_database_url)
    migrate(engine)
    yield build_intake_service(intake_settings, session_factory(engine), clock=clock)
    engine.dispose()


@pytest.fixture
def officer() -> Actor:
    return Actor(OFFICER)


@pytest.fixture
def contact() -> Actor:
    return Actor(CONTACT)
