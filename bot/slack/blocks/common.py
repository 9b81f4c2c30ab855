"""The one set of Block Kit builders (answers, help, App Home, intake, findings), on slack_sdk's models.

Why here: Slack rejects a message whose section text exceeds 3,000 characters or that has more
than 50 blocks (`invalid_blocks`/`msg_too_long`), which would leave the user without an answer.
Every builder cuts its text to the limit and goes through `split_text` and `paginate`; slack_sdk's
block models then check the rest of Slack's rules (lengths, counts, formats) when the block is
turned into the dict that is posted, so a builder that breaks one fails in tests, not in Slack.

User-controlled text (file names, questions, answers people wrote) goes through `user_text`: in
mrkdwn, `<!channel>` is a live @channel, `<https://evil|les dette>` a disguised link and `*x*` bold.
`escape` neutralises the three control characters (mentions and links); `user_text` also strips
bidi controls and makes formatting markers literal; `user_name` does so for one-line names.
"""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.display import display_name, strip_controls

Block = dict[str, Any]  # a block (or view) as posted: the dict form of a slack_sdk model

SECTION_LIMIT = 3000
BLOCKS_PER_MESSAGE = 50
CONTEXT_ELEMENT_LIMIT = 2000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
INPUT_LABEL_LIMIT = 2000
VIEW_TITLE_LIMIT = 24
VIEW_BLOCK_LIMIT = 100
_UNESCAPED_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")


# A formatting marker opens bold/italic/strike/code only at the start of a word; a WORD JOINER
# (U+2060, invisible) in front of it glues it to the previous character, so it stays a literal.
_FORMAT_OPENER = re.compile(r"(?<![^\W_])(?=[*_~`])|^(?=[*_~`])", re.MULTILINE)
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters (idempotent)."""
    return _UNESCAPED_AMP.sub("&amp;", text or "").replace("<", "&lt;").replace(">", "&gt;")


def user_text(text: str) -> str:
    """Text a person wrote, for mrkdwn: no bidi controls, no live mentions or links, no formatting."""
    return _FORMAT_OPENER.sub(WORD_JOINER, escape(strip_controls(text)))


def user_names(names: list[str], *, shown: int = 5, more: str = "+{count}") -> str:
    """«a», «b» … for a notice: at most `shown` names (a message may carry many files), each via
    `user_name`; `more` (a text from bot/texts) says how many were left out."""
    listed = ", ".join(f"«{user_name(n)}»" for n in names[:shown])
    return f"{listed} {more.format(count=len(names) - shown)}" if len(names) > shown else listed


def user_name(name: str, limit: int = 120) -> str:
    """A file or person name, for mrkdwn: one line, shortened in the middle, then `user_text`."""
    return user_text(display_name(name, limit))


def truncate(text: str, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so each piece fits in one section."""
    text = (text or "").strip()
    if not text:
        return []
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 3:
            cut = window.rfind("\n")
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def section(text: str, *, block_id: str | None = None, accessory: Block | None = None) -> Block:
    return SectionBlock(
        text=MarkdownTextObject(text=truncate(text, SECTION_LIMIT)), block_id=block_id, accessory=accessory
    ).to_dict()


def sections(text: str, *, block_id_prefix: str | None = None) -> list[Block]:
    return [
        section(piece, block_id=f"{block_id_prefix}-{i}" if block_id_prefix else None)
        for i, piece in enumerate(split_text(text))
    ]


def context(*texts: str) -> Block:
    elements = [MarkdownTextObject(text=truncate(t, CONTEXT_ELEMENT_LIMIT)) for t in texts if t][:10]
    return ContextBlock(elements=elements).to_dict()


def divider() -> Block:
    return DividerBlock().to_dict()


def header(text: str) -> Block:
    return HeaderBlock(text=PlainTextObject(text=truncate(text, HEADER_LIMIT), emoji=True)).to_dict()


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    return ButtonElement(
        text=PlainTextObject(text=truncate(text, BUTTON_TEXT_LIMIT), emoji=True), action_id=action_id,
        value=value[:BUTTON_VALUE_LIMIT], style=style,
    ).to_dict()


def actions(*elements: Block, block_id: str | None = None) -> Block:
    return ActionsBlock(elements=list(elements), block_id=block_id).to_dict()


def option(text: str, value: str) -> Option:
    """A choice in a select or radio group (text and value cut to Slack's limits)."""
    return Option(text=PlainTextObject(text=truncate(text, OPTION_TEXT_LIMIT), emoji=True), value=value[:OPTION_VALUE_LIMIT])


def input_block(block_id: str, label: str, element: InputInteractiveElement, *, optional: bool = False,
                hint: str = "") -> Block:  # fmt: skip
    """One field of a modal; `block_id` is what `response_action="errors"` points at."""
    return InputBlock(
        block_id=block_id, label=PlainTextObject(text=truncate(label, INPUT_LABEL_LIMIT), emoji=True), element=element,
        optional=optional, hint=PlainTextObject(text=hint, emoji=True) if hint else None,
    ).to_dict()


def modal(callback_id: str, *, title: str, submit: str, close: str, blocks: list[Block], private_metadata: str = "") -> Block:
    return View(
        type="modal", callback_id=callback_id, title=PlainTextObject(text=truncate(title, VIEW_TITLE_LIMIT), emoji=True),
        submit=PlainTextObject(text=truncate(submit, VIEW_TITLE_LIMIT), emoji=True),
        close=PlainTextObject(text=truncate(close, VIEW_TITLE_LIMIT), emoji=True),
        blocks=blocks, private_metadata=private_metadata or None,
    ).to_dict()


def home(blocks: list[Block]) -> Block:
    return View(type="home", blocks=blocks[:VIEW_BLOCK_LIMIT]).to_dict()


def paginate(blocks: list[Block], *, tail: list[Block] | None = None, limit: int = BLOCKS_PER_MESSAGE) -> list[list[Block]]:
    """Split `blocks` into messages of at most `limit` blocks; `tail` (e.g. buttons) ends the last one."""
    tail = tail or []
    body_limit = limit - len(tail)
    pages = [blocks[i : i + limit] for i in range(0, len(blocks), limit)] or [[]]
    if len(pages[-1]) > body_limit:
        pages.append([])
    pages[-1] = pages[-1] + tail
    return pages


def plain_summary(text: str, limit: int = 300) -> str:
    """Notification text (`text` argument) accompanying blocks: short, no markup surprises.

    Slack parses the fallback text as mrkdwn too (a `<!channel>` there notifies the channel), so it is
    escaped; callers pass text that is safe as blocks, and escaping is idempotent.
    """
    return truncate(escape(strip_controls(" ".join((text or "").split()))), limit)
