"""Buttons under answers: 👍/👎 feedback.

Every click is acked at once (before the database), stored (see `bot.feedback`), and confirmed to the clicking user
only (ephemeral, via the action's `response_url`), so the channel is not cluttered and the user
knows the click did something. After a 👎 the confirmation offers to send the question to the
officers; after an officer's 👍 it offers to save the answer as a standard answer (both handled by
the officers' feature, `bot.slack.listeners.officers`, as is "send to Statsforvalteren").
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.feedback import FeedbackStore
from bot.services import Services
from bot.slack.blocks.answer import ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP
from bot.slack.blocks.common import Block, actions, button, section
from bot.slack.blocks.officers import ACTION_ESCALATE_AFTER_DOWN, ACTION_SAVE_STANDARD_FROM_ANSWER
from bot.slack.forms import ids, tell, tell_failure
from bot.slack.registry import SlackRegistry
from bot.texts import officers as officer_texts
from bot.texts import slack as t

log = logging.getLogger("tilsynsbot.slack.actions")


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    store = FeedbackStore(services.sessions, services.clock)
    settings = services.settings

    def follow_up(client: WebClient, user: str, rating: str, answer_id: str) -> list[Block] | None:
        """The next step offered with the confirmation: escalate after 👎, save as standard after an officer's 👍."""
        if rating == "down" and settings.officers_channel:
            return [section(officer_texts.ESCALATE_AFTER_DOWN),
                    actions(button(t.BUTTON_ESCALATE, ACTION_ESCALATE_AFTER_DOWN, answer_id, style="primary"))]
        if rating == "up" and services.standard_answers is not None:
            groups = registry.groups.groups_of(client, user, settings.officer_usergroup_ids)
            if services.directory.is_officer(user, groups):
                return [actions(button(officer_texts.BUTTON_SAVE_STANDARD, ACTION_SAVE_STANDARD_FROM_ANSWER, answer_id))]
        return None

    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()  # before the database: a busy database must not make Slack show the click as failed
        user, _channel = ids(body)
        rating = "up" if action.get("action_id") == ACTION_FEEDBACK_UP else "down"
        answer_id = str(action.get("value") or "")
        try:
            # Click order survives parallel workers: the click's own time decides (see FeedbackStore.rate).
            stored = store.rate(answer_id, user, rating, clicked_at=_clicked_at(action))
        except Exception as error:  # noqa: BLE001 - the edge
            tell_failure(respond, client, body, error, "feedback")
            return
        try:
            log.info("feedback answer=%s rating=%s stored=%s user=%s", answer_id, rating, stored, user)
            text = (t.FEEDBACK_THANKS_UP if rating == "up" else t.FEEDBACK_THANKS_DOWN) if stored else t.FEEDBACK_UNKNOWN
            more = follow_up(client, user, rating, answer_id) if stored else None
            tell(respond, client, body, text, [section(text), *more] if more else None)
        except Exception as error:  # noqa: BLE001 - the edge
            tell_failure(respond, client, body, error, "feedback")

    app.action(ACTION_FEEDBACK_UP)(on_feedback)
    app.action(ACTION_FEEDBACK_DOWN)(on_feedback)


def _clicked_at(action: dict[str, Any]) -> datetime | None:
    """When the user clicked, from Slack's `action_ts` ("1700000001.123456"); None when absent."""
    try:
        return datetime.fromtimestamp(float(action.get("action_ts") or ""), UTC)
    except ValueError:
        return None

