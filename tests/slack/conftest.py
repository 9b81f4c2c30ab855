"""Slack test fixtures: the fake Web API, services over a fake answering port, the running app."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from bot.access import Directory
from bot.answering.workers import AnswerWorkerPool
from bot.assistant import Assistant
from bot.clock import SystemClock
from bot.db import make_engine, migrate, session_factory
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import FEATURES, create_app
from bot.slack.registry import Feature
from bot.slack.server import build_asgi
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender

SIGNING_SECRET = "test-signing-secret"


def make_services(settings: Settings, answering: Any, *, answer_workers: AnswerWorkerPool | None = None) -> Services:
    """Services with a given answering port (findings, intake, generation left out); `answer_workers`
    when `answering` is that pool of worker processes."""
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return Services(
        settings=settings, engine=engine, sessions=session_factory(engine), directory=Directory.from_settings(settings),
        clock=SystemClock(), answering=answering, findings=None, intake=None, generator=None,
        assistant=Assistant(answering), answer_workers=answer_workers,
    )


@pytest.fixture
def slack_settings(settings: Settings, slack_api: FakeSlackAPI) -> Settings:
    return settings.model_copy(update={
        "slack_bot_token": slack_api.bot_token, "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack_api.base_url, "officers_channel": "COFFICERS", "slack_workers": 8,
    })


@pytest.fixture
def answering() -> FakeAnswering:
    return FakeAnswering()


@dataclass
class Harness:
    slack: FakeSlackAPI
    sender: SlackSender
    running: RunningApp
    services: Services
    answering: Any


@contextmanager
def running_harness(slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering,
                    features: Sequence[Feature] = FEATURES) -> Iterator[Harness]:
    services = make_services(slack_settings, answering)
    app = create_app(slack_settings, services=services, features=features)
    with RunningApp(build_asgi(app, services), app) as running:
        sender = SlackSender(running.url, SIGNING_SECRET)
        yield Harness(slack_api, sender, running, services, answering)
        sender.close()
    services.engine.dispose()


@pytest.fixture
def harness(slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering) -> Iterator[Harness]:
    with running_harness(slack_settings, slack_api, answering) as running:
        yield running
