"""The tilsyn lifecycle in Slack (issue 11): `/tilsyn oversikt`, `/tilsyn forløp …`, the officers'
buttons and modals, the review request when a plan is submitted, and the App Home overview.

`register(app, services, registry)` adds, when the lifecycle is on (findings and intake on): the
two subcommands, the `lifecycle:*` buttons and views, a submission hook on the intake service that
posts the review request to the officers' channel, a failure hook on the lifecycle service that tells
the officers and the contact when a submission could not be recorded, and an App Home section for officers.
"""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from bot.slack.listeners.intake.slack_io import IntakeSlack
from bot.slack.listeners.lifecycle.command import make_forlop_handler, make_oversikt_handler
from bot.slack.listeners.lifecycle.moves import LifecycleSlack, register_moves
from bot.slack.listeners.lifecycle.notify import home_section, review_hook, submission_failed_hook
from bot.slack.registry import SlackRegistry
from bot.texts import lifecycle as t


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    lifecycle, intake = services.lifecycle, services.intake
    if lifecycle is None or intake is None:
        return
    ctx = LifecycleSlack(lifecycle, IntakeSlack(intake=intake, directory=services.directory, settings=services.settings,
                                                groups=registry.groups))
    registry.add_subcommand("oversikt", make_oversikt_handler(ctx), t.HELP_OVERSIKT)
    registry.add_subcommand("forløp", make_forlop_handler(ctx), t.HELP_FORLOP)
    registry.add_subcommand("forlop", make_forlop_handler(ctx))  # typed without ø; not listed in the help
    register_moves(app, ctx)
    intake.submitted_hooks.append(review_hook(app.client, ctx))
    lifecycle.submission_failed_hooks.append(submission_failed_hook(app.client, ctx))
    registry.add_home_section(home_section(ctx))
