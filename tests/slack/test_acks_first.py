"""Acks first, over real HTTP and over Socket Mode: an answer's work waits while another request waits for its ack
(bot/priority.py), and goes ahead as soon as that ack is sent. Proved with a `/tilsyn` subcommand that
holds its ack until the test releases it, not with timings."""

from __future__ import annotations

import logging
import socket
import threading
from urllib.parse import urlsplit

import pytest
from slack_bolt import App
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.services import Services
from bot.settings import Settings
from bot.slack.app import FEATURES, create_app
from bot.slack.registry import SlackRegistry, SubcommandRequest
from bot.slack.socket_mode import socket_mode_handler
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import make_services, running_harness


class HeldAck:
    """A feature with `/tilsyn vent`, whose ack is held until the test releases it."""

    def __init__(self) -> None:
        self.holding, self.release = threading.Event(), threading.Event()

    def feature(self, app: App, services: Services, registry: SlackRegistry) -> None:  # noqa: ARG002 - the Feature signature
        registry.add_subcommand("vent", self._hold)

    def _hold(self, request: SubcommandRequest) -> None:
        self.holding.set()
        self.release.wait(60)
        request.ack(text="ok")


def test_an_answer_waits_for_a_pending_ack_and_then_goes_ahead(slack_settings: Settings, slack_api: FakeSlackAPI,
                                                                 answering: FakeAnswering) -> None:
    held = HeldAck()

    with running_harness(slack_settings, slack_api, answering, features=(*FEATURES, held.feature)) as harness:
        harness.services.acks.max_wait_s = 60.0  # the test releases the ack; no timeout decides
        statuses: list[int] = []
        command = threading.Thread(target=lambda: statuses.append(harness.sender.command("vent").status_code))
        command.start()
        assert held.holding.wait(30)
        mention = {"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000500.000100",
                   "text": "<@UBOT> Hva sier krisesenterlova § 4?"}
        assert harness.sender.event(mention).status_code == 200  # acked at once, the other still pending
        assert harness.services.acks.pending == 1
        with pytest.raises(TimeoutError):  # its answer waits for the held ack (without the rule: posted in ms)
            harness.slack.wait_for("chat.postMessage", timeout=1.5)
        held.release.set()
        command.join(30)
        assert statuses == [200]
        post = harness.slack.wait_for("chat.postMessage")
        assert post.params["channel"] == "C0001"


class _SocketClient:
    """The part of the SDK's Socket Mode client the handler uses: a logger and the ack channel."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("tests.socket_mode")
        self.acked: list[str] = []

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acked.append(response.envelope_id)


def test_over_socket_mode_too_an_answer_waits_for_a_pending_ack(settings: Settings, slack_api: FakeSlackAPI) -> None:
    held = HeldAck()

    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url, "slack_workers": 8})
    services = make_services(cfg, FakeAnswering())
    services.acks.max_wait_s = 60.0
    app = create_app(cfg, services=services, features=(*FEATURES, held.feature))
    handler = socket_mode_handler(app, "xapp-1-test", services.acks)
    client = _SocketClient()
    command = {"command": "/tilsyn", "text": "vent", "user_id": "U0001", "channel_id": "C0001", "team_id": "T0001",
               "api_app_id": "A0001", "response_url": slack_api.response_url("vent"), "trigger_id": "1.trigger"}
    mention = {"type": "event_callback", "team_id": "T0001", "api_app_id": "A0001", "event_id": "EvSock1",
               "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
               "event": {"type": "app_mention", "user": "U0002", "channel": "C0002", "ts": "1700000600.000100",
                         "text": "<@UBOT> Hva sier krisesenterlova § 4?"}}
    pending = threading.Thread(target=handler.handle, args=(client, SocketModeRequest(
        type="slash_commands", envelope_id="env-command", payload=command)))
    pending.start()
    try:
        assert held.holding.wait(30)
        handler.handle(client, SocketModeRequest(type="events_api", envelope_id="env-mention", payload=mention))
        assert client.acked == ["env-mention"]  # acked at once, the command still pending
        with pytest.raises(TimeoutError):  # its answer waits for the held ack
            slack_api.wait_for("chat.postMessage", timeout=1.5)
    finally:
        held.release.set()
        pending.join(30)
        handler.close()
    assert client.acked == ["env-mention", "env-command"]
    assert slack_api.wait_for("chat.postMessage").params["channel"] == "C0002"
    services.engine.dispose()


def test_a_stalled_upload_does_not_hold_answers_back(slack_settings: Settings, slack_api: FakeSlackAPI,
                                                      answering: FakeAnswering) -> None:
    """Only a signed request read in full counts as waiting for its ack: a client that sends its
    headers and then stalls (or never signs) cannot make every answer wait."""
    with running_harness(slack_settings, slack_api, answering) as harness:
        harness.services.acks.max_wait_s = 60.0  # were the stalled request counted, the answer would wait a minute
        address = urlsplit(harness.running.url)
        with socket.create_connection((address.hostname, address.port), timeout=30) as stalled:
            stalled.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            b"Content-Length: 1000\r\n\r\n{\"type\":")
            mention = {"type": "app_mention", "user": "U0003", "channel": "C0003", "ts": "1700000700.000100",
                       "text": "<@UBOT> Hva sier krisesenterlova § 4?"}
            assert harness.sender.event(mention).status_code == 200
            assert harness.slack.wait_for("chat.postMessage", timeout=30).params["channel"] == "C0003"
            assert harness.services.acks.pending == 0
