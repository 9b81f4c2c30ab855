"""Buttons under answers: 👍/👎 feedback and "send the question to Statsforvalteren".

Every click is acked at once (before the database), stored (see `bot.feedback`), and confirmed to the clicking user
only (ephemeral, via the action's `response_url`), so the channel is not cluttered and the user
knows the click did something. A double click on "send" posts one notice, not two.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.feedback import FeedbackStore
from bot.services import Services
from bot.slack.blocks.answer import ACTION_ESCALATE, ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP
from bot.slack.blocks.common import sections, truncate, user_text
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.registry import SlackRegistry
from bot.texts import slack as t

log = logging.getLogger("tilsynsbot.slack.actions")


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    user = (body.get("user") or {}).get("id", "")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
    return user, channel


def _tell(respond: Respond, client: WebClient, body: dict[str, Any], text: str) -> None:
    """Ephemeral confirmation to the clicking user: response_url first, chat.postEphemeral second."""
    user, channel = _ids(body)
    if body.get("response_url"):
        response = respond(text=text, response_type="ephemeral", replace_original=False)
        if response.status_code < 300:
            return
    client.chat_postEphemeral(channel=channel, user=user, text=text)


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    del registry  # buttons under answers share nothing with other features
    store = FeedbackStore(services.sessions, services.clock)
    settings = services.settings

    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()  # before the database: a busy database must not make Slack show the click as failed
        user, channel = _ids(body)
        rating = "up" if action.get("action_id") == ACTION_FEEDBACK_UP else "down"
        try:
            # Click order survives parallel workers: the click's own time decides (see FeedbackStore.rate).
            stored = store.rate(str(action.get("value") or ""), user, rating, clicked_at=_clicked_at(action))
        except Exception as error:  # noqa: BLE001 - the edge
            _report(respond, client, body, error, "feedback", user=user, channel=channel)
            return
        try:
            log.info("feedback answer=%s rating=%s stored=%s user=%s", action.get("value"), rating, stored, user)
            text = (t.FEEDBACK_THANKS_UP if rating == "up" else t.FEEDBACK_THANKS_DOWN) if stored else t.FEEDBACK_UNKNOWN
            _tell(respond, client, body, text)
        except Exception as error:  # noqa: BLE001 - the edge
            _report(respond, client, body, error, "feedback", user=user, channel=channel)

    app.action(ACTION_FEEDBACK_UP)(on_feedback)
    app.action(ACTION_FEEDBACK_DOWN)(on_feedback)

    @app.action(ACTION_ESCALATE)
    def on_escalate(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user, channel = _ids(body)
        answer_id = str(action.get("value") or "")
        try:
            if not settings.officers_channel:
                _tell(respond, client, body, t.ESCALATE_NO_CHANNEL)
                return
            record = store.get_answer(answer_id)
            if record is None:
                _tell(respond, client, body, t.FEEDBACK_UNKNOWN)
                return
            if not store.mark_escalated(answer_id):
                _tell(respond, client, body, t.ESCALATED_ALREADY)
                return
            notice = t.ESCALATION_NOTICE.format(user=user, question=user_text(truncate(record.question, 2500)))
            client.chat_postMessage(channel=settings.officers_channel, text=truncate(notice, 3000), blocks=sections(notice))
            log.info("escalated answer=%s user=%s", answer_id, user)
            _tell(respond, client, body, t.ESCALATED)
        except Exception as error:  # noqa: BLE001 - the edge
            _report(respond, client, body, error, "escalate", user=user, channel=channel)


def _clicked_at(action: dict[str, Any]) -> datetime | None:
    """When the user clicked, from Slack's `action_ts` ("1700000001.123456"); None when absent."""
    try:
        return datetime.fromtimestamp(float(action.get("action_ts") or ""), UTC)
    except ValueError:
        return None


def _report(respond: Respond, client: WebClient, body: dict[str, Any], error: BaseException, where: str, **ids: str) -> None:
    cid = new_correlation_id()
    message = report_failure(error, cid=cid, where=where, **ids)
    try:
        _tell(respond, client, body, message)
    except SlackApiError as notify_error:
        report_failure(notify_error, cid=cid, where=f"{where}-notice", **ids)
