"""Posting the dialog's messages: the current step, the intro, the receipt and the notices.

Why in one place: every path (a button, a file share, a slash command, a restart) ends by showing
"where the case stands now", built from the stored case, so the dialog always resumes correctly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.intake.reminders import Notice
from bot.intake.views import CaseView
from bot.slack.blocks import intake as b
from bot.slack.blocks.common import actions, section
from bot.slack.listeners.intake.slack_io import IntakeSlack, notify_officers, post_dm
from bot.texts import intake as t

log = logging.getLogger("tilsynsbot.slack.intake")


def show_step(client: WebClient, user_id: str, view: CaseView) -> None:
    title = b.step_title(view, view.current_step)
    post_dm(client, user_id, f"{title} – {b.progress_text(view)}", b.step_blocks(view))


def send_intro(client: WebClient, user_id: str, view: CaseView) -> None:
    post_dm(client, user_id, t.INTRO_TITLE.format(bydel=view.bydel), b.intro_blocks(view))


def after_submit(client: WebClient, ctx: IntakeSlack, view: CaseView) -> None:
    """Receipt to every contact (the submitter first), then the notice to the officers."""
    tz = ctx.intake.tz
    receivers = list(dict.fromkeys(u for u in (view.submitted_by, *view.contacts) if u))
    for user in receivers:
        post_dm(client, user, t.RECEIPT_HEADER.format(case_id=view.id), b.receipt_blocks(view, tz))
    notify_officers(client, ctx.settings, t.OFFICERS_SUBMITTED.format(bydel=view.bydel, case_id=view.id, progress=b.progress_text(view)))


def reminder_sender(client: WebClient, ctx: IntakeSlack) -> Callable[[Notice], bool]:
    """A `send(notice) -> bool` for `IntakeService.run_reminders` that posts via Slack."""

    def send(notice: Notice) -> bool:
        view = notice.case
        try:
            if notice.to_officers:
                return notify_officers(client, ctx.settings, t.OFFICERS_OVERDUE.format(
                    bydel=view.bydel, case_id=view.id, deadline=b.fmt_date(view), progress=b.progress_text(view)))
            when = t.REMINDER_TODAY if notice.days_left == 0 else t.REMINDER_DAYS.format(days=notice.days_left)
            text = t.REMINDER.format(case_id=view.id, deadline=b.fmt_date(view), when=when, progress=b.progress_text(view))
            blocks = [section(text), actions(b.button(t.BUTTON_CONTINUE, "start", "primary", c=view.id),
                                                 b.button(t.BUTTON_CHECKLIST, "checklist", c=view.id))]
            for user in view.contacts:
                post_dm(client, user, text, blocks)
            return True
        except SlackApiError as error:
            log.warning("intake notice failed case=%s kind=%s error=%s", view.id, notice.kind, error.response.get("error"))
            return False

    return send
