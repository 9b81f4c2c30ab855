"""`/tilsyn intake …`: officers open, extend, reopen and export cases; contacts resume, list, hand over.

Added to the app's `/tilsyn` subcommands by `bot.slack.listeners.intake.register`.
Replies are ephemeral (through the command's response_url); the dialog itself lives in the DM.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from slack_sdk.errors import SlackApiError

from bot.errors import AccessDeniedError, ValidationFailedError
from bot.intake.service import IntakeService
from bot.slack.blocks import intake as b
from bot.slack.blocks.common import Block
from bot.slack.listeners.intake.dialog import send_intro, show_step
from bot.slack.listeners.intake.slack_io import IntakeSlack, post_dm
from bot.slack.registry import SubcommandHandler, SubcommandRequest
from bot.texts import intake as t

T = TypeVar("T")
MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{5,})$")


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailedError(t.COMMAND_BAD_DATE.format(value=value)) from None


def parse_user(value: str) -> str:
    match = MENTION.match(value.strip())
    if not match:
        raise ValidationFailedError(t.COMMAND_BAD_USER)
    return match.group(1) or match.group(2)


def _try(parse: Callable[[str], T], value: str) -> T | None:
    try:
        return parse(value)
    except ValidationFailedError:
        return None


def intake_bydel(intake: IntakeService, name: str) -> str:
    """The configured spelling of `name`, or "" when it is not a known bydel (the form then asks)."""
    try:
        return intake.canonical_bydel(name) if name else ""
    except ValidationFailedError:
        return ""


def make_command(ctx: IntakeSlack) -> SubcommandHandler:
    def handle_intake(req: SubcommandRequest) -> None:
        handle(ctx, req)

    return handle_intake


def handle(ctx: IntakeSlack, req: SubcommandRequest) -> None:
    """`/tilsyn intake …`; expected errors reach the user via the dispatcher."""
    req.ack()
    client = req.client
    intake = ctx.intake
    actor = ctx.actor(client, req.user_id)
    words = req.args.split()
    name, rest = (words[0].lower(), words[1:]) if words else ("", [])

    def reply(text: str, blocks: list[Block] | None = None) -> None:
        req.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

    if name in {"", "hjelp", "help"}:
        reply(t.COMMAND_HELP)
    elif name in {"åpne", "apne", "open"}:
        if not intake.is_officer(actor):
            raise AccessDeniedError(t.NOT_OFFICER)
        contact = _try(parse_user, rest[-1]) if len(rest) >= 3 else None
        if contact is None:  # no usable @-mention (e.g. unescaped): the form with a user picker
            deadline = rest[-2] if len(rest) >= 3 and _try(parse_date, rest[-2]) is not None else ""
            bydel = " ".join(rest[:-2]) if deadline else " ".join(rest)
            modal = b.open_case_modal(sorted(ctx.directory.bydeler), {k: v.title for k, v in intake.templates.items()},
                                      bydel=intake_bydel(intake, bydel), deadline=deadline)
            client.views_open(trigger_id=req.trigger_id, view=modal)
            return
        view = intake.open_case(actor, bydel=" ".join(rest[:-2]), deadline=parse_date(rest[-2]), contact=contact)
        send_intro(client, contact, view)
        reply(t.CASE_OPENED.format(case_id=view.id, bydel=view.bydel, deadline=b.fmt_date(view), contact=contact))
    elif name in {"liste", "list", "saker"}:
        reply(b.case_list_text(intake.cases_for(actor)))
    elif name in {"fortsett", "start"}:
        views = [v for v in intake.cases_for(actor) if not v.submitted and req.user_id in v.contacts]
        if rest:
            views = [intake.get(rest[0], actor)]
        if not views:
            reply(t.NO_OPEN_CASE)
            return
        show_step(client, req.user_id, intake.start(views[0].id, actor))
    elif name in {"sjekkliste", "status"}:
        views = [intake.get(rest[0], actor)] if rest else intake.cases_for(actor)
        if not views:
            reply(t.NO_CASES)
            return
        reply(t.CHECKLIST_HEADER.format(case_id=views[0].id, bydel=views[0].bydel), b.checklist_blocks(views[0]))
    elif name == "kvittering" and rest:
        view = intake.get(rest[0], actor)
        if not view.submitted:
            raise ValidationFailedError(t.NOT_SUBMITTED.format(case_id=view.id))
        post_dm(client, req.user_id, t.RECEIPT_HEADER.format(case_id=view.id), b.receipt_blocks(view, intake.tz))
    elif name in {"overlever", "overfør"} and rest:
        to_user = _try(parse_user, rest[1]) if len(rest) >= 2 else None
        if to_user is None:  # no usable @-mention: the form with a user picker
            intake.get(rest[0], actor)  # access is checked before the form is shown
            client.views_open(trigger_id=req.trigger_id, view=b.handover_modal(rest[0].upper()))
            return
        view = intake.hand_over(rest[0], actor, to_user, ctx.actor(client, to_user).usergroups)
        send_intro(client, to_user, view)
        reply(t.HANDOVER_DONE.format(case_id=view.id, user=to_user))
    elif name == "frist" and len(rest) >= 2:
        view = intake.extend_deadline(rest[0], actor, parse_date(rest[1]))
        for user in view.contacts:
            post_dm(client, user, t.DEADLINE_EXTENDED.format(case_id=view.id, deadline=b.fmt_date(view)))
        reply(t.DEADLINE_SET.format(case_id=view.id, deadline=b.fmt_date(view)))
    elif name in {"gjenåpne", "gjenapne"} and rest:
        view = intake.reopen(rest[0], actor)
        for user in view.contacts:
            post_dm(client, user, t.REOPENED.format(case_id=view.id), b.intro_blocks(view, resume=True))
        reply(t.REOPEN_DONE.format(case_id=view.id))
    elif name in {"eksport", "export"} and rest:
        path = intake.export(rest[0], actor)
        try:
            channel = client.conversations_open(users=req.user_id)["channel"]["id"]
            client.files_upload_v2(channel=channel, file=str(path), filename=path.name, title=path.name,
                                   initial_comment=t.EXPORT_DONE.format(case_id=rest[0].upper(), name=path.name))
        except SlackApiError as error:
            reply(t.EXPORT_SAVED_ONLY.format(case_id=rest[0].upper(), path=path, error=error.response.get("error")))
            return
        reply(t.EXPORT_DONE.format(case_id=rest[0].upper(), name=path.name))
    else:
        reply(t.COMMAND_UNKNOWN.format(name=name))
