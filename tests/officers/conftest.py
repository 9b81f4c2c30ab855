"""The officers' loop over real HTTP: the app under uvicorn, the fake Slack Web API, and the real
answering service over the hand-made knowledge base (so citations are checked against an index and
a "re-ingest" can change a §). The store behind the index is in memory and can be swapped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.access import Directory
from bot.answering.service import AnsweringService
from bot.assistant import Assistant
from bot.db import make_engine, migrate, session_factory
from bot.domain import Chunk
from bot.findings.service import build_findings_service
from bot.officers.matching import Matcher
from bot.officers.serving import StandardAnswerServer
from bot.officers.standard import StandardAnswers
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.clock import FakeClock
from tests.fakes.databases import database_url  # noqa: F401  (shared fixture)
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.slack_api import Call, FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender, block_action
from tests.retrieval import corpus

SECRET = "officers-signing-secret"
OFFICER = "UOFFICER"
OFFICER_2 = "UOFFICER2"
STAFF = "UBYDEL"
OFFICERS = "COFFICERS"
STAFF_DM = "DBYDEL"
NOW = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
# The default threshold is calibrated for multilingual-e5 (BENCHMARKS.md); the tests' hashing embedder has
# another scale, so the tests set their own (the calibration itself is measured by bench/standard_answers.py).
FAKE_EMBEDDER_MATCHING = {"standard_answer_threshold": 0.7, "standard_answer_dense_weight": 0.5}


@dataclass
class Harness:
    slack: FakeSlackAPI
    sender: SlackSender
    services: Services
    store: InMemoryChunkStore
    answering: AnsweringService
    clock: FakeClock
    info: dict[str, Any]

    # --- the asker ------------------------------------------------------------------------
    def ask_in_dm(self, text: str, ts: str = "1700000200.000100") -> Call:
        """A DM question; returns the bot's answer message."""
        before = len(self.slack.calls_to("chat.postMessage", channel=STAFF_DM))
        self.sender.event({"type": "message", "channel_type": "im", "user": STAFF, "channel": STAFF_DM, "ts": ts, "text": text})
        return self.slack.wait_for("chat.postMessage", count=before + 1, where=lambda c: c.params.get("channel") == STAFF_DM)

    def click(self, user: str, action_id: str, value: str, channel: str = STAFF_DM) -> Call:
        """A button click; returns what the clicker was told (its response_url call)."""
        url = self.slack.response_url(f"{action_id}-{user}-{len(self.slack.calls)}")
        self.sender.action(block_action(action_id, value, user_id=user, channel_id=channel, response_url=url))
        return self.slack.wait_for("response_url", where=lambda c: c.params.get("_path", "").endswith(url.rsplit("/", 1)[-1]))

    def officers_post(self) -> Call:
        return self.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == OFFICERS)

    def submit(self, callback_id: str, user: str, metadata: str, values: dict[str, Any]) -> Any:
        state = {block: {"value": _element(value)} for block, value in values.items()}
        payload = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": user, "team_id": "T0001"},
                   "api_app_id": "A0001", "trigger_id": "77.trigger",
                   "view": {"id": "V1", "type": "modal", "callback_id": callback_id, "hash": "h",
                            "private_metadata": metadata, "state": {"values": state}}}  # fmt: skip
        return self.sender.action(payload)

    # --- the index ------------------------------------------------------------------------
    def reingest(self, chunks: list[Chunk], built_at: str) -> None:
        """What `tilsynsbot ingest` does to the running bot's view of the index."""
        self.store.chunks = list(chunks)
        self.store.vectors = HashingEmbedder().embed_documents([c.text for c in chunks])
        self.info["built_at"] = built_at
        self.answering.reload()


def _element(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return {"type": "plain_text_input", "value": value}


def action_ids(call: Call) -> list[str]:
    return [e["action_id"] for b in call.blocks if b["type"] == "actions" for e in b["elements"]]


def button_value(call: Call, action_id: str) -> str:
    return next(e["value"] for b in call.blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id)


@pytest.fixture
def harness(settings: Settings, tmp_path: Path) -> Iterator[Harness]:
    members = tmp_path / "bydeler.yaml"
    members.write_text(json.dumps({"bydeler": {"Frogner": {"users": [STAFF]}}}), encoding="utf-8")
    with FakeSlackAPI() as slack:
        slack.add_user(OFFICER, name="Kari Saksbehandler")
        slack.add_user(OFFICER_2, name="Ola Saksbehandler")
        cfg = settings.model_copy(update={
            "slack_bot_token": slack.bot_token, "slack_signing_secret": SECRET, "slack_api_url": slack.base_url,
            "officers_channel": OFFICERS, "officer_user_ids": [OFFICER, OFFICER_2], "bydel_members_file": members,
            "slack_workers": 8, **FAKE_EMBEDDER_MATCHING,
        })  # fmt: skip
        clock = FakeClock(NOW)
        engine = make_engine(cfg.resolved_database_url)
        migrate(engine)
        sessions = session_factory(engine)
        embedder = HashingEmbedder()
        store = InMemoryChunkStore(corpus.chunks(), embedder)
        info: dict[str, Any] = {"built_at": "2024-03-01T08:00:00+00:00", "sources": []}
        answering = AnsweringService(cfg, store=store, embedder=embedder, clock=clock, law_names=corpus.ALIASES,
                                     info=lambda: dict(info))
        standard = StandardAnswers(sessions, clock, answering, timezone=cfg.timezone)
        matcher = Matcher(embedder, threshold=cfg.standard_answer_threshold, dense_weight=cfg.standard_answer_dense_weight)
        assistant = Assistant(answering, standard_answers=StandardAnswerServer(standard, matcher))
        findings = build_findings_service(cfg, sessions, clock=clock)  # for the weekly digest
        services = Services(settings=cfg, engine=engine, sessions=sessions, directory=Directory.from_settings(cfg),
                            clock=clock, answering=answering, findings=findings, intake=None, generator=None,
                            assistant=assistant, standard_answers=standard)  # fmt: skip
        app = create_app(cfg, services=services)
        with RunningApp(build_asgi(app, services), app) as running:
            sender = SlackSender(running.url, SECRET)
            yield Harness(slack, sender, services, store, answering, clock, info)
            sender.close()
        engine.dispose()


@pytest.fixture
def h(harness: Harness) -> Harness:
    return harness
