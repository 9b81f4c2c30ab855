"""Fixtures for intake tests: a database (SQLite always, PostgreSQL when configured), a fake clock,
an intake service with one officer and a bydel, and helpers to build documents.

The `database_url` fixture is parametrised: every store test runs on SQLite, and again on a real
PostgreSQL server (a fresh schema per test) when `TILSYNSBOT_TEST_POSTGRES_URL` is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.access import Directory
from bot.assistant import Assistant
from bot.db import make_engine, migrate, session_factory
from bot.intake.service import Actor, IntakeService, build_intake_service
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from tests.fakes.answering import FakeAnswering
from tests.fakes.clock import FakeClock
from tests.fakes.databases import database_url  # noqa: F401  (shared fixture)
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender
from tests.intake.slack_driver import Driver

OFFICER = "UOFFICER"
CONTACT = "UKONTAKT"
COLLEAGUE = "UKOLLEGA"
OUTSIDER = "UANNEN"  # staff of another bydel


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


# --- the Slack app over real HTTP ------------------------------------------------------------
SIGNING_SECRET = "intake-signing-secret"


@pytest.fixture
def app_settings(intake_settings: Settings, slack_api: FakeSlackAPI) -> Settings:
    return intake_settings.model_copy(update={
        "slack_bot_token": slack_api.bot_token, "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack_api.base_url, "slack_workers": 4, "intake_scheduler_interval_s": 0.0,
    })


def build_app_services(settings: Settings, clock: FakeClock) -> Services:
    """Real services for the intake dialog; the question flow gets the shared fake answering port."""
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)
    answering = FakeAnswering()
    return Services(
        settings=settings, engine=engine, sessions=sessions, directory=directory, clock=clock, answering=answering,
        findings=None, intake=build_intake_service(settings, sessions, directory=directory, clock=clock),
        generator=None, assistant=Assistant(answering),
    )


@contextmanager
def running_app(settings: Settings, clock: FakeClock, slack: FakeSlackAPI) -> Iterator[Driver]:
    """A fresh app process-equivalent: new services, new bolt app, new HTTP server, same DB and files."""
    services = build_app_services(settings, clock)
    app = create_app(settings, services=services)
    try:
        with RunningApp(build_asgi(app, services), app) as running:  # leaving it waits for background listeners
            sender = SlackSender(running.url, SIGNING_SECRET)
            try:
                yield Driver(slack, sender, services)
            finally:
                sender.close()
    finally:
        services.engine.dispose()  # after the listeners finished: none of them runs on a disposed engine


@pytest.fixture
def driver(app_settings: Settings, clock: FakeClock, slack_api: FakeSlackAPI) -> Iterator[Driver]:
    with running_app(app_settings, clock, slack_api) as d:
        yield d
