"""Officer modals: change a lovbrudd's status, record a finding. Validation errors are shown under
the fields (`response_action="errors"`); nothing is saved unless the submitter is an officer.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.access import Directory
from bot.domain import Audience
from bot.errors import TilsynsbotError
from bot.findings.models import Outcome, bydel_slug
from bot.findings.service import FindingsService
from bot.slack.blocks.findings import CHANGE_STATUS_ACTION, RECORD_VIEW, STATUS_VIEW, status_modal
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.forms import values as _values
from bot.texts import findings as t

log = logging.getLogger("tilsynsbot.slack.findings")


def _notify(client: WebClient, user_id: str, text: str) -> None:
    client.chat_postMessage(channel=user_id, text=text)


def status_errors(values: dict[str, Any], today: date) -> dict[str, str]:
    """Form-level checks that name the field, before the service validates again."""
    errors: dict[str, str] = {}
    closed = values.get("closed_date")
    if values.get("status") == "closed" and not closed:
        errors["closed_date"] = t.CLOSED_DATE_REQUIRED
    elif closed and values.get("status") != "closed":
        errors["closed_date"] = t.CLOSED_DATE_ONLY_WHEN_CLOSED
    elif closed and date.fromisoformat(closed) > today:
        errors["closed_date"] = t.CLOSED_DATE_FUTURE
    return errors


def register_modals(app: App, findings: FindingsService, directory: Directory) -> None:
    @app.action(CHANGE_STATUS_ACTION)
    def on_change_status(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = body.get("user", {}).get("id", "")
        if not directory.is_officer(user_id):
            respond(text=t.NOT_OFFICER_SLACK, response_type="ephemeral", replace_original=False)
            return
        selected = (body.get("actions") or [{}])[0].get("value")
        try:
            client.views_open(trigger_id=body["trigger_id"], view=status_modal(findings.lovbrudd_choices(), selected=selected))
        except Exception as error:  # noqa: BLE001 - the edge: tell the user, log with a reference
            message = report_failure(error, cid=new_correlation_id(), where="findings:status_button", user=user_id)
            respond(text=message, response_type="ephemeral", replace_original=False)

    @app.view(STATUS_VIEW)
    def on_status_submit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        user_id = body.get("user", {}).get("id", "")
        if not directory.is_officer(user_id):
            ack(response_action="errors", errors={"lovbrudd": t.NOT_OFFICER_SLACK})
            return
        values = _values(body)
        errors = status_errors(values, findings.today())
        if errors:
            ack(response_action="errors", errors=errors)
            return
        closed = date.fromisoformat(values["closed_date"]) if values.get("closed_date") else None
        extended = date.fromisoformat(values["extended_deadline"]) if values.get("extended_deadline") else None
        try:
            follow = findings.change_status(
                values.get("lovbrudd") or "", actor=user_id, audience=Audience.OFFICERS, status=values.get("status"),
                closed_date=closed, extended_deadline=extended, notes=values.get("notes") or None,
            )  # fmt: skip
        except TilsynsbotError as error:
            field = "extended_deadline" if error.field == "extended_deadline" else "lovbrudd"
            ack(response_action="errors", errors={field: error.user_message})
            return
        except Exception as error:  # noqa: BLE001 - the edge: keep the modal open with a reference
            ack(response_action="errors", errors={"lovbrudd": report_failure(error, cid=new_correlation_id(), where="findings:status", user=user_id)})
            return
        ack()
        closed_text = f" ({t.fmt_date(follow.closed_date)})" if follow.closed_date else ""
        _notify(client, user_id, t.STATUS_SAVED.format(id=values["lovbrudd"], status=follow.status.label, closed=closed_text))

    @app.view(RECORD_VIEW)
    def on_record_submit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        user_id = body.get("user", {}).get("id", "")
        if not directory.is_officer(user_id):
            ack(response_action="errors", errors={"tilsyn": t.NOT_OFFICER_SLACK})
            return
        values = _values(body)
        try:
            outcome = outcome_from_form(values)
        except ValidationError as error:
            ack(response_action="errors", errors=form_errors(error))
            return
        try:
            findings.record_finding(values.get("tilsyn") or "", outcome, actor=user_id, audience=Audience.OFFICERS)
        except TilsynsbotError as error:
            ack(response_action="errors", errors={"tilsyn": error.user_message})
            return
        except Exception as error:  # noqa: BLE001 - the edge: keep the modal open with a reference
            ack(response_action="errors", errors={"wording": report_failure(error, cid=new_correlation_id(), where="findings:record", user=user_id)})
            return
        ack()
        _notify(client, user_id, t.FINDING_SAVED.format(id=outcome.id))


FORM_FIELDS = frozenset({"bydel", "year", "breach", "wording", "legal_basis", "plan_deadline", "notes", "tilsyn"})


def outcome_from_form(values: dict[str, Any]) -> Outcome:
    """The record modal's values as a validated Outcome; raises pydantic's ValidationError."""
    tilsyn_id = values.get("tilsyn") or ""
    bydel = None if values.get("bydel") in (None, "", "-") else values["bydel"]
    year = values.get("year") or None
    breach = values.get("breach") == "yes"
    slug = bydel_slug(bydel or "")
    ident = f"{tilsyn_id}/{slug}-{year or 'uten-aar'}" if bydel else f"{tilsyn_id}/utfall-{uuid.uuid4().hex[:8]}"
    data: dict[str, Any] = {"id": ident, "bydel": bydel, "year": year, "breach": breach}
    wording = (values.get("wording") or "").strip()
    if breach:
        data["lovbrudd"] = {
            "id": f"{ident}/lovbrudd", "wording": wording,
            "legal_basis": [p.strip() for p in (values.get("legal_basis") or "").split(";") if p.strip()],
            "follow_up": {"status": "open", "plan_deadline": values.get("plan_deadline") or None,
                          "notes": (values.get("notes") or "").strip()},
        }  # fmt: skip
    else:
        data["summary"] = wording
    return Outcome.model_validate(data)


def form_errors(error: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in error.errors():
        field = t.field_of(item)
        block = field if field in FORM_FIELDS else ("wording" if field in ("lovbrudd", "") else "breach")
        errors.setdefault(block, t.WORDING_REQUIRED if block == "wording" and field in ("wording", "lovbrudd") else t.reason_of(item))
    return errors
