"""Acks first, over real HTTP: an answer's work waits while another request waits for its ack
(bot/priority.py), and goes ahead as soon as that ack is sent. Proved with a `/tilsyn` subcommand that
holds its ack until the test releases it, not with timings."""

from __future__ import annotations

import threading

import pytest
from slack_bolt import App

from bot.services import Services
from bot.settings import Settings
from bot.slack.app import FEATURES
from bot.slack.registry import SlackRegistry, SubcommandRequest
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import running_harness


def test_an_answer_waits_for_a_pending_ack_and_then_goes_ahead(slack_settings: Settings, slack_api: FakeSlackAPI,
                                                                 answering: FakeAnswering) -> None:
    holding, release = threading.Event(), threading.Event()

    def hold(request: SubcommandRequest) -> None:
        holding.set()
        release.wait(60)
        request.ack(text="ok")

    def held_ack(app: App, services: Services, registry: SlackRegistry) -> None:  # noqa: ARG001 - the Feature signature
        registry.add_subcommand("vent", hold)

    with running_harness(slack_settings, slack_api, answering, features=(*FEATURES, held_ack)) as harness:
        harness.services.acks.max_wait_s = 60.0  # the test releases the ack; no timeout decides
        statuses: list[int] = []
        command = threading.Thread(target=lambda: statuses.append(harness.sender.command("vent").status_code))
        command.start()
        assert holding.wait(30)
        mention = {"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000500.000100",
                   "text": "<@UBOT> Hva sier krisesenterlova § 4?"}
        assert harness.sender.event(mention).status_code == 200  # acked at once, the other still pending
        assert harness.services.acks.pending == 1
        with pytest.raises(TimeoutError):  # its answer waits for the held ack (without the rule: posted in ms)
            harness.slack.wait_for("chat.postMessage", timeout=1.5)
        release.set()
        command.join(30)
        assert statuses == [200]
        post = harness.slack.wait_for("chat.postMessage")
        assert post.params["channel"] == "C0001"
