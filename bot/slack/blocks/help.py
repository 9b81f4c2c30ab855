"""Block Kit for `/tilsyn hjelp`: what the bot does, how to ask, the privacy rule, subcommands.

Subcommand lines come from the app's `SlackRegistry.help` (intake, findings add theirs) so help
never lists a command that is not installed.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.slack.blocks.common import Block, context, header, section
from bot.texts import slack as t


def help_blocks(subcommands: Mapping[str, str]) -> list[Block]:
    """`subcommands`: name -> one-line description."""
    lines = list(t.HELP_ITEMS) + [t.HELP_SUBCOMMAND.format(name=n, description=d) for n, d in sorted(subcommands.items())]
    return [
        header(t.HELP_TITLE),
        section(t.HELP_INTRO),
        section("\n".join(f"• {line}" for line in lines)),
        context(t.HELP_PRIVACY),
    ]
