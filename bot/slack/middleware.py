"""Global bolt middleware: ignore bots; and the one log line per request, written when it was answered.

Why global middleware: every surface (mentions, DMs, home, intake, findings) must get the same
guarantee before any listener runs: messages from bots (ourselves included) never trigger an
answer, so two bots can never talk to each other in a loop. Middleware runs before the ack, so it
does nothing that can wait (no database, no network): duplicates of an `event_id` are stopped
after the ack, in the worker (`bot.slack.event_claims`).

`log_response` is called by the transports once the response (the ack) is handed back, so the
"acked" line is true, with the status Slack got and the time it took.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from bot.slack.payloads import payload_problem

log = logging.getLogger("tilsynsbot.slack.requests")

BOT_SUBTYPES = {"bot_message", "bot_add", "bot_remove"}


def is_from_bot(event: dict[str, Any]) -> bool:
    """Messages written by any bot or integration (our own replies included)."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") in BOT_SUBTYPES)


def request_kind(body: Any) -> str:
    """"event:message", "command", "block_actions" …; safe on malformed bodies (it is used to log them)."""
    if not isinstance(body, dict):
        return "malformed"
    if body.get("type") == "event_callback":
        event = body.get("event")
        return f"event:{event.get('type', '?') if isinstance(event, dict) else '?'}"
    if body.get("command"):
        return "command"
    return str(body.get("type") or "unknown")[:40]


def build_middleware() -> Callable[..., BoltResponse | None]:
    def tilsynsbot_guard(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: ARG001 - bolt passes resp by name
        body = req.body or {}
        event = body.get("event") or {}
        if event and event.get("type") in {"message", "app_mention"} and is_from_bot(event):
            log.debug("skip kind=%s event_id=%s reason=bot", request_kind(body), body.get("event_id"))
            return BoltResponse(status=200, body="")
        return next()

    return tilsynsbot_guard


def check_shape(req: BoltRequest) -> BoltResponse | None:
    """A 400 for a payload without the shape listeners rely on; None when it may be dispatched.

    Called by the transports before `app.dispatch`: bolt's own built-in middleware (authorization)
    already reads `body["event"]` and fails with a 500 on a string there.
    """
    problem = payload_problem(req.body)
    if problem is None:
        return None
    log.warning("malformed kind=%s problem=%s", request_kind(req.body), problem)
    return BoltResponse(status=400, body="")


def retry_num(req: BoltRequest) -> str | None:
    """Slack's `X-Slack-Retry-Num` (None on a first delivery)."""
    values = req.headers.get("x-slack-retry-num") or []
    return values[0] if values else None


def log_response(req: BoltRequest, resp: BoltResponse | None, started: float) -> None:
    """One line per request after the transport has its response: acked (2xx) or not, and how fast."""
    body = req.body if isinstance(req.body, dict) else {}
    retry = retry_num(req)
    status = resp.status if resp is not None else 0
    ms = (time.perf_counter() - started) * 1000
    if 200 <= status < 300:
        log.info("acked kind=%s event_id=%s retry=%s ms=%.1f", request_kind(body), body.get("event_id"), retry, ms)
    else:
        log.warning("not acked kind=%s event_id=%s retry=%s status=%s ms=%.1f",
                    request_kind(body), body.get("event_id"), retry, status, ms)
