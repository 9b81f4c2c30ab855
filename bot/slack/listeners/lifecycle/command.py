"""`/tilsyn oversikt [tilsyn-id]` and `/tilsyn forløp ny|åpne|hendelser …`: officers only.

The modal is opened with the command's trigger_id right after the ack; lists are built after
the ack and sent privately through the response_url.
"""

from __future__ import annotations

from bot.access import Directory
from bot.dates import date_time, short_date
from bot.domain import OSLO_BYDELER
from bot.errors import AccessDeniedError
from bot.intake.service import Actor
from bot.lifecycle.service import PLAN_TEMPLATE
from bot.lifecycle.stages import EventKind
from bot.slack.blocks.common import paginate, user_name
from bot.slack.blocks.lifecycle import new_tilsyn_modal, overview_blocks
from bot.slack.listeners.intake.dialog import send_intro
from bot.slack.listeners.lifecycle.moves import LifecycleSlack
from bot.slack.registry import SubcommandHandler, SubcommandRequest
from bot.texts import lifecycle as t


def make_oversikt_handler(ctx: LifecycleSlack) -> SubcommandHandler:
    def handle_oversikt(req: SubcommandRequest) -> None:
        actor = ctx.actor(req.client, req.user_id)
        if not ctx.lifecycle.is_officer(actor):
            raise AccessDeniedError(t.NOT_OFFICER)
        req.ack()
        overviews = ctx.lifecycle.overview(actor, req.args.strip() or None)
        for page in paginate(overview_blocks(overviews, max_blocks=None)):
            req.respond(text=t.OVERVIEW_TITLE, blocks=page, response_type="ephemeral", replace_original=False)

    return handle_oversikt


def bydel_choices(directory: Directory) -> list[str]:
    """The configured bydeler (the directory's spelling), else Oslo's fifteen."""
    return sorted(directory.bydeler) or list(OSLO_BYDELER)


def make_forlop_handler(ctx: LifecycleSlack) -> SubcommandHandler:
    def handle_forlop(req: SubcommandRequest) -> None:
        words = req.args.split()
        name, rest = (words[0].lower(), words[1:]) if words else ("", [])
        if name in ("", "hjelp", "help", "?"):
            req.ack(text=t.FORLOP_HELP, response_type="ephemeral")
            return
        actor = ctx.actor(req.client, req.user_id)
        if not ctx.lifecycle.is_officer(actor):
            raise AccessDeniedError(t.NOT_OFFICER)
        if name in ("ny", "nytt", "opprett"):
            templates = {k: v.title for k, v in ctx.lifecycle.intake.templates.items() if k != PLAN_TEMPLATE}
            req.ack()
            req.client.views_open(trigger_id=req.trigger_id, view=new_tilsyn_modal(templates, bydel_choices(ctx.intake.directory)))
            return
        req.ack()

        def reply(text: str) -> None:
            req.respond(text=text, response_type="ephemeral", replace_original=False)

        if name in ("åpne", "apne") and rest:
            tilsyn = ctx.lifecycle.tilsyn(rest[0])
            report = ctx.lifecycle.open_cases(actor, tilsyn.id)
            for case in report.opened:
                send_intro(req.client, case.contacts[0], case)
            reply(report.text(user_name(tilsyn.title)))
        elif name in ("hendelser", "logg") and rest:
            reply(events_text(ctx, actor, rest[0]))
        else:
            reply(t.FORLOP_UNKNOWN.format(name=name))

    return handle_forlop


def events_text(ctx: LifecycleSlack, actor: Actor, tilsyn_id: str) -> str:
    tilsyn = ctx.lifecycle.tilsyn(tilsyn_id)
    lines = []
    for e in ctx.lifecycle.history(actor, tilsyn.id):
        lines.append(t.EVENT_LINE.format(
            at=date_time(e.at, ctx.lifecycle.tz), actor=f"<@{e.actor}>" if e.actor.startswith(("U", "W")) else e.actor,
            subject=ctx.lifecycle.label(tilsyn, e.subject), before=e.from_stage.label if e.from_stage else t.NO_STAGE,
            after=e.to_stage.label if e.kind is EventKind.TRANSITION else f"{e.to_stage.label} ({t.EVENT_KINDS[e.kind.value]})",
            deadline=t.EVENT_DEADLINE.format(date=short_date(e.deadline)) if e.deadline else "",
            comment=f" – {user_name(e.comment, 300)}" if e.comment else "", case=f" `{e.case_id}`" if e.case_id else "",
        ))
    return "\n".join(lines) if lines else t.EVENTS_EMPTY.format(id=tilsyn.id)
