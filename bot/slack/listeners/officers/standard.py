"""Standard answers in Slack: save from a replied escalation or an officer's 👍, `/tilsyn standardsvar`
(list, edit, withdraw) and the modal. Officers only; a non-officer is refused at every step, also
when a modal submission is forged.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.domain import Audience
from bot.errors import TilsynsbotError
from bot.feedback import FeedbackStore
from bot.officers.standard import REVIEW, StandardAnswers, StandardInput
from bot.officers.tables import StandardAnswerRow
from bot.slack.blocks.officers import (
    ACTION_EDIT_STANDARD,
    ACTION_SAVE_STANDARD,
    ACTION_SAVE_STANDARD_FROM_ANSWER,
    ACTION_WITHDRAW_STANDARD,
    STANDARD_VIEW,
    StandardDraft,
    standard_list,
    standard_modal,
)
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.forms import ids, lines, tell, tell_failure, values
from bot.slack.listeners.officers.slack_io import OfficersIO
from bot.slack.registry import SubcommandHandler, SubcommandRequest
from bot.texts import officers as t
from bot.texts.findings import reason_of

log = logging.getLogger("tilsynsbot.slack.officers")
FORM_FIELDS = ("question", "alternatives", "answer", "citations", "status", "review_on")


def draft_of(row: StandardAnswerRow) -> StandardDraft:
    return StandardDraft(question=row.question, answer_text=row.answer_text, citations=[c["ref"] for c in row.citations],
                         alternatives=list(row.alternatives), status="godkjent" if row.status == REVIEW else row.status,
                         review_on=row.review_on, standard_answer_id=row.id)


def register_standard(app: App, io: OfficersIO, standard: StandardAnswers) -> None:
    services = io.services
    feedback = FeedbackStore(services.sessions, services.clock)

    def open_draft(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user, _channel = ids(body)
        try:
            if io.refused(client, respond, body, user):
                return
            value = str(action.get("value") or "")
            draft: StandardDraft | None = None
            if action.get("action_id") == ACTION_SAVE_STANDARD:
                row = services.escalations.get(value)
                if row is not None and row.status == "answered":
                    draft = StandardDraft(question=row.question, answer_text=row.reply_text, alternatives=[],
                                          citations=[c["ref"] for c in row.citations], origin=f"escalation:{row.id}")
            elif action.get("action_id") == ACTION_SAVE_STANDARD_FROM_ANSWER:
                record = feedback.get_answer(value)
                if record is not None and not record.abstained:
                    draft = StandardDraft(question=record.question, answer_text=record.answer_text, alternatives=[],
                                          citations=[s["label"] for s in record.sources], origin=f"answer:{record.id}")
            else:
                existing = standard.get(value)
                draft = draft_of(existing) if existing is not None else None
            if draft is None:
                tell(respond, client, body, t.STANDARD_UNKNOWN.format(id=value))
                return
            client.views_open(trigger_id=body.get("trigger_id", ""), view=standard_modal(draft))
        except Exception as error:  # noqa: BLE001 - the edge
            tell_failure(respond, client, body, error, "standard:open")

    for action_id in (ACTION_SAVE_STANDARD, ACTION_SAVE_STANDARD_FROM_ANSWER, ACTION_EDIT_STANDARD):
        app.action(action_id)(open_draft)

    @app.action(ACTION_WITHDRAW_STANDARD)
    def on_withdraw(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user, _channel = ids(body)
        try:
            text = withdraw(io, standard, client, user, str(action.get("value") or ""))
        except Exception as error:  # noqa: BLE001 - the edge: the clicker is told, with a reference
            tell_failure(respond, client, body, error, "standard:withdraw")
            return
        tell(respond, client, body, text)

    @app.view(STANDARD_VIEW)
    def on_save(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        user, _channel = ids(body)
        if not io.is_officer(client, user):
            ack(response_action="errors", errors={"question": t.NOT_OFFICER})
            return
        form = values(body)
        meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
        try:
            data = StandardInput(
                question=form.get("question") or "", alternatives=lines(form.get("alternatives")),
                answer_text=form.get("answer") or "", citations=lines(form.get("citations")),
                status=form.get("status") or "godkjent",
                review_on=date.fromisoformat(form["review_on"]) if form.get("review_on") else None,
            )
            row = standard.save(data, actor=user, audience=Audience.OFFICERS, standard_answer_id=meta.get("id") or "",
                                origin=meta.get("origin") or "")
        except ValidationError as error:
            ack(response_action="errors", errors=_field_errors(error))
            return
        except TilsynsbotError as error:
            ack(response_action="errors", errors={error.field if error.field in FORM_FIELDS else "question": error.user_message})
            return
        except Exception as error:  # noqa: BLE001 - the edge: keep the modal open with a reference
            ack(response_action="errors", errors={"question": report_failure(error, cid=new_correlation_id(),
                                                                             where="standard:save", user=user)})
            return
        ack()
        log.info("standard answer saved id=%s status=%s officer=%s", row.id, row.status, user)
        text = t.STANDARD_SAVED.format(id=row.id, status=t.STATUS_LABELS[row.status])
        try:
            origin = meta.get("origin") or ""
            if origin.startswith("escalation:"):
                escalation_id = origin.split(":", 1)[1]
                services.escalations.link_standard_answer(escalation_id, row.id)
                io.redraw(client, escalation_id)
        except Exception as error:  # noqa: BLE001 - saved; only the link to the escalation failed: say so
            text += "\n" + report_failure(error, cid=new_correlation_id(), where="standard:link", user=user)
        client.chat_postMessage(channel=user, text=text)


def withdraw(io: OfficersIO, standard: StandardAnswers, client: WebClient, user: str, standard_answer_id: str) -> str:
    """Withdraw for an officer; the text to show (a refusal for anyone else)."""
    if not io.is_officer(client, user):
        return t.NOT_OFFICER
    try:
        row = standard.withdraw(standard_answer_id, actor=user, audience=Audience.OFFICERS)
    except TilsynsbotError as error:
        return error.user_message
    return t.STANDARD_WITHDRAWN.format(id=row.id)


def make_standardsvar_handler(io: OfficersIO, standard: StandardAnswers) -> SubcommandHandler:
    """`/tilsyn standardsvar` (list), `… endre ID` (modal), `… trekk ID` (withdraw); officers only."""

    def handle(req: SubcommandRequest) -> None:
        if not io.is_officer(req.client, req.user_id):
            req.ack(text=t.NOT_OFFICER, response_type="ephemeral")
            return
        words = req.args.split()
        verb = words[0].lower() if words else ""
        target = words[1] if len(words) > 1 else ""
        if verb == "endre" and target:
            row = standard.get(target)
            if row is None:
                req.ack(text=t.STANDARD_UNKNOWN.format(id=target), response_type="ephemeral")
                return
            req.ack()
            req.client.views_open(trigger_id=req.trigger_id, view=standard_modal(draft_of(row)))
            return
        if verb == "trekk" and target:
            req.ack(text=withdraw(io, standard, req.client, req.user_id, target), response_type="ephemeral")
            return
        if verb:
            req.ack(text=t.STANDARD_USAGE, response_type="ephemeral")
            return
        req.ack()
        rows = standard.all()
        req.respond(text=t.STANDARD_LIST_TITLE.format(count=len(rows)), blocks=standard_list(rows),
                    response_type="ephemeral", replace_original=False)

    return handle


def _field_errors(error: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0]) if item.get("loc") else "question"
        block = "answer" if name == "answer_text" else (name if name in FORM_FIELDS else "question")
        if item.get("type") == "string_too_short":
            message = t.QUESTION_REQUIRED if block == "question" else t.TEXT_REQUIRED
        else:  # pydantic's own wording is English: the one Norwegian reading of its errors
            message = reason_of(item)
        errors.setdefault(block, message)
    return errors
