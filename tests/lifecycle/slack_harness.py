"""Drives the lifecycle over real HTTP: the real ASGI app with findings, intake and lifecycle on one
database, signed requests like Slack's, answers read from the fake Slack Web API.

`running(settings, clock, slack)` is one process: leaving it and entering again is a restart on
the same database and files.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.access import Directory
from bot.assistant import Assistant
from bot.db import make_engine, migrate, session_factory
from bot.findings.service import build_findings_service
from bot.intake.service import build_intake_service
from bot.lifecycle.service import build_lifecycle_service
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from tests.fakes.answering import FakeAnswering
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import WAIT_S, Call, FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender, block_action
from tests.intake.slack_driver import Driver
from tests.lifecycle.conftest import SECRET, IndexedSections

_ts = itertools.count(1)


def build_services(settings: Settings, clock: FakeClock) -> Services:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)
    answering = FakeAnswering()
    findings = build_findings_service(settings, sessions, clock=clock)
    intake = build_intake_service(settings, sessions, directory=directory, clock=clock)
    lifecycle = build_lifecycle_service(settings, sessions, findings, intake, directory=directory, clock=clock,
                                        index=IndexedSections())
    return Services(settings=settings, engine=engine, sessions=sessions, directory=directory, clock=clock,
                    answering=answering, findings=findings, intake=intake, generator=None,
                    assistant=Assistant(answering, findings=findings), lifecycle=lifecycle)


@dataclass
class LifecycleDriver(Driver):
    def reply(self, user: str, text: str) -> str:
        """`/tilsyn <text>`: what the user was told, from the ack or else from the response_url."""
        url = self.slack.response_url()
        response = self.sender.command(text, user_id=user, response_url=url)
        assert response.status_code == 200
        if response.content and response.json().get("text"):
            return str(response.json()["text"])
        call = self.slack.wait_for("response_url", where=lambda c: c.params.get("_path", "").endswith(url.rsplit("/", 1)[-1]))
        return call.text_content

    def move(self, user: str, move: str, tilsyn: str, subject: str) -> None:
        value = json.dumps({"t": tilsyn, "s": subject})
        payload = block_action(f"lifecycle:{move}", value, user_id=user, channel_id="COFFICERS",
                               response_url=self.slack.response_url())
        assert self.sender.action(payload).status_code == 200

    def form(self, user: str, move: str, tilsyn: str, subject: str) -> dict[str, Any]:
        """Click a button that opens a modal; return the modal."""
        before = len(self.slack.calls_to("views.open"))
        self.move(user, move, tilsyn, subject)
        return self.slack.wait_for("views.open", count=before + 1).json_param("view")

    def submit_form(self, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """Submit a modal with `values` (block id -> str, list of str for multi-selects and checkboxes)."""
        state: dict[str, Any] = {}
        for block_id, value in values.items():
            if isinstance(value, list):
                element = {"type": "multi_static_select", "selected_options": [{"value": v} for v in value]}
            elif block_id in ("deadline",):
                element = {"type": "datepicker", "selected_date": value}
            elif block_id in ("breach", "template"):
                element = {"type": "static_select", "selected_option": {"value": value}}
            else:
                element = {"type": "plain_text_input", "value": value}
            state[block_id] = {block_id: element}
        payload = {
            "type": "view_submission", "team": {"id": "T0001"}, "user": {"id": user, "team_id": "T0001"},
            "api_app_id": "A0001", "trigger_id": f"{next(_ts)}.trigger",
            "view": {"id": "V1", "type": "modal", "callback_id": view["callback_id"], "hash": "h",
                     "private_metadata": view.get("private_metadata") or "", "state": {"values": state}},
        }
        response = self.sender.action(payload)
        assert response.status_code == 200
        return response.json() if response.content else {}

    def last_dm(self, user: str) -> str:
        """The newest message to `user` (waits for at least one not yet consumed)."""
        return self.next_post(user).text_content

    def dm_containing(self, user: str, text: str, timeout: float = WAIT_S) -> str:
        """Wait for a message to `user` containing `text`, newer than those consumed; consume up to it."""
        return self.post_containing(user, text, timeout).text_content

    def post_containing(self, user: str, text: str, timeout: float = WAIT_S) -> Call:
        """Like `dm_containing`, but the whole posted message, so its buttons can be clicked."""
        start = self.seen.get(user, 0)
        deadline = time.monotonic() + timeout
        while True:
            posts = self.posts(user)
            for index, call in enumerate(posts[start:], start):
                if text in call.text_content:
                    self.seen[user] = index + 1
                    return call
            if time.monotonic() > deadline:
                raise AssertionError(f"no message to {user} with {text!r}; got {[c.text_content[:80] for c in posts[start:]]}")
            time.sleep(0.05)

    def drain_dms(self, user: str) -> list[str]:
        """Every message to `user` not yet consumed, after the app settled."""
        self.settle(0.4)
        calls = self.posts(user)
        start = self.seen.get(user, 0)
        self.seen[user] = len(calls)
        return [c.text_content for c in calls[start:]]


@contextmanager
def running(settings: Settings, clock: FakeClock, slack: FakeSlackAPI, seen: dict[str, int] | None = None) -> Iterator[LifecycleDriver]:
    services = build_services(settings, clock)
    app = create_app(settings, services=services)
    try:
        with RunningApp(build_asgi(app, services), app) as app_running:
            sender = SlackSender(app_running.url, SECRET)
            try:
                yield LifecycleDriver(slack, sender, services, seen if seen is not None else {})
            finally:
                sender.close()
    finally:
        services.engine.dispose()
