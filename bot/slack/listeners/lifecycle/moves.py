"""The officers' buttons and modals: start assessment, conclude, request a plan, review a plan
(approve and close / needs more / extend), and create a tilsyn.

Thin: parse the click or the form, call `LifecycleService`, tell the officer (DM) and the bydel
(DM to the case's contacts). A non-officer is refused at every step, before anything is opened
or saved; a stale button is refused by the service's transition table with its own message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.dates import short_date
from bot.errors import AccessDeniedError, TilsynsbotError, ValidationFailedError
from bot.intake.service import Actor
from bot.lifecycle.service import LifecycleService, Move
from bot.lifecycle.spec import parse_spec
from bot.slack.blocks import intake as ib
from bot.slack.blocks import lifecycle as b
from bot.slack.blocks.common import user_name, user_text
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.forms import lines
from bot.slack.forms import values as form_values
from bot.slack.listeners.intake.dialog import send_intro
from bot.slack.listeners.intake.slack_io import IntakeSlack, post_dm
from bot.texts import lifecycle as t

FIELD_BLOCKS = {"intake_template": "template"}  # a service field -> the form block that shows its error


@dataclass(frozen=True)
class LifecycleSlack:
    """What the lifecycle listeners use: the service, and intake's Slack helpers (actor, DMs)."""

    lifecycle: LifecycleService
    intake: IntakeSlack

    def actor(self, client: WebClient, user_id: str) -> Actor:
        return self.intake.actor(client, user_id)


def _date(values: dict[str, Any], key: str) -> date:
    try:
        return date.fromisoformat(str(values.get(key) or ""))
    except ValueError:
        raise ValidationFailedError(t.DATE_REQUIRED, field=key) from None


