"""Intake dialog in Slack (issue 4): `/tilsyn intake …`, the DM dialog, buttons, modals and reminders.

`register(app, services, registry)` adds, when intake is on: the `intake` subcommand, the DM
handler (it only takes messages from users in an active intake dialog) to the app's message
handlers, the buttons and modals, and the reminder job on `services.scheduler`, which delivers
through this app's client (tests call `services.scheduler.run_due(now)`).
"""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from bot.slack.listeners.intake.actions import register_actions, register_handover_form, register_open_form
from bot.slack.listeners.intake.command import make_command
from bot.slack.listeners.intake.dialog import reminder_sender
from bot.slack.listeners.intake.dm import make_handler
from bot.slack.listeners.intake.slack_io import IntakeSlack
from bot.slack.registry import SlackRegistry


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    intake = services.intake
    if intake is None:
        return
    ctx = IntakeSlack(intake=intake, directory=services.directory, settings=services.settings, groups=registry.groups)
    registry.add_subcommand("intake", make_command(ctx), "innsending av dokumenter og svar til tilsynet")
    registry.add_message_handler(make_handler(ctx))
    register_actions(app, ctx)
    register_open_form(app, ctx)
    register_handover_form(app, ctx)
    send = reminder_sender(app.client, ctx)
    services.scheduler.add_job("intake-reminders", lambda now: intake.run_reminders(now, send))
