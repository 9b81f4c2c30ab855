"""Block Kit for an answer: text, sources with § and quote, index date, warnings, buttons.

Pure functions from `bot.domain.Answer` to lists of messages (each a list of blocks), so the
layout is tested without Slack and every surface (mention, DM, thread, slash command) shows an
answer the same way. Long answers become several messages within Slack's limits; the buttons
are on the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dates import iso_short
from bot.domain import Answer, Citation
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    paginate,
    plain_summary,
    section,
    sections,
    truncate,
    user_names,
)
from bot.texts import answers as answer_texts
from bot.texts import slack as t

ACTION_FEEDBACK_UP = "feedback_up"
ACTION_FEEDBACK_DOWN = "feedback_down"
ACTION_ESCALATE = "escalate_question"
QUOTE_LIMIT = 280
_LINK_UNSAFE = str.maketrans({" ": "%20", "|": "%7C", "<": "%3C", ">": "%3E"})


@dataclass(frozen=True)
class RenderedAnswer:
    """The messages to post in order; `text` is the notification/fallback text of each."""

    messages: list[list[Block]]
    texts: list[str] = field(default_factory=list)


def citation_block(citation: Citation) -> Block:
    """One source: linked label, the document title when it adds something, and a short quote."""
    label = escape(citation.label or " ".join(p for p in (citation.short_title, citation.section) if p))
    head = f"*<{link_url(citation.url)}|{label}>*" if citation.url else f"*{label}*"
    title = escape(citation.title)
    if title and title.lower() not in label.lower():
        head += f" – {title}"
    lines = [head]
    if citation.quote:
        quote = escape(truncate(" ".join(citation.quote.split()), QUOTE_LIMIT))
        lines.append(f">{quote}")
    return section("\n".join(lines))


def link_url(url: str) -> str:
    """Percent-encode the characters that would break Slack's `<url|label>` syntax (space, `|`, `<`, `>`).

    Other characters (such as `§` in Lovdata's deep links) stay readable; Slack links them as they are.
    """
    return url.strip().translate(_LINK_UNSAFE)


def meta_block(answer: Answer) -> Block:
    date = t.INDEX_DATE.format(date=iso_short(answer.index_date)) if answer.index_date else t.INDEX_DATE_UNKNOWN
    items = [date]
    if answer.generated:
        items.append(t.GENERATED_NOTE)
    return context(*items)


def action_block(answer_id: str, *, escalate: bool) -> list[Block]:
    buttons = [
        button(t.BUTTON_UP, ACTION_FEEDBACK_UP, answer_id),
        button(t.BUTTON_DOWN, ACTION_FEEDBACK_DOWN, answer_id),
    ]
    if escalate:
        buttons.append(button(t.BUTTON_ESCALATE, ACTION_ESCALATE, answer_id, style="primary"))
    return [context(t.FEEDBACK_PROMPT), actions(*buttons, block_id="answer_actions")]


def body_text(answer: Answer) -> str:
    """The answer without the lines Slack shows as blocks of their own.

    `Answer.text` is complete for the terminal (quotes, currency notes, link lines); in Slack the
    currency notes get a warning block and the sources a section with links, so repeating them in
    the body would show every warning and link twice.
    """
    shown_elsewhere = {note.strip() for note in answer.currency_notes}
    link_prefix = answer_texts.SOURCE_LINK.split("{", 1)[0]
    kept = [
        line
        for line in answer.text.splitlines()
        if line.strip() not in shown_elsewhere
        and not (answer.citations and line.startswith(link_prefix) and "://" in line)
    ]
    return "\n".join(kept).strip() or answer.text


def answer_messages(
    answer: Answer, *, answer_id: str | None = None, unread_files: list[str] | None = None, can_escalate: bool = True
) -> RenderedAnswer:
    """Render `answer` as one or more messages; `answer_id` adds the feedback buttons, and for an
    abstention the "send to Statsforvalteren" button when `can_escalate` (an officers' channel is set)."""
    body: list[Block] = sections(escape(body_text(answer)), block_id_prefix="answer")
    for note in answer.currency_notes:
        body.extend(sections(t.CURRENCY_WARNING.format(note=escape(note))))
    notes = list(answer.notes)
    if unread_files:
        notes.append(t.FILE_NOT_READ.format(names=user_names(unread_files, more=t.MORE_FILES)))
    for note in notes:
        body.extend(sections(f"_{escape(note)}_"))
    if answer.citations:
        body.append(divider())
        body.append(section(t.SOURCES_HEADING))
        body.extend(citation_block(c) for c in answer.citations)
    elif not answer.abstained:
        body.append(context(t.NO_SOURCES))
    body.append(meta_block(answer))
    tail = action_block(answer_id, escalate=answer.abstained and can_escalate) if answer_id else []
    pages = paginate(body, tail=tail)
    summary = plain_summary(answer.text) or t.ANSWER_FALLBACK_TEXT
    texts = [summary] + [f"{t.CONTINUED} {summary}"] * (len(pages) - 1)
    return RenderedAnswer(messages=pages, texts=texts)


def notice_blocks(text: str) -> list[Block]:
    """A short message (warning, error, receipt) as blocks."""
    return sections(text)
