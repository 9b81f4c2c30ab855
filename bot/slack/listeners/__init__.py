"""Slack listeners, one package per surface, each with `register(app, services)`.

Thin adapters: parse the payload, call a service, render Block Kit with `bot.slack.blocks`.
"""

from __future__ import annotations

import importlib
from typing import Any

LISTENER_MODULES = (
    "bot.slack.listeners.messages",  # mentions, DMs, thread follow-ups (issue 3)
    "bot.slack.listeners.commands",  # /tilsyn (issue 3; subcommands dispatch to intake/findings)
    "bot.slack.listeners.actions",  # feedback buttons, escalate (issue 3)
    "bot.slack.listeners.home",  # App Home (issue 3)
    "bot.slack.listeners.intake",  # intake dialog (issue 4)
    "bot.slack.listeners.findings",  # findings modals, /tilsyn funn (issue 5)
)


def register_all(app: Any, services: Any) -> None:
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, services)
