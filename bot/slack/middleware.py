"""Global bolt middleware: drop Slack's retries and duplicates, ignore bots, log ids and timings.

Why global middleware: every surface (mentions, DMs, home, intake, findings) must get the same
guarantees before any listener runs: an `event_id` is processed once, ever (recorded in the
database, see `bot.slack.dedupe`), and messages from bots (ourselves included) never trigger an
answer, so two bots can never talk to each other in a loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from bot.slack.dedupe import EventLedger

log = logging.getLogger("tilsynsbot.slack.requests")

BOT_SUBTYPES = {"bot_message", "bot_add", "bot_remove"}


def is_from_bot(event: dict[str, Any]) -> bool:
    """Messages written by any bot or integration (our own replies included)."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") in BOT_SUBTYPES)


def request_kind(body: dict[str, Any]) -> str:
    if body.get("type") == "event_callback":
        return f"event:{(body.get('event') or {}).get('type', '?')}"
    if body.get("command"):
        return "command"
    return str(body.get("type") or "unknown")


def build_middleware(ledger: EventLedger) -> Callable[..., BoltResponse | None]:
    def tilsynsbot_guard(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002
        started = time.perf_counter()
        body = req.body or {}
        kind = request_kind(body)
        event = body.get("event") or {}
        event_id = body.get("event_id")
        retry = (req.headers.get("x-slack-retry-num") or [None])[0]
        if event and event.get("type") in {"message", "app_mention"} and is_from_bot(event):
            log.debug("skip kind=%s event_id=%s reason=bot", kind, event_id)
            return BoltResponse(status=200, body="")
        if event_id and not ledger.claim(str(event_id)):
            log.info("skip kind=%s event_id=%s retry=%s reason=duplicate", kind, event_id, retry)
            return BoltResponse(status=200, body="")
        result = next()
        log.info("acked kind=%s event_id=%s retry=%s ms=%.1f", kind, event_id, retry, (time.perf_counter() - started) * 1000)
        return result

    return tilsynsbot_guard
