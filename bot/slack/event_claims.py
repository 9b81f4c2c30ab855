"""Event dedupe claimed in the worker that does the work, after bolt has acked.

Why not in the global middleware: middleware runs before the ack, so a claim there made every
ack wait on the database (a locked SQLite delayed acks by seconds and Slack retried). Bolt calls
its listener start handler in the worker thread, after the ack, just before the listener, and its
completion handler when the listener has returned (or raised). So the claim is made there: a
duplicate stops the listener (by raising `DuplicateEvent`, which the wrapped error handler drops),
and completion is recorded so a retry of work lost in a crash is done again (see `EventLedger`).

Install with `install_event_claims(app, ledger)` after the `App` is built; a later `app.error(...)`
would replace the error handler and must then ignore `DuplicateEvent` itself.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.listener.listener_completion_handler import ListenerCompletionHandler
from slack_bolt.listener.listener_error_handler import ListenerErrorHandler
from slack_bolt.listener.listener_start_handler import ListenerStartHandler
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.dedupe import EventLedger
from bot.slack.middleware import retry_num

log = logging.getLogger("tilsynsbot.slack.requests")

_CLAIMED = "tilsynsbot_claimed_event_id"


class DuplicateEvent(Exception):  # a signal, not an error (hence no "Error" in the name)
    """This event was processed already, or is being processed: the listener must not run."""


def event_id_of(body: dict[str, Any] | None) -> str:
    return str((body or {}).get("event_id") or "") if (body or {}).get("type") == "event_callback" else ""


class ClaimingStartHandler(ListenerStartHandler):
    def __init__(self, ledger: EventLedger, inner: ListenerStartHandler) -> None:
        self.ledger = ledger
        self.inner = inner

    def handle(self, request: BoltRequest, response: BoltResponse | None) -> None:
        event_id = event_id_of(request.body)
        if event_id:
            retry = retry_num(request)
            try:
                claimed = self.ledger.claim(event_id)
            except SQLAlchemyError as error:  # better answer twice than lose the work silently
                log.warning("event claim failed event_id=%s error=%s; processing anyway", event_id, type(error).__name__)
                claimed = True
            else:
                if not claimed:
                    log.info("skip event_id=%s retry=%s reason=duplicate", event_id, retry)
                    raise DuplicateEvent(event_id)
                request.context[_CLAIMED] = event_id
        self.inner.handle(request=request, response=response)


class CompletingCompletionHandler(ListenerCompletionHandler):
    def __init__(self, ledger: EventLedger, inner: ListenerCompletionHandler) -> None:
        self.ledger = ledger
        self.inner = inner

    def handle(self, request: BoltRequest, response: BoltResponse | None) -> None:
        try:
            self.inner.handle(request=request, response=response)
        finally:
            event_id = request.context.get(_CLAIMED)
            if event_id:
                try:
                    self.ledger.complete(event_id)
                except SQLAlchemyError as error:
                    log.warning("event completion not recorded event_id=%s error=%s", event_id, type(error).__name__)


class DuplicateTolerantErrorHandler(ListenerErrorHandler):
    def __init__(self, inner: ListenerErrorHandler) -> None:
        self.inner = inner

    def handle(self, error: Exception, request: BoltRequest, response: BoltResponse | None) -> None:
        if isinstance(error, DuplicateEvent):
            return
        self.inner.handle(error=error, request=request, response=response)


def install_event_claims(app: App, ledger: EventLedger) -> None:
    runner = app.listener_runner
    runner.listener_start_handler = ClaimingStartHandler(ledger, runner.listener_start_handler)
    runner.listener_completion_handler = CompletingCompletionHandler(ledger, runner.listener_completion_handler)
    runner.listener_error_handler = DuplicateTolerantErrorHandler(runner.listener_error_handler)
