"""`/tilsyn`: questions, help, and subcommands owned by other features.

- `/tilsyn <spørsmål>`: acked at once with "Jeg ser på det …", then answered privately through
  the command's `response_url` (works in every channel, also where the bot is not a member).
- `/tilsyn hjelp` (or `help`, or nothing): the help text, straight in the ack.
- `/tilsyn <name> …` where `name` is in `SUBCOMMANDS`: dispatched to that feature.

Subcommand contract. A feature registers from its own `register(app, services)`:

    from bot.slack.listeners.commands import SubcommandRequest, register_subcommand

    def handle_funn(req: SubcommandRequest) -> None:
        req.ack()                      # within 3 s; open modals (req.trigger_id) BEFORE slow work
        ...                            # then req.respond(...), req.client.chat_postMessage(...), ...

    register_subcommand("funn", handle_funn, "tilsynsfunn og lovbrudd (Statsforvalteren)")

`SubcommandRequest` holds `ack`, `respond` (bolt's, bound to the command's response_url),
`client`, `services`, `command` (the raw payload), `args` (text after the name), `user_id`,
`channel_id`, `trigger_id`. The handler runs in bolt's worker thread; if it has not acked when it
returns, the dispatcher acks. An exception is logged with a correlation id and shown to the user.
`SUBCOMMANDS` maps name -> handler, `SUBCOMMAND_HELP` name -> one-line description (shown by
`/tilsyn hjelp` and on the App Home tab). Names are matched case-insensitively.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import help_blocks
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.listeners.messages import question_flow
from bot.slack.listeners.messages.pipeline import Question, ResponseUrlDelivery
from bot.texts import slack as t

log = logging.getLogger("tilsynsbot.slack.commands")

HELP_WORDS = {"", "hjelp", "help", "?"}


@dataclass
class SubcommandRequest:
    ack: Callable[..., Any]
    respond: Respond
    client: WebClient
    services: Any
    command: dict[str, Any]
    args: str
    user_id: str
    channel_id: str
    trigger_id: str


SubcommandHandler = Callable[[SubcommandRequest], None]
SUBCOMMANDS: dict[str, SubcommandHandler] = {}
SUBCOMMAND_HELP: dict[str, str] = {}


def register_subcommand(name: str, handler: SubcommandHandler, description: str = "") -> None:
    SUBCOMMANDS[name.lower()] = handler
    if description:
        SUBCOMMAND_HELP[name.lower()] = description


def split_command(text: str) -> tuple[str, str]:
    """`"funn åpne 2023"` -> `("funn", "åpne 2023")`; the first word decides the route."""
    parts = (text or "").strip().split(maxsplit=1)
    return (parts[0].lower(), parts[1] if len(parts) > 1 else "") if parts else ("", "")


def register(app: App, services: Any) -> None:
    flow = question_flow(services)

    @app.command("/tilsyn")
    def on_tilsyn(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        text = command.get("text") or ""
        name, args = split_command(text)
        if name in HELP_WORDS:
            ack(text=t.HELP_TITLE, blocks=help_blocks(SUBCOMMAND_HELP), response_type="ephemeral")
            return
        if name in SUBCOMMANDS:
            _dispatch(SUBCOMMANDS[name], name, ack, respond, client, services, command, args)
            return
        ack(text=t.THINKING, response_type="ephemeral")
        question = Question(
            text=text, user=command.get("user_id", ""), channel=command.get("channel_id", ""), surface="command",
        )
        flow.handle(client, question, ResponseUrlDelivery(respond, client, question.user))


def _dispatch(handler: SubcommandHandler, name: str, ack: Ack, respond: Respond, client: WebClient,
              services: Any, command: dict, args: str) -> None:
    acked = False

    def tracking_ack(*a: Any, **kw: Any) -> Any:
        nonlocal acked
        acked = True
        return ack(*a, **kw)

    request = SubcommandRequest(
        ack=tracking_ack, respond=respond, client=client, services=services, command=command, args=args,
        user_id=command.get("user_id", ""), channel_id=command.get("channel_id", ""),
        trigger_id=command.get("trigger_id", ""),
    )
    try:
        handler(request)
    except Exception as error:  # noqa: BLE001 - the edge: render for the user, log with cid
        message = report_failure(error, cid=new_correlation_id(), where=f"subcommand:{name}",
                                 user=request.user_id, channel=request.channel_id)
        if acked:
            respond(text=message, response_type="ephemeral", replace_original=False)
        else:
            acked = True
            ack(text=message, response_type="ephemeral")
    if not acked:
        ack()
