"""Findings registry in Slack (issue 5): `/tilsyn funn …`, officer modals, the weekly digest.

`register(app, services, registry)` adds, when findings are on: the `funn` subcommand, the
modal submission and «Endre status» button handlers, and two jobs on `services.scheduler` (they
run whether or not intake is on): the weekly digest, and indexing newly submitted intake files
officers-only. Non-officers can list published findings but get a clear refusal for anything
that changes the registry.
"""

from __future__ import annotations

from slack_bolt import App

from bot.findings.submissions import index_new_submissions
from bot.services import Services
from bot.slack.listeners.findings.command import make_funn_handler
from bot.slack.listeners.findings.digest import weekly_digest
from bot.slack.listeners.findings.modals import register_modals
from bot.slack.registry import SlackRegistry


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    findings = services.findings
    if findings is None:
        return
    registry.add_subcommand("funn", make_funn_handler(findings, services.directory),
                            "tilsynsfunn og lovbrudd: `/tilsyn funn [åpne] [bydel] [år]`")
    register_modals(app, findings, services.directory)
    services.scheduler.add_job("findings-weekly-digest", lambda now: weekly_digest(services, app.client, now))
    services.scheduler.add_job("findings-index-submissions", lambda _now: index_new_submissions(services))
