"""Block Kit for the App Home tab: what the bot can do, which sources it holds, index freshness.

Takes a plain `IndexStatus` (built by the home listener from the answering service) so the view
is a pure function and renders even when the index is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dates import iso_short
from bot.slack.blocks.common import Block, context, divider, escape, header, home, section, split_text
from bot.slack.blocks.help import help_blocks
from bot.texts import slack as t

MAX_SOURCE_LINES = 40


@dataclass(frozen=True)
class IndexStatus:
    built_at: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)  # {id, title, chunks}
    chunk_count: int | None = None
    available: bool = True


def home_view(status: IndexStatus, subcommands: Mapping[str, str], extra: Sequence[Block] = ()) -> Block:
    """The tab; `extra` (e.g. the officers' overview of tilsyn) comes after the help and before the sources."""
    blocks: list[Block] = [header(t.HOME_TITLE)]
    blocks.extend(b for b in help_blocks(subcommands) if b["type"] != "header")
    blocks.append(divider())
    if extra:
        blocks.extend([*extra, divider()])
    if not status.available:
        blocks.append(section(t.HOME_INDEX_MISSING))
    else:
        if status.built_at:
            blocks.append(section(t.HOME_INDEX_DATE.format(date=iso_short(status.built_at))))
        blocks.append(section(t.HOME_SOURCES))
        lines = [
            f"• {escape(str(s.get('title') or s.get('id') or ''))}" for s in status.sources[:MAX_SOURCE_LINES]
        ]
        if lines:
            blocks.extend(section(piece) for piece in split_text("\n".join(lines)))
        else:
            blocks.append(context(t.HOME_NO_SOURCES))
    return home(blocks)
