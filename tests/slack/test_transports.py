"""Both transports start from configuration; `tilsynsbot serve` runs a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.errors import TilsynsbotError
from bot.settings import Settings
from bot.slack.app import create_app
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, make_services


def test_socket_mode_app_needs_no_signing_secret(settings: Settings, slack_api: FakeSlackAPI) -> None:
    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url})
    app = create_app(cfg, services=make_services(cfg, FakeAnswering()))
    handler = SocketModeHandler(app, cfg.slack_app_token)
    assert handler.client.web_client.base_url == slack_api.base_url  # apps.connections.open goes to SLACK_API_URL
    assert slack_api.calls_to("auth.test")


def test_missing_tokens_give_a_norwegian_instruction(settings: Settings) -> None:
    with pytest.raises(TilsynsbotError, match="SLACK_BOT_TOKEN"):
        create_app(settings)
    with pytest.raises(TilsynsbotError, match="SLACK_SIGNING_SECRET"):
        create_app(settings.model_copy(update={"slack_bot_token": "xoxb-x"}))


def test_wrong_token_or_unreachable_api_gives_a_norwegian_instruction(settings: Settings, slack_api: FakeSlackAPI) -> None:
    base = {"slack_signing_secret": SIGNING_SECRET}
    wrong = settings.model_copy(update={**base, "slack_bot_token": "xoxb-wrong", "slack_api_url": slack_api.base_url})
    with pytest.raises(TilsynsbotError) as err:
        create_app(wrong, services=make_services(wrong, FakeAnswering()))
    assert "Sjekk SLACK_BOT_TOKEN" in err.value.user_message and "invalid_auth" in err.value.detail
    down = settings.model_copy(update={**base, "slack_bot_token": "xoxb-x", "slack_api_url": f"http://127.0.0.1:{_free_port()}/api/"})
    with pytest.raises(TilsynsbotError) as err:
        create_app(down, services=make_services(down, FakeAnswering()))
    assert err.value.user_message.startswith("Fikk ikke kontakt med Slack")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_command_runs_http_server_with_healthz(settings: Settings, slack_api: FakeSlackAPI) -> None:
    port = _free_port()
    env = {**os.environ, "DATA_DIR": str(settings.data_dir), "SLACK_BOT_TOKEN": slack_api.bot_token,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack_api.base_url, "SLACK_APP_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["index"]["available"] is False  # nothing ingested in this data dir
        unsigned = httpx.post(f"http://127.0.0.1:{port}/slack/events", json={"type": "event_callback"})
        assert unsigned.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_socket_mode_dispatch_answers_once_despite_a_retry(settings: Settings, slack_api: FakeSlackAPI) -> None:
    import json

    from slack_bolt.adapter.socket_mode.internals import run_bolt_app
    from slack_sdk.socket_mode.request import SocketModeRequest

    from tests.fakes.slack_requests import drain, event_body

    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url})
    answering = FakeAnswering()
    app = create_app(cfg, services=make_services(cfg, answering))
    payload = json.loads(event_body({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                                     "ts": "1700000200.000100", "text": "Hva er internkontroll?"}, event_id="Ev-sock"))
    first = run_bolt_app(app, SocketModeRequest(type="events_api", envelope_id="env1", payload=payload))
    retry = run_bolt_app(app, SocketModeRequest(type="events_api", envelope_id="env2", payload=payload,
                                                retry_attempt=1, retry_reason="timeout"))
    assert first.status == retry.status == 200
    slack_api.wait_for("chat.postMessage")
    drain(app)  # every listener has finished: a second answer would be recorded by now
    assert len(slack_api.calls_to("chat.postMessage")) == 1 and len(answering.asked) == 1
