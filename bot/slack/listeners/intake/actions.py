"""Buttons and modals of the intake dialog.

Every button carries the case id (and the step it belongs to) in its value, so a click is
interpreted from the stored case: a second click on "Neste" from a step already left moves
nothing, and a click from an old message after a restart does the right thing. Modals carry the
version the user saw; a concurrent change is shown in the modal with the user's own text kept.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TilsynsbotError
from bot.intake.editing import ConflictError
from bot.intake.service import Actor
from bot.intake.views import AnswerView
from bot.slack.blocks import intake as b
from bot.slack.blocks.common import Block
from bot.slack.errors import new_correlation_id, report_failure, slack_error_code
from bot.slack.listeners.intake.dialog import after_submit, send_intro, show_step
from bot.slack.listeners.intake.slack_io import IntakeSlack, post_dm
from bot.texts import intake as t

log = logging.getLogger("tilsynsbot.slack.intake")


@dataclass(frozen=True)
class Click:
    """One button click: who, the button's decoded value, and how to answer."""

    actor: Actor
    value: dict[str, Any]
    body: dict[str, Any]
    client: WebClient
    respond: Respond

    @property
    def user(self) -> str:
        return self.actor.user_id


def register_actions(app: App, ctx: IntakeSlack) -> None:
    intake = ctx.intake

    def on(name: str, work: Callable[[Click], None]) -> None:
        @app.action(f"intake:{name}")
        def _handler(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
            ack()
            user = body["user"]["id"]
            action = body["actions"][0]
            try:
                work(Click(ctx.actor(client, user), json.loads(action.get("value") or "{}"), body, client, respond))
            except Exception as error:  # noqa: BLE001 - the edge: render and log with a correlation id
                cid = new_correlation_id()
                message = report_failure(error, cid=cid, where=action.get("action_id"), user=user)
                if isinstance(error, TilsynsbotError):
                    message = error.user_message
                elif isinstance(error, SlackApiError):  # the service step is committed; only showing it failed
                    message = t.SLACK_FAILED.format(error=slack_error_code(error), cid=cid)
                try:
                    post_dm(client, user, message)
                except SlackApiError:  # posting itself fails: the click's response_url is a separate way in
                    respond(text=message, response_type="ephemeral", replace_original=False)

    def start(c: Click) -> None:
        show_step(c.client, c.user, intake.start(c.value["c"], c.actor))

    def checklist(c: Click) -> None:
        view = intake.get(c.value["c"], c.actor)
        post_dm(c.client, c.user, t.CHECKLIST_HEADER.format(case_id=view.id, bydel=view.bydel), b.checklist_blocks(view))

    def goto(c: Click) -> None:
        show_step(c.client, c.user, intake.goto(c.value["c"], c.actor, c.value["s"]))

    def next_(c: Click) -> None:
        view, moved = intake.advance(c.value["c"], c.actor, c.value["s"])
        if moved:
            show_step(c.client, c.user, view)
        else:
            c.respond(text=t.ALREADY_MOVED.format(step=b.step_title(view, view.current_step)),
                      response_type="ephemeral", replace_original=False)

    def later(c: Click) -> None:
        show_step(c.client, c.user, intake.mark_later(c.value["c"], c.value["i"], c.actor))

    def pause(c: Click) -> None:
        post_dm(c.client, c.user, t.PAUSED, b.paused_blocks(intake.pause(c.value["c"], c.actor)))

    def remove_file(c: Click) -> None:
        show_step(c.client, c.user, intake.remove_file(c.value["c"], int(c.value["f"]), c.actor))

    def submit(c: Click) -> None:
        view, new = intake.submit(c.value["c"], c.actor)
        if new:
            after_submit(c.client, ctx, view)
        else:
            c.respond(text=t.READ_ONLY.format(when=b.fmt_time(view.submitted_at, intake.tz)),
                      response_type="ephemeral", replace_original=False)

    def not_exists(c: Click) -> None:
        view = intake.get(c.value["c"], c.actor)
        item = view.item(c.value["i"])
        modal = b.text_modal("not_exists", title=t.MODAL_NOT_EXISTS_TITLE, label=t.MODAL_NOT_EXISTS_LABEL,
                             meta={"c": view.id, "i": item.item.id, "v": item.version}, max_length=1500,
                             intro=f"*{item.item.title}*", initial=item.explanation)
        c.client.views_open(trigger_id=c.body["trigger_id"], view=modal)

    def answer(c: Click) -> None:
        view = intake.get(c.value["c"], c.actor)
        c.client.views_open(trigger_id=c.body["trigger_id"], view=answer_modal(view.answer(c.value["q"]), view.id))

    for name, work in (("start", start), ("checklist", checklist), ("goto", goto), ("next", next_), ("later", later),
                       ("pause", pause), ("remove_file", remove_file), ("submit", submit), ("not_exists", not_exists),
                       ("answer", answer)):
        on(name, work)

    @app.view(re.compile(r"^intake:(answer|not_exists)$"))
    def on_modal(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        meta = json.loads(view.get("private_metadata") or "{}")
        text = ((view.get("state") or {}).get("values") or {}).get("text", {}).get("text", {}).get("value") or ""
        kind = view["callback_id"].split(":", 1)[1]
        actor = ctx.actor(client, user)
        try:
            if kind == "answer":
                saved = intake.answer(meta["c"], meta["q"], actor, text, int(meta["v"]))
                step = f"question:{meta['q']}"
            else:
                saved = intake.mark_not_exists(meta["c"], meta["i"], actor, text, int(meta["v"]))
                step = f"item:{meta['i']}"
        except ConflictError as error:
            current = intake.get(meta["c"], actor)
            meta["v"] = error.version
            if kind == "answer":
                modal = answer_modal(current.answer(meta["q"]), current.id, initial=text, conflict=error.user_message)
            else:
                item = current.item(meta["i"])
                modal = b.text_modal("not_exists", title=t.MODAL_NOT_EXISTS_TITLE, label=t.MODAL_NOT_EXISTS_LABEL,
                                     meta={**meta, "v": item.version}, max_length=1500, initial=text,
                                     intro=error.user_message, current=item.explanation)
            ack(response_action="update", view=modal)
            return
        except TilsynsbotError as error:  # invalid, read-only, no access: shown under the field, text kept
            ack(response_action="errors", errors={"text": error.user_message[:300]})
            return
        except Exception as error:  # noqa: BLE001 - the edge: the modal stays open with the user's text
            message = report_failure(error, cid=new_correlation_id(), where="intake-modal-save", user=user)
            ack(response_action="errors", errors={"text": message[:300]})
            return
        ack()
        try:
            if saved.current_step == step:
                saved, _ = intake.advance(saved.id, actor, step)
            show_step(client, user, saved)
        except Exception as error:  # noqa: BLE001 - the edge after the ack: the answer is stored; report the rest
            post_dm(client, user, report_failure(error, cid=new_correlation_id(), where="intake-modal", user=user))


def register_open_form(app: App, ctx: IntakeSlack) -> None:
    """The officer's "open a case" form (`/tilsyn intake åpne` without a usable @-mention)."""

    @app.view("intake:open")
    def on_open(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        values = (view.get("state") or {}).get("values") or {}

        def field(block: str) -> str:
            element = (values.get(block) or {}).get("value") or {}
            return str(element.get("selected_option", {}).get("value") if element.get("selected_option")
                       else element.get("selected_date") or element.get("selected_user") or element.get("value") or "")

        actor = ctx.actor(client, user)
        try:
            deadline = date.fromisoformat(field("deadline"))
        except ValueError:
            ack(response_action="errors", errors={"deadline": t.COMMAND_BAD_DATE.format(value=field("deadline"))})
            return
        try:
            case = ctx.intake.open_case(actor, bydel=field("bydel"), deadline=deadline, contact=field("contact"),
                                             template_id=field("template") or None)
        except TilsynsbotError as error:
            block = "deadline" if error.field == "deadline" else "bydel"
            ack(response_action="errors", errors={block: error.user_message[:300]})
            return
        ack()
        try:
            send_intro(client, case.contacts[0], case)
            post_dm(client, user, t.CASE_OPENED.format(case_id=case.id, bydel=case.bydel, deadline=b.fmt_date(case),
                                                       contact=case.contacts[0]))
        except Exception as error:  # noqa: BLE001 - the edge after the ack: the case exists; say what failed
            post_dm(client, user, report_failure(error, cid=new_correlation_id(), where="intake-open-notify", user=user))


def register_handover_form(app: App, ctx: IntakeSlack) -> None:
    @app.view("intake:handover")
    def on_handover(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        case_id = json.loads(view.get("private_metadata") or "{}").get("c", "")
        element = (((view.get("state") or {}).get("values") or {}).get("contact") or {}).get("value") or {}
        to_user = str(element.get("selected_user") or "")
        try:
            case = ctx.intake.hand_over(case_id, ctx.actor(client, user), to_user,
                                             ctx.actor(client, to_user).usergroups)
        except TilsynsbotError as error:
            ack(response_action="errors", errors={"contact": error.user_message[:300]})
            return
        ack()
        try:
            send_intro(client, to_user, case)
            post_dm(client, user, t.HANDOVER_DONE.format(case_id=case.id, user=to_user))
        except Exception as error:  # noqa: BLE001 - the edge after the ack: the hand-over is stored
            post_dm(client, user, report_failure(error, cid=new_correlation_id(), where="intake-handover-notify", user=user))


def answer_modal(answer: AnswerView, case_id: str, *, initial: str | None = None, conflict: str = "") -> Block:
    q = answer.question
    return b.text_modal(
        "answer", title=t.MODAL_ANSWER_TITLE, label=q.text, meta={"c": case_id, "q": q.id, "v": answer.version},
        max_length=q.max_length, initial=answer.text if initial is None else initial,
        intro=conflict or q.help, current=answer.text if conflict else None,
    )
