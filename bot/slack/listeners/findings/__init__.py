"""Findings registry in Slack (issue 5): `/tilsyn funn …`, officer modals, the weekly digest.

`register(app, services)` adds the `funn` subcommand to the `/tilsyn` dispatcher, the modal
submission and «Endre status» button handlers, and two jobs on the shared scheduler (owned by
the intake service): the weekly digest, and indexing newly submitted intake files officers-only. Non-officers can list published findings but get a
clear refusal for anything that changes the registry.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.findings.submissions import index_new_submissions
from bot.slack.listeners.commands import register_subcommand
from bot.slack.listeners.findings.command import make_funn_handler
from bot.slack.listeners.findings.digest import weekly_digest
from bot.slack.listeners.findings.modals import register_modals


def register(app: App, services: Any) -> None:
    if services.findings is None:
        return
    register_subcommand("funn", make_funn_handler(services), "tilsynsfunn og lovbrudd: `/tilsyn funn [åpne] [bydel] [år]`")
    register_modals(app, services)
    scheduler = getattr(services.intake, "scheduler", None)
    if scheduler is not None:
        scheduler.add_job("findings-weekly-digest", lambda now: weekly_digest(services, app.client, now))
        scheduler.add_job("findings-index-submissions", lambda _now: index_new_submissions(services))
