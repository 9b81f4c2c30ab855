"""Escalation buttons and modals: the asker sends a question; an officer answers or declines it.

Every click is acked first. The asker's click stores the escalation, then posts it (a failed post is
made by the scheduler job). An officer's reply is stored by one conditional UPDATE before anything
is sent: the loser of two simultaneous replies is told in the modal, the winner's reply is delivered
and the officers' post redrawn (a failed delivery is retried by the job and shown on the post).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.dates import date_time
from bot.errors import ValidationFailedError
from bot.officers.escalations import Reply, Trigger, reply_content
from bot.slack.blocks.answer import ACTION_ESCALATE
from bot.slack.blocks.officers import (
    ACTION_ANSWER,
    ACTION_DECLINE,
    ACTION_ESCALATE_AFTER_DOWN,
    ANSWER_VIEW,
    DECLINE_VIEW,
    answer_modal,
    decline_modal,
)
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.forms import ids, lines, tell, tell_failure, values
from bot.slack.listeners.officers.slack_io import OfficersIO
from bot.texts import officers as t
from bot.texts import slack as slack_texts

log = logging.getLogger("tilsynsbot.slack.officers")


def register_escalation(app: App, io: OfficersIO) -> None:
    services = io.services
    settings = services.settings

    def escalate(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user, channel = ids(body)
        answer_id = str(action.get("value") or "")
        trigger = Trigger.THUMBS_DOWN if action.get("action_id") == ACTION_ESCALATE_AFTER_DOWN else Trigger.ABSTAINED
        try:
            if not settings.officers_channel:
                tell(respond, client, body, slack_texts.ESCALATE_NO_CHANNEL)
                return
            asker = services.escalations.asker_of(answer_id) or user
            opened = services.escalations.open(answer_id, trigger=trigger, clicked_by=user, clicked_in=channel,
                                               bydel=io.bydel_of(client, asker), officers_channel=settings.officers_channel)
            if opened.escalation is None:
                tell(respond, client, body, slack_texts.FEEDBACK_UNKNOWN)
                return
            if not opened.created:
                tell(respond, client, body, slack_texts.ESCALATED_ALREADY)
                return
            io.post(client, opened.escalation)  # a failure is retried by the job: the escalation is stored
            log.info("escalated escalation=%s answer=%s trigger=%s", opened.escalation.id, answer_id, trigger.value)
            tell(respond, client, body, slack_texts.ESCALATED)
        except Exception as error:  # noqa: BLE001 - the edge
            tell_failure(respond, client, body, error, "escalate")

    app.action(ACTION_ESCALATE)(escalate)
    app.action(ACTION_ESCALATE_AFTER_DOWN)(escalate)

    def open_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user, _channel = ids(body)
        try:
            if io.refused(client, respond, body, user):
                return
            row = services.escalations.get(str(action.get("value") or ""))
            if row is None:
                tell(respond, client, body, t.ESCALATION_UNKNOWN)
                return
            if row.status != "open":
                when = date_time(row.answered_at, io.tz) if row.answered_at else ""
                tell(respond, client, body, t.ALREADY_REPLIED.format(officer=row.answered_by, when=when))
                return
            view = answer_modal(row) if action.get("action_id") == ACTION_ANSWER else decline_modal(row)
            client.views_open(trigger_id=body.get("trigger_id", ""), view=view)
        except Exception as error:  # noqa: BLE001 - the edge
            tell_failure(respond, client, body, error, "escalation:open")

    app.action(ACTION_ANSWER)(open_modal)
    app.action(ACTION_DECLINE)(open_modal)

    @app.view(ANSWER_VIEW)
    def on_answer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        _submit(io, ack, body, client, Reply.ANSWERED)

    @app.view(DECLINE_VIEW)
    def on_decline(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        _submit(io, ack, body, client, Reply.DECLINED)


def _submit(io: OfficersIO, ack: Ack, body: dict[str, Any], client: WebClient, kind: Reply) -> None:
    """Validate and store a reply (only an officer's, only the first), then deliver it and redraw the post."""
    user, _channel = ids(body)
    field = "answer" if kind is Reply.ANSWERED else "reason"
    escalation_id = str(json.loads((body.get("view") or {}).get("private_metadata") or "{}").get("escalation") or "")
    try:
        if not io.is_officer(client, user):
            ack(response_action="errors", errors={field: t.NOT_OFFICER})
            return
        form = values(body)
        standard = io.services.standard_answers
        try:
            content = reply_content(kind, form.get(field) or "", lines(form.get("citations")), form.get("link") or "",
                                    standard.index if standard is not None else None)
        except ValidationFailedError as error:
            ack(response_action="errors", errors={error.field or field: error.user_message})
            return
        result = io.escalations.reply(escalation_id, officer=user, officer_name=io.name_of(client, user), kind=kind,
                                      text=content.text, citations=content.citations, link=content.link)
    except KeyError:
        ack(response_action="errors", errors={field: t.ESCALATION_UNKNOWN})
        return
    except Exception as error:  # noqa: BLE001 - the edge: keep the modal open with a reference
        ack(response_action="errors", errors={field: report_failure(error, cid=new_correlation_id(),
                                                                      where="escalation:reply", user=user)})
        return
    if not result.won:
        winner = result.escalation
        when = date_time(winner.answered_at, io.tz) if winner.answered_at else ""
        ack(response_action="errors", errors={field: t.ALREADY_REPLIED.format(officer=winner.answered_by, when=when)})
        return
    ack()
    log.info("escalation replied escalation=%s kind=%s officer=%s", escalation_id, kind.value, user)
    io.redraw(client, escalation_id)
    io.deliver(client, escalation_id)

