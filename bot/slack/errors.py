"""Rendering failures for Slack users and logging them with a correlation id.

Why: "never silent". Listeners are the edge: whatever fails after the ack (retrieval, the index,
a Slack call) ends in `report_failure`, which logs the error with a short correlation id and
returns the Norwegian message (with the same id) for the user. `PrivacyLogFilter` masks
identity numbers in every record of the `tilsynsbot` and Slack SDK loggers, and the request and
response bodies the SDKs log (on a failed signature, and at DEBUG), unless LOG_MESSAGE_TEXT=true:
logs carry ids and timings, not message text, whatever the SDKs do.
"""

from __future__ import annotations

import logging
import re
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


# SDK records carry request and response bodies as dict reprs, JSON or after "body:"; our own
# loggers (tilsynsbot.*) log ids and timings only, by rule. A dict is withheld when it holds a key
# that carries what people wrote or were shown; {'ok': False, 'error': 'invalid_auth'} stays readable.
_PAYLOAD_AFTER = re.compile(r"((?:body|payload|body_params)\s*[:=]\s*).*", re.IGNORECASE | re.DOTALL)
_DICT = re.compile(r"\{.*\}", re.DOTALL)
_CONTENT_KEYS = re.compile(r"""['"](?:text|blocks|question|payload|event|message|messages|view|files|attachments|"""
                           r"""name|title|value|values|query|answer)['"]\s*:""")
WITHHELD = "[utelatt]"


def _withhold(message: str) -> str:
    message = _PAYLOAD_AFTER.sub(lambda m: m.group(1) + WITHHELD, message)
    return _DICT.sub(lambda m: "{" + WITHHELD + "}" if _CONTENT_KEYS.search(m.group(0)) else m.group(0), message)


def _is_sdk_record(record: logging.LogRecord) -> bool:
    return not record.name.startswith("tilsynsbot.") or record.name == "tilsynsbot.slack.bolt"


class PrivacyLogFilter(logging.Filter):
    """Masks identity numbers in every record it sees; unless `allow_message_text`, also the bodies
    and payloads that the Slack SDKs put into their records (signature failures, DEBUG traces).

    One shared instance (`PRIVACY_FILTER`): bolt copies its base logger's filters to the loggers it
    creates, so the instance must stay the same while the setting can change.
    """

    def __init__(self) -> None:
        super().__init__()
        self.allow_message_text = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if not self.allow_message_text and _is_sdk_record(record):
            masked = _withhold(masked)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


PRIVACY_FILTER = PrivacyLogFilter()


def install_privacy_filter(loggers: Iterable[logging.Logger], *, allow_message_text: bool = False) -> None:
    """Idempotently attach the shared `PrivacyLogFilter` to `loggers` (records logged directly on them)."""
    PRIVACY_FILTER.allow_message_text = allow_message_text
    for logger in loggers:
        for old in [f for f in logger.filters if isinstance(f, PrivacyLogFilter) and f is not PRIVACY_FILTER]:
            logger.removeFilter(old)
        if PRIVACY_FILTER not in logger.filters:
            logger.addFilter(PRIVACY_FILTER)
