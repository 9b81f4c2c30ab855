"""Intake dialog in Slack (issue 4): `/tilsyn intake …`, the DM dialog, buttons, modals and reminders.

`register(app, services)` plugs into the Slack app: the subcommand goes into the `/tilsyn`
dispatcher, the DM handler into the message listener's `MESSAGE_HANDLERS` (it only takes
messages from users in an active intake dialog), and the reminder job onto the intake service's
scheduler, which delivers through this app's client and runs in the background every
`INTAKE_SCHEDULER_INTERVAL_S` seconds (tests call `services.intake.scheduler.run_due(now)`).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.slack.listeners.commands import SUBCOMMAND_HELP, SUBCOMMANDS, register_subcommand
from bot.slack.listeners.intake.actions import register_actions, register_handover_form, register_open_form
from bot.slack.listeners.intake.command import handle
from bot.slack.listeners.intake.dialog import reminder_sender
from bot.slack.listeners.intake.dm import make_handler
from bot.slack.listeners.messages import MESSAGE_HANDLERS


def register(app: App, services: Any) -> None:
    # The registries are module-level: drop what an earlier app in this process registered, so a
    # handler bound to an old app's services (and database) never sees this app's messages.
    MESSAGE_HANDLERS[:] = [h for h in MESSAGE_HANDLERS if getattr(h, "__name__", "") != "intake_dm"]
    SUBCOMMANDS.pop("intake", None)
    SUBCOMMAND_HELP.pop("intake", None)
    if services.intake is None:
        return
    register_subcommand("intake", handle, "innsending av dokumenter og svar til tilsynet")
    MESSAGE_HANDLERS.append(make_handler(services))
    register_actions(app, services)
    register_open_form(app, services)
    register_handover_form(app, services)
    send = reminder_sender(app.client, services)
    services.intake.scheduler.add_job("intake-reminders", lambda now: services.intake.run_reminders(now, send))
    services.intake.scheduler.start()
