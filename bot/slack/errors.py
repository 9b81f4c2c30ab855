"""Rendering failures for Slack users and logging them with a correlation id.

Why: "never silent". Listeners are the edge: whatever fails after the ack (retrieval, the index,
a Slack call) ends in `report_failure`, which logs the error with a short correlation id and
returns the Norwegian message (with the same id) for the user. `PrivacyLogFilter` masks
identity numbers in every record of the `tilsynsbot` and bolt loggers, as a second line of
defence behind the rule that logs carry ids and timings, not message text.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from slack_sdk.errors import SlackApiError

from bot.errors import TilsynsbotError
from bot.privacy import redact
from bot.texts import slack as t

log = logging.getLogger("tilsynsbot.slack")


def new_correlation_id() -> str:
    return uuid.uuid4().hex[:10]


def user_message(error: BaseException, cid: str) -> str:
    """What the user reads: the service's own message for expected errors, a generic one otherwise."""
    if isinstance(error, TilsynsbotError):
        message = error.user_message
    elif isinstance(error, SlackApiError):
        message = t.ERROR_SLACK.format(error=slack_error_code(error))
    else:
        message = t.ERROR_GENERIC
    return t.ERROR_WITH_ID.format(message=message, cid=cid)


def slack_error_code(error: SlackApiError) -> str:
    response = getattr(error, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return "ukjent feil"


def report_failure(error: BaseException, *, cid: str, where: str, **ids: object) -> str:
    """Log `error` with `cid` and the request ids (never message text); return the user's message."""
    id_text = " ".join(f"{k}={v}" for k, v in ids.items() if v)
    if isinstance(error, TilsynsbotError):
        log.warning("cid=%s where=%s %s %s: %s", cid, where, id_text, type(error).__name__, error.detail or "")
    elif isinstance(error, SlackApiError):
        log.error("cid=%s where=%s %s slack_error=%s", cid, where, id_text, slack_error_code(error))
    else:
        log.error("cid=%s where=%s %s %s", cid, where, id_text, type(error).__name__, exc_info=error)
    return user_message(error, cid)


class PrivacyLogFilter(logging.Filter):
    """Masks identity numbers in the message and traceback of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_privacy_filter(loggers: Iterable[logging.Logger]) -> None:
    """Idempotently attach `PrivacyLogFilter` to `loggers` (records logged directly on them)."""
    for logger in loggers:
        if not any(isinstance(f, PrivacyLogFilter) for f in logger.filters):
            logger.addFilter(PrivacyLogFilter())
