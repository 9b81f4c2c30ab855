"""What the lifecycle posts without being asked: the review request when a bydel submits a plan,
a warning when a submission could not be recorded, and the officers' overview on the App Home tab.

Why a submission hook: the bydel submits in its DM dialog (the intake engine); the service's own
hook has already recorded «plan mottatt» when this one runs, so it only has to tell the officers.
When the service's hook fails, the intake engine only logs it: the service's failure hook is where
the officers and the contact hear that the stage did not move.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.intake.views import CaseView
from bot.slack.blocks.common import user_name
from bot.slack.blocks.lifecycle import overview_blocks, review_blocks
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.listeners.intake.slack_io import notify_officers, post_dm
from bot.slack.listeners.lifecycle.moves import LifecycleSlack
from bot.texts import lifecycle as t

log = logging.getLogger("tilsynsbot.slack.lifecycle")


def review_hook(client: WebClient, ctx: LifecycleSlack) -> Callable[[CaseView], None]:
    """An intake submission hook: a plan that just reached «plan mottatt» gets a review request."""

    def on_submitted(view: CaseView) -> None:
        found = ctx.lifecycle.plan_to_review(view.id)
        if found is None:
            return
        tilsyn = ctx.lifecycle.tilsyn(found[0])
        text = t.REVIEW_REQUEST.format(subject=ctx.lifecycle.label(tilsyn, found[1]), case_id=view.id,
                                       title=user_name(tilsyn.title))
        notify_officers(client, ctx.intake.settings, text, review_blocks(text, found[0], found[1]))

    return on_submitted


def submission_failed_hook(client: WebClient, ctx: LifecycleSlack) -> Callable[[CaseView, Exception], None]:
    """A lifecycle failure hook: a submission whose stage did not move is told to the officers (with
    what to do about it) and to the case's contacts (their submission and receipt stand)."""

    def on_failed(view: CaseView, error: Exception) -> None:
        cid = new_correlation_id()
        report_failure(error, cid=cid, where="lifecycle:submitted", case=view.id)
        try:  # each post on its own: the contacts are told even when the officers' channel fails
            told = notify_officers(client, ctx.intake.settings,
                                   t.SUBMISSION_NOT_RECORDED.format(bydel=view.bydel, case_id=view.id, cid=cid))
        except SlackApiError as post_error:
            log.warning("cid=%s officers' notice failed error=%s", cid, post_error.response.get("error"))
            told = False
        # "the officers have been told" only when they have; else the contact is asked to tell them
        text = t.BYDEL_SUBMISSION_NOT_RECORDED if told else t.BYDEL_SUBMISSION_NOT_RECORDED_TELL
        for user in view.contacts:
            try:
                post_dm(client, user, text.format(case_id=view.id, cid=cid))
            except SlackApiError as post_error:
                log.warning("cid=%s contact notice failed error=%s", cid, post_error.response.get("error"))

    return on_failed


def home_section(ctx: LifecycleSlack) -> Callable[[WebClient, str], list[dict[str, Any]]]:
    """Officers see the overview (with its buttons) on their App Home; others see nothing extra."""

    def section(client: WebClient, user_id: str) -> list[dict[str, Any]]:
        actor = ctx.actor(client, user_id)
        if not ctx.lifecycle.is_officer(actor):
            return []
        return overview_blocks(ctx.lifecycle.overview(actor), title=t.HOME_OVERVIEW_TITLE)

    return section
