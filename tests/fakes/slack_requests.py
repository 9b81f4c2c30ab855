"""Signed requests to the app's `/slack/events`, built exactly as Slack builds them.

Why: tests and the load benchmark must exercise bolt's real signature check, so bodies are
signed with `slack_sdk.signature.SignatureVerifier`'s scheme (`v0:{timestamp}:{body}`,
HMAC-SHA256). Payload builders return the raw body and content type for the three kinds of
request that share the URL: Events API JSON, slash-command forms and interactivity forms.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

_counter = itertools.count(1)


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's signature headers for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict[str, Any], *, event_id: str = "", team_id: str = "T0001", api_app_id: str = "A0001",
               bot_user_id: str = "UBOT") -> str:
    """An Events API `event_callback` envelope around `event` (JSON text)."""
    return json.dumps({
        "token": "legacy", "team_id": team_id, "api_app_id": api_app_id, "type": "event_callback",
        "event_id": event_id or f"Ev{next(_counter):010d}", "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": bot_user_id, "is_bot": True}], "event": event,
    })


def command_body(text: str, *, user_id: str = "U0001", channel_id: str = "C0001", response_url: str = "",
                 trigger_id: str = "", command: str = "/tilsyn", team_id: str = "T0001") -> str:
    """A slash-command form body."""
    return urlencode({
        "token": "legacy", "team_id": team_id, "channel_id": channel_id, "channel_name": "general",
        "user_id": user_id, "user_name": user_id.lower(), "command": command, "text": text,
        "api_app_id": "A0001", "response_url": response_url,
        "trigger_id": trigger_id or f"{next(_counter)}.trigger",
    })


def interactivity_body(payload: dict[str, Any]) -> str:
    """An interactivity form body: one field `payload=<JSON>`."""
    return urlencode({"payload": json.dumps(payload)})


def block_action(action_id: str, value: str, *, user_id: str = "U0001", channel_id: str = "C0001",
                 message_ts: str = "1700000001.000100", response_url: str = "", team_id: str = "T0001",
                 block_id: str = "b", message: dict[str, Any] | None = None) -> dict[str, Any]:
    """A `block_actions` payload for a button click on a message."""
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": team_id}, "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A0001", "trigger_id": f"{next(_counter)}.trigger",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
        "channel": {"id": channel_id}, "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
                     "action_ts": str(time.time())}],
    }
    if message is not None:
        payload["message"] = message
    return payload


@dataclass
class SlackSender:
    """Posts signed requests to a running app. `retry_num` adds Slack's retry headers."""

    url: str  # e.g. http://127.0.0.1:PORT/slack/events
    signing_secret: str
    # Generous: a signed request is acked in milliseconds, but a loaded CI machine can stall a thread for
    # seconds, and a client-side timeout would then fail a correct app.
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60.0))

    def post(self, body: str, content_type: str, *, retry_num: int | None = None, timestamp: int | None = None,
             signature: str | None = None) -> httpx.Response:
        headers = {"Content-Type": content_type, **sign(self.signing_secret, body, timestamp)}
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return self.client.post(self.url, content=body.encode(), headers=headers)

    def event(self, event: dict[str, Any], *, event_id: str = "", **kwargs: Any) -> httpx.Response:
        return self.post(event_body(event, event_id=event_id), "application/json", **kwargs)

    def command(self, text: str, **kwargs: Any) -> httpx.Response:
        return self.post(command_body(text, **kwargs), "application/x-www-form-urlencoded")

    def action(self, payload: dict[str, Any]) -> httpx.Response:
        return self.post(interactivity_body(payload), "application/x-www-form-urlencoded")

    def close(self) -> None:
        self.client.close()


class RunningApp:
    """The real ASGI app (`bot.slack.server.build_asgi`) under uvicorn on a free port, in a thread.

    `with RunningApp(asgi, bolt_app) as running: running.url` -> "http://127.0.0.1:PORT/slack/events".
    Given the bolt app, leaving the block also waits for its background listeners (`drain`).

    The server keeps idle connections open far longer than uvicorn's default 5 s: `SlackSender`
    reuses one keep-alive connection, and a request sent just as the server closes it for idleness
    (a test that waited ~5 s for an answer) fails with "server disconnected", which is a race of the
    test setup, not of the app.
    """

    def __init__(self, asgi: Any, bolt_app: Any = None) -> None:
        import uvicorn

        self._bolt_app = bolt_app
        self._server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=0, log_level="warning",
                                                     lifespan="off", timeout_keep_alive=600))
        self._thread: Any = None

    def __enter__(self) -> RunningApp:
        import threading

        self._thread = threading.Thread(target=self._server.run, name="slack-app-under-test", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        return int(self._server.servers[0].sockets[0].getsockname()[1])

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.root}/slack/events"

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=60)
        if self._bolt_app is not None:
            drain(self._bolt_app)


def drain(bolt_app: Any, timeout: float = 60.0) -> None:
    """Wait for the listeners still running in `bolt_app`'s worker pool after the test is done.

    Why: bolt acks first and works afterwards (`process_before_response=False`). Work a test did not
    wait for (an answer after an asserted ack, a notice nobody checks) would otherwise run on into the
    next test: it competes for the CPU there and calls a fake Slack API that is gone, or whose port
    the next test's fake now holds.
    """
    executor = bolt_app.listener_runner.listener_executor
    executor.shutdown(wait=False)
    deadline = time.monotonic() + timeout
    for thread in list(getattr(executor, "_threads", ())):
        thread.join(max(0.0, deadline - time.monotonic()))
