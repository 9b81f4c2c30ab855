"""`/tilsyn`: questions, help, and subcommands owned by other features.

- `/tilsyn <spørsmål>`: acked at once with "Jeg ser på det …", then answered privately through
  the command's `response_url` (works in every channel, also where the bot is not a member).
- `/tilsyn hjelp` (or `help`, or nothing): the help text, straight in the ack.
- `/tilsyn <name> …` where a feature added `name` to the app's `SlackRegistry`: dispatched to it
  (the contract is in `bot.slack.registry`; `SubcommandRequest` is re-exported here).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.services import Services
from bot.slack.blocks.help import help_blocks
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.listeners.messages.pipeline import Question, ResponseUrlDelivery
from bot.slack.registry import SlackRegistry, Subcommand, SubcommandRequest
from bot.texts import slack as t

__all__ = ["SubcommandRequest", "register", "split_command"]

log = logging.getLogger("tilsynsbot.slack.commands")

HELP_WORDS = frozenset({"", "hjelp", "help", "?"})


def split_command(text: str) -> tuple[str, str]:
    """`"funn åpne 2023"` -> `("funn", "åpne 2023")`; the first word decides the route."""
    parts = (text or "").strip().split(maxsplit=1)
    return (parts[0].lower(), parts[1] if len(parts) > 1 else "") if parts else ("", "")


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    flow = registry.questions

    @app.command("/tilsyn")
    def on_tilsyn(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        text = command.get("text") or ""
        name, args = split_command(text)
        if name in HELP_WORDS:
            ack(text=t.HELP_TITLE, blocks=help_blocks(registry.help), response_type="ephemeral")
            return
        subcommand = registry.subcommand(name)
        if subcommand is not None:
            _dispatch(subcommand, ack, respond, client, services, command, args)
            return
        ack(text=t.THINKING, response_type="ephemeral")
        question = Question(
            text=text, user=command.get("user_id", ""), channel=command.get("channel_id", ""), surface="command",
        )
        flow.handle(client, question, ResponseUrlDelivery(respond, client, question.user))


def _dispatch(subcommand: Subcommand, ack: Ack, respond: Respond, client: WebClient,
              services: Services, command: dict[str, Any], args: str) -> None:
    acked = False

    def tracking_ack(**kwargs: Any) -> None:
        nonlocal acked
        acked = True
        ack(**kwargs)

    request = SubcommandRequest(
        ack=tracking_ack, respond=respond, client=client, services=services, command=command, args=args,
        user_id=command.get("user_id", ""), channel_id=command.get("channel_id", ""),
        trigger_id=command.get("trigger_id", ""),
    )
    try:
        subcommand.handler(request)
    except Exception as error:  # noqa: BLE001 - the edge: render for the user, log with cid
        message = report_failure(error, cid=new_correlation_id(), where=f"subcommand:{subcommand.name}",
                                 user=request.user_id, channel=request.channel_id)
        if acked:
            respond(text=message, response_type="ephemeral", replace_original=False)
        else:
            acked = True
            ack(text=message, response_type="ephemeral")
    if not acked:
        ack()
