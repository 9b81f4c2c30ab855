"""What the features of one Slack app share: message handlers, `/tilsyn` subcommands and their
help, the user-group cache and the question flow. Created by `create_app`, one per app.

Why app-scoped and not module-level: two apps in one process (tests, a restart in the same
interpreter) must never see each other's handlers, and a feature that is off must leave nothing
behind. Each feature adds what it owns from its own `register(app, services, registry)`
(listed in `bot.slack.app.FEATURES`); nothing is removed by hand.

Message handlers (e.g. the intake dialog takes files in DMs) run in order before the question
flow, in bolt's worker thread; returning True means "handled, do not answer this as a question".

Subcommand contract: `handler(req)` must `req.ack()` within 3 s (open modals with
`req.trigger_id` BEFORE slow work), then may `req.respond(...)` or use `req.client`. If it has not
acked when it returns, the dispatcher acks; an exception is logged with a correlation id and
shown to the user. Names are matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.groups import GroupCache

if TYPE_CHECKING:
    from bot.services import Services
    from bot.slack.listeners.messages.pipeline import QuestionFlow

SlackEvent = dict[str, Any]
MessageHandler = Callable[[SlackEvent, WebClient, BoltContext], bool]
# Extra App Home blocks for one user (e.g. the officers' overview); [] when the feature has none for them.
HomeSection = Callable[[WebClient, str], list[dict[str, Any]]]


class Acknowledge(Protocol):
    """bolt's `ack` as a subcommand calls it: `req.ack()` or `req.ack(text=..., response_type="ephemeral")`."""

    def __call__(self, **response: object) -> None: ...


@dataclass
class SubcommandRequest:
    """One `/tilsyn <name> …` for the feature that owns `name`."""

    ack: Acknowledge
    respond: Respond
    client: WebClient
    services: Services
    command: dict[str, Any]
    args: str  # the text after the name
    user_id: str
    channel_id: str
    trigger_id: str


SubcommandHandler = Callable[[SubcommandRequest], None]


@dataclass(frozen=True)
class Subcommand:
    name: str
    handler: SubcommandHandler
    description: str = ""  # one line for `/tilsyn hjelp` and the App Home tab; "" = not listed


@dataclass
class SlackRegistry:
    questions: QuestionFlow  # the one flow per app, shared by messages and `/tilsyn` (one answer limit)
    groups: GroupCache
    message_handlers: list[MessageHandler] = field(default_factory=list)
    subcommands: dict[str, Subcommand] = field(default_factory=dict)
    home_sections: list[HomeSection] = field(default_factory=list)

    def add_home_section(self, section: HomeSection) -> None:
        self.home_sections.append(section)

    def add_message_handler(self, handler: MessageHandler) -> None:
        self.message_handlers.append(handler)

    def add_subcommand(self, name: str, handler: SubcommandHandler, description: str = "") -> None:
        """Route `/tilsyn <name> …` to `handler`; a name belongs to one feature only."""
        key = name.lower()
        if key in self.subcommands:
            raise ValueError(f"/tilsyn {key} is registered twice")
        self.subcommands[key] = Subcommand(key, handler, description)

    def subcommand(self, name: str) -> Subcommand | None:
        return self.subcommands.get(name.lower())

    @property
    def help(self) -> dict[str, str]:
        """name -> one-line description of every listed subcommand."""
        return {s.name: s.description for s in self.subcommands.values() if s.description}


Feature = Callable[[App, "Services", SlackRegistry], None]
