"""Socket Mode against a local WebSocket server: a dead connection is replaced within seconds."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.socket_mode import socket_mode_handler
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode_server import SocketModeServer
from tests.slack.conftest import make_services

# The SDK's defaults took 40-60 s; ours are measured at about 4-6 s (BENCHMARKS.md). The bound is
# generous for a loaded 2-core machine, and still far below what the defaults need.
RECONNECT_BOUND_S = 20.0


@pytest.fixture
def socket_slack() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI(extra_tokens=("xapp-1-test",)) as fake:  # apps.connections.open takes the app token
        yield fake


@pytest.mark.parametrize("failure", ["freeze", "reset"])
def test_socket_mode_reconnects_within_seconds_after_an_abrupt_loss(
    settings: Settings, socket_slack: FakeSlackAPI, failure: str
) -> None:
    slack_api = socket_slack
    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url})
    services = make_services(cfg, FakeAnswering())
    app = create_app(cfg, services=services)
    with SocketModeServer() as server:
        slack_api.respond("apps.connections.open", {"ok": True, "url": server.url})
        handler = socket_mode_handler(app, cfg.slack_app_token, services.acks)
        try:
            handler.connect()
            server.wait_for_connections(1, timeout=30)
            time.sleep(1.5)  # a few pings answered: the connection is healthy
            broken_at = time.monotonic()
            getattr(server, failure)()
            reconnected_at = server.wait_for_connections(2, timeout=RECONNECT_BOUND_S)
        finally:
            handler.close()
    assert reconnected_at - broken_at < RECONNECT_BOUND_S
    assert len(slack_api.calls_to("apps.connections.open")) >= 2  # a fresh URL for the new connection
    services.engine.dispose()


def test_start_does_not_warn_that_the_token_is_unused(
    settings: Settings, slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack_api.bot_token)  # as in production, where .env sets it
    caplog.set_level(logging.WARNING)
    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url})
    create_app(cfg, services=make_services(cfg, FakeAnswering()))
    assert not [r for r in caplog.records if "unused" in r.getMessage()]
