"""Fixtures for the tilsyn lifecycle: the real findings, intake and lifecycle services on one
database (SQLite always, PostgreSQL when `TILSYNSBOT_TEST_POSTGRES_URL` is set), three bydeler
with a contact each, one officer, a fake clock, and the fake Slack Web API with the settings the
running app (`slack_harness.running`) is started with.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.access import Directory
from bot.db import make_engine, migrate, session_factory
from bot.findings.service import build_findings_service
from bot.intake.service import Actor, build_intake_service
from bot.lifecycle.service import LifecycleService, build_lifecycle_service
from bot.lifecycle.spec import TilsynSpec
from bot.settings import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.databases import database_url  # noqa: F401  (shared fixture)
from tests.fakes.slack_api import FakeSlackAPI

OFFICER = "UOFFICER"
FROGNER, SAGENE, ALNA = "UFROGNER", "USAGENE", "UALNA"
OUTSIDER = "UANNEN"
TILSYN_ID = "oslo-bolig-2026"
SEED_ID = "oslo-krisesenter-2022-2023"
SECRET = "lifecycle-signing-secret"


class IndexedSections:
    """The § a knowledge index would hold (krisesenterlova §§ 2–4, kommuneloven § 25-1)."""

    def sections(self) -> set[tuple[str, str]] | None:
        return {("LOV-2009-06-19-44", "§2"), ("LOV-2009-06-19-44", "§3"), ("LOV-2009-06-19-44", "§4"),
                ("LOV-2018-06-22-83", "§25-1")}


@pytest.fixture
def bydeler_file(tmp_path: Path) -> Path:
    path = tmp_path / "bydeler.yaml"
    path.write_text(
        "bydeler:\n"
        f"  Frogner: {{users: [{FROGNER}]}}\n"
        f"  Sagene: {{users: [{SAGENE}]}}\n"
        f"  Alna: {{users: [{ALNA}]}}\n"
        f"  Grünerløkka: {{users: [{OUTSIDER}]}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def lifecycle_settings(settings: Settings, database_url: str, bydeler_file: Path) -> Settings:
    return settings.model_copy(update={
        "database_url": database_url, "officer_user_ids": [OFFICER], "bydel_members_file": bydeler_file,
        "officers_channel": "COFFICERS", "max_upload_mb": 1,
    })


@pytest.fixture
def slack(slack_api: FakeSlackAPI) -> FakeSlackAPI:
    """The lifecycle tests' name for the shared fake Web API (tests/conftest.py)."""
    return slack_api


@pytest.fixture
def app_settings(lifecycle_settings: Settings, slack: FakeSlackAPI) -> Settings:
    """The lifecycle's settings for the running app, against the fake Slack Web API (jobs run when a test says)."""
    return lifecycle_settings.model_copy(update={
        "slack_bot_token": slack.bot_token, "slack_signing_secret": SECRET, "slack_api_url": slack.base_url,
        "slack_workers": 4, "intake_scheduler_interval_s": 0.0,
    })


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def build(settings: Settings, clock: FakeClock) -> tuple[LifecycleService, Engine]:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)
    findings = build_findings_service(settings, sessions, clock=clock)
    intake = build_intake_service(settings, sessions, directory=directory, clock=clock)
    service = build_lifecycle_service(settings, sessions, findings, intake, directory=directory, clock=clock,
                                      index=IndexedSections())
    return service, engine


@pytest.fixture
def lifecycle(lifecycle_settings: Settings, clock: FakeClock) -> Iterator[LifecycleService]:
    service, engine = build(lifecycle_settings, clock)
    yield service
    engine.dispose()


@pytest.fixture
def officer() -> Actor:
    return Actor(OFFICER)


def spec(**changes: object) -> TilsynSpec:
    data: dict[str, object] = {
        "id": TILSYN_ID, "title": "Tilsyn med bolig i reetableringsfasen 2026",
        "theme": "Bolig i reetableringsfasen", "legal_basis": ["krisesenterlova § 4", "kommuneloven § 25-1"],
        "bydeler": ["Frogner", "Sagene", "Alna"], "intake_template": "krisesenter-reetablering-bolig",
        "deadline": date(2026, 4, 15),
    }
    data.update(changes)
    return TilsynSpec.model_validate(data)


def fill_and_submit(service: LifecycleService, case_id: str, user: str) -> None:
    """The contact sends a file for every item and answers every question, then submits."""
    fill(service, case_id, user)
    service.intake.submit(case_id, Actor(user))


def fill(service: LifecycleService, case_id: str, user: str) -> None:
    """The contact sends a file for every item and answers every question (not yet submitted)."""
    contact = Actor(user)
    view = service.intake.get(case_id, contact)
    for item in view.items:
        if not item.complete:
            service.intake.add_file(case_id, item.item.id, contact, name=f"{item.item.id}.txt",
                                    data=f"Rutine for {item.item.title}.\n".encode())
    for answer in view.answers:
        if not answer.complete:
            service.intake.answer(case_id, answer.question.id, contact, "Bydelsdirektøren, 1. mars 2026.", answer.version)
