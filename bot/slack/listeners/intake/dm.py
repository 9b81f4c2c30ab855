"""Direct messages during an active intake dialog: shared files go to the current item; anything else
gets a short explanation of what to do (the dialog goes on).

Added to the app's `SlackRegistry.message_handlers`; returns False (not handled) when the
user is not in an active intake dialog, so the question flow answers them as usual.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TilsynsbotError
from bot.intake.service import Actor
from bot.intake.validation import FileNote
from bot.intake.views import CaseView
from bot.privacy import contains_identity_number
from bot.slack.blocks import intake as b
from bot.slack.blocks.common import escape, user_name
from bot.slack.errors import new_correlation_id, report_failure, slack_error_code
from bot.slack.listeners.intake.dialog import show_step
from bot.slack.listeners.intake.slack_io import IntakeSlack, download, post_dm
from bot.slack.registry import MessageHandler, SlackEvent
from bot.texts import intake as t

log = logging.getLogger("tilsynsbot.slack.intake")

WORDS_CHECKLIST = frozenset({"sjekkliste", "status", "oversikt"})
WORDS_PAUSE = frozenset({"pause", "stopp", "stop"})
WORDS_HELP = frozenset({"hjelp", "help", "?"})
WORDS_CONTINUE = frozenset({"fortsett", "videre", "start"})


def make_handler(ctx: IntakeSlack) -> MessageHandler:
    def intake_dm(event: SlackEvent, client: WebClient, context: BoltContext) -> bool:  # noqa: ARG001 - MessageHandler
        user = event.get("user") or ""
        if event.get("channel_type") != "im" or not user:
            return False
        try:
            return handle_dm(event, client, user)
        except SlackApiError as error:  # what was stored stays stored; say so through another way in
            cid = new_correlation_id()
            report_failure(error, cid=cid, where="intake-dm", user=user, channel=event.get("channel"))
            try:
                client.chat_postEphemeral(channel=event.get("channel", ""), user=user,
                                          text=t.SLACK_FAILED.format(error=slack_error_code(error), cid=cid))
            except SlackApiError:
                log.error("cid=%s intake notice could not be delivered user=%s", cid, user)
            return True

    def handle_dm(event: SlackEvent, client: WebClient, user: str) -> bool:
        view = ctx.intake.active_dialog_for(user)
        files = event.get("files") or []
        if view is None:
            return bool(files) and _paused_case_hint(client, ctx, user)
        actor = ctx.actor(client, user)
        if files:
            handle_files(client, ctx, actor, view, files)
            return True
        text = (event.get("text") or "").strip()
        word = text.lower().strip(".!")
        if contains_identity_number(text):
            post_dm(client, user, t.DM_ID_NUMBER)
        elif word in WORDS_CHECKLIST:
            post_dm(client, user, t.CHECKLIST_HEADER.format(case_id=view.id, bydel=view.bydel), b.checklist_blocks(view))
        elif word in WORDS_PAUSE:
            paused = ctx.intake.pause(view.id, actor)
            post_dm(client, user, t.PAUSED, b.paused_blocks(paused))
        elif word in WORDS_HELP:
            post_dm(client, user, t.DM_HELP)
            show_step(client, user, view)
        elif word in WORDS_CONTINUE:
            show_step(client, user, view)
        else:
            post_dm(client, user, t.NOT_UNDERSTOOD)
            show_step(client, user, view)
        return True

    return intake_dm


def _paused_case_hint(client: WebClient, ctx: IntakeSlack, user: str) -> bool:
    """A file shared while the user's case is paused: say how to go on instead of ignoring it."""
    actor = ctx.actor(client, user)
    paused = [v for v in ctx.intake.cases_for(actor) if not v.submitted and user in v.contacts]
    if not paused:
        return False
    post_dm(client, user, t.FILE_WHILE_PAUSED, b.paused_blocks(paused[0]))
    return True


def handle_files(client: WebClient, ctx: IntakeSlack, actor: Actor, view: CaseView, files: list[dict[str, Any]]) -> None:
    """Download, check and store each file; report each result; then show the item again."""
    user = actor.user_id
    kind, _, item_id = (view.current_step or "").partition(":")
    if kind != "item":
        post_dm(client, user, t.FILE_NO_CURRENT_ITEM)
        show_step(client, user, view)
        return
    lines = []
    for shared in files:
        try:
            got = download(client, ctx.settings, shared)
            stored, view, duplicate = ctx.intake.add_file(
                view.id, item_id, actor, name=got.name, data=got.data, source_ref=got.file_id
            )
        except TilsynsbotError as error:  # a rejected file: say why, keep going with the next one
            log.info("intake file rejected case=%s item=%s file=%s reason=%s", view.id, item_id, shared.get("id"), type(error).__name__)
            lines.append(escape(error.user_message))  # it quotes the file name: no live markup
            continue
        if duplicate:
            lines.append(t.FILE_DUPLICATE.format(name=user_name(stored.name)))
        else:
            lines.append(t.FILE_RECEIVED.format(name=user_name(stored.name), size=b._size(stored.size), sha=stored.sha256))
            if stored.note is FileNote.NO_TEXT:
                lines.append(t.FILE_NOTE_NO_TEXT.format(name=user_name(stored.name)))
    post_dm(client, user, "\n".join(lines))
    show_step(client, user, ctx.intake.get(view.id, actor))