def register_moves(app: App, ctx: LifecycleSlack) -> None:
    lifecycle = ctx.lifecycle

    def on_click(move: str, work: Callable[[WebClient, Actor, dict[str, Any], dict[str, str]], None]) -> None:
        @app.action(f"{b.ACTION_PREFIX}{move}")
        def _handler(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            user = body["user"]["id"]
            try:
                actor = ctx.actor(client, user)
                if not lifecycle.is_officer(actor):
                    raise AccessDeniedError(t.NOT_OFFICER)
                value = json.loads((body.get("actions") or [{}])[0].get("value") or "{}")
                work(client, actor, body, {"t": str(value.get("t", "")), "s": str(value.get("s", ""))})
            except Exception as error:  # noqa: BLE001 - the edge: tell the officer, log with a reference
                post_dm(client, user, report_failure(error, cid=new_correlation_id(), where=f"lifecycle:{move}", user=user))

    def label(ref: dict[str, str]) -> str:
        return lifecycle.label(lifecycle.tilsyn(ref["t"]), ref["s"])

    def assess(client: WebClient, actor: Actor, _body: dict[str, Any], ref: dict[str, str]) -> None:
        done = lifecycle.start_assessment(actor, ref["t"], ref["s"])
        post_dm(client, actor.user_id, t.STAGE_SET.format(subject=done.label, stage=done.events[-1].to_stage.label))

    def approve(client: WebClient, actor: Actor, _body: dict[str, Any], ref: dict[str, str]) -> None:
        done = lifecycle.approve(actor, ref["t"], ref["s"])
        tell_approved(client, actor, done, lifecycle.today())

    def open_modal(build: Callable[[dict[str, str]], dict[str, Any]]) -> Callable[[WebClient, Actor, dict[str, Any], dict[str, str]], None]:
        def work(client: WebClient, _actor: Actor, body: dict[str, Any], ref: dict[str, str]) -> None:
            lifecycle.tilsyn(ref["t"])  # an unknown tilsyn is refused before a form is shown
            client.views_open(trigger_id=body["trigger_id"], view=build(ref))

        return work

    on_click("assess", assess)
    on_click("approve", approve)
    on_click("conclude", open_modal(lambda r: b.conclude_modal(r["t"], r["s"], label(r))))
    on_click("request_plan", open_modal(lambda r: b.plan_modal(r["t"], r["s"], label(r))))
    on_click("needs_more", open_modal(lambda r: b.needs_more_modal(r["t"], r["s"], label(r))))
    on_click("extend", open_modal(lambda r: b.extend_modal(r["t"], r["s"], label(r), lifecycle.state(r["t"], r["s"]).deadline)))

    def on_view(kind: str, work: Callable[[WebClient, Actor, dict[str, Any], dict[str, str]], Callable[[], None]],
                first_field: str) -> None:
        @app.view(f"{b.ACTION_PREFIX}{kind}")
        def _handler(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            user = body["user"]["id"]
            actor = ctx.actor(client, user)
            if not lifecycle.is_officer(actor):
                ack(response_action="errors", errors={first_field: t.NOT_OFFICER})
                return
            ref = json.loads(body.get("view", {}).get("private_metadata") or "{}")
            try:
                after = work(client, actor, form_values(body), ref)
            except TilsynsbotError as error:
                field = FIELD_BLOCKS.get(error.field, error.field)
                ack(response_action="errors", errors={field if field in form_values(body) else first_field: error.user_message[:300]})
                return
            except Exception as error:  # noqa: BLE001 - the edge: keep the modal open with a reference
                message = report_failure(error, cid=new_correlation_id(), where=f"lifecycle:{kind}", user=user)
                ack(response_action="errors", errors={first_field: message[:300]})
                return
            ack()
            try:
                after()
            except Exception as error:  # noqa: BLE001 - the move is stored; say what failed afterwards
                post_dm(client, user, report_failure(error, cid=new_correlation_id(), where=f"lifecycle:{kind}:notify", user=user))

    def conclude(client: WebClient, actor: Actor, values: dict[str, Any], ref: dict[str, str]) -> Callable[[], None]:
        breach = values.get("breach") == "yes"
        done = lifecycle.conclude(actor, ref["t"], ref["s"], breach=breach, wording=values.get("wording") or "",
                                  legal_basis=lines(values.get("legal_basis")), comment=values.get("comment") or "")
        return lambda: post_dm(client, actor.user_id, t.STAGE_SET.format(subject=done.label, stage=done.events[-1].to_stage.label))

    def request_plan(client: WebClient, actor: Actor, values: dict[str, Any], ref: dict[str, str]) -> Callable[[], None]:
        done = lifecycle.request_plan(actor, ref["t"], ref["s"], deadline=_date(values, "deadline"),
                                      contact=values.get("contact") or "", comment=values.get("comment") or "")

        def after() -> None:
            assert done.case is not None
            deadline = short_date(done.case.deadline)
            for user in done.case.contacts:
                post_dm(client, user, t.BYDEL_PLAN_REQUESTED.format(title=done.tilsyn.title, deadline=deadline))
                send_intro(client, user, done.case)
            post_dm(client, actor.user_id, t.PLAN_REQUESTED.format(subject=done.label, case_id=done.case.id, deadline=deadline))

        return after

    def needs_more(client: WebClient, actor: Actor, values: dict[str, Any], ref: dict[str, str]) -> Callable[[], None]:
        done = lifecycle.needs_more(actor, ref["t"], ref["s"], comment=values.get("comment") or "",
                                    deadline=_date(values, "deadline"))

        def after() -> None:
            assert done.case is not None
            deadline = short_date(done.case.deadline)
            comment = user_text(done.events[-1].comment)
            for user in done.case.contacts:
                post_dm(client, user, t.BYDEL_NEEDS_MORE.format(case_id=done.case.id, comment=comment, deadline=deadline),
                        [ib.section(t.BYDEL_NEEDS_MORE.format(case_id=done.case.id, comment=comment, deadline=deadline)),
                         *ib.intro_blocks(done.case, resume=True)])
            post_dm(client, actor.user_id, t.NEEDS_MORE_DONE.format(subject=done.label, case_id=done.case.id, deadline=deadline))

        return after

    def extend(client: WebClient, actor: Actor, values: dict[str, Any], ref: dict[str, str]) -> Callable[[], None]:
        done = lifecycle.extend_deadline(actor, ref["t"], ref["s"], deadline=_date(values, "deadline"),
                                         reason=values.get("reason") or "")

        def after() -> None:
            deadline = short_date(done.events[-1].deadline or date.min)
            if done.case is not None:
                for user in done.case.contacts:
                    post_dm(client, user, t.BYDEL_EXTENDED.format(case_id=done.case.id, deadline=deadline,
                                                                  reason=done.events[-1].comment))
            post_dm(client, actor.user_id, t.EXTENDED_DONE.format(subject=done.label, deadline=deadline))

        return after

    def new_tilsyn(client: WebClient, actor: Actor, values: dict[str, Any], _ref: dict[str, str]) -> Callable[[], None]:
        spec = parse_spec({
            "id": (values.get("id") or "").strip(), "title": values.get("title") or "", "theme": values.get("theme") or "",
            "legal_basis": lines(values.get("legal_basis")), "bydeler": values.get("bydeler") or [],
            "intake_template": values.get("template") or "", "deadline": values.get("deadline") or None,
        })
        tilsyn = lifecycle.create_tilsyn(actor, spec)
        report = lifecycle.open_cases(actor, tilsyn.id) if "yes" in (values.get("open_now") or []) else None

        def after() -> None:
            text = t.TILSYN_CREATED.format(title=tilsyn.title, id=tilsyn.id, count=len(tilsyn.bydeler_covered),
                                           deadline=short_date(spec.deadline))
            if report is not None:
                for case in report.opened:
                    send_intro(client, case.contacts[0], case)
                text += "\n" + report.text(user_name(tilsyn.title))
            post_dm(client, actor.user_id, text)

        return after

    on_view("conclude", conclude, "breach")
    on_view("request_plan", request_plan, "deadline")
    on_view("needs_more", needs_more, "comment")
    on_view("extend", extend, "deadline")
    on_view("new", new_tilsyn, "id")


def tell_approved(client: WebClient, actor: Actor, done: Move, closed: date) -> None:
    """The officer and the bydel's contacts hear that the plan is approved and the lovbrudd closed."""
    case_id = done.case.id if done.case else "–"
    if done.case is not None:
        for user in done.case.contacts:
            post_dm(client, user, t.BYDEL_APPROVED.format(case_id=case_id, date=short_date(closed)))
    post_dm(client, actor.user_id, t.APPROVED.format(subject=done.label, date=short_date(closed), case_id=case_id))
