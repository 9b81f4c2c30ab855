"""Pure Block Kit builders of the tilsyn lifecycle: the overview (command, App Home, digest), the
review request for a submitted plan, and the officers' modals. No I/O: everything comes in.

Why every button carries the tilsyn and the subject in its value: a click is interpreted from the
stored events (a stale button from an old overview is refused by the transition table, not
by anything this module remembers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserSelectElement,
)

from bot.dates import short_date
from bot.lifecycle.overview import OverviewRow, TilsynOverview
from bot.lifecycle.stages import officer_moves
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    divider,
    header,
    input_block,
    modal,
    option,
    section,
    user_name,
)
from bot.texts import lifecycle as t

ACTION_PREFIX = "lifecycle:"
VIEW_NEW = "lifecycle:new"
MOVE_LABELS = {
    "assess": t.BUTTON_ASSESS, "conclude": t.BUTTON_CONCLUDE, "request_plan": t.BUTTON_REQUEST_PLAN,
    "approve": t.BUTTON_APPROVE, "needs_more": t.BUTTON_NEEDS_MORE, "extend": t.BUTTON_EXTEND,
}  # fmt: skip
MAX_BLOCKS = 49  # one message (or a share of the App Home) holds 50 blocks; one is kept for the "more" line


def meta(tilsyn_id: str, subject: str) -> str:
    return json.dumps({"t": tilsyn_id, "s": subject}, separators=(",", ":"), ensure_ascii=False)


def move_buttons(row: OverviewRow) -> list[Block]:
    value = meta(row.tilsyn_id, row.subject)
    return [button(MOVE_LABELS[m], f"{ACTION_PREFIX}{m}", value, style="primary" if m == "approve" else None)
            for m in officer_moves(row.stage)]


def row_text(row: OverviewRow) -> str:
    label = user_name(row.label) + (t.OVERVIEW_COUNT_SUFFIX.format(count=row.count) if row.count > 1 else "")
    deadline = ""
    if row.deadline:
        deadline = t.OVERVIEW_DEADLINE.format(date=short_date(row.deadline)) + (t.OVERVIEW_OVERDUE_TEXT if row.overdue else "")
    return t.OVERVIEW_ROW.format(
        flag=t.OVERVIEW_OVERDUE if row.overdue else "", label=label, stage=row.stage_label, deadline=deadline,
        extended=t.OVERVIEW_EXTENDED if row.extended_to and row.deadline == row.extended_to else "",
        cases=t.OVERVIEW_CASES.format(cases=", ".join(f"`{c}`" for c in row.cases)) if row.cases else "",
    )


def overview_blocks(overviews: list[TilsynOverview], *, with_buttons: bool = True, title: str = t.OVERVIEW_TITLE,
                    max_blocks: int | None = MAX_BLOCKS) -> list[Block]:
    """Per tilsyn its rows, overdue first, each with the officer's next moves as buttons. With
    `max_blocks` (one message, the App Home) the rows that do not fit are counted in a last line that
    says how to see them, never dropped silently; None: every row (the caller paginates)."""
    blocks: list[Block] = [header(title)]
    if not overviews:
        return [*blocks, section(t.OVERVIEW_EMPTY)]
    left_out = 0
    for overview in overviews:
        tilsyn_blocks: list[Block] = [section(t.OVERVIEW_TILSYN.format(title=user_name(overview.title),
                                                                      id=overview.tilsyn_id))]
        for row in overview.rows:
            buttons = move_buttons(row) if with_buttons else []
            row_blocks = [section(row_text(row)), *([actions(*buttons)] if buttons else [])]
            if max_blocks is not None and len(blocks) + len(tilsyn_blocks) + len(row_blocks) + 1 > max_blocks:
                left_out += 1
                continue
            tilsyn_blocks.extend(row_blocks)
        if len(tilsyn_blocks) > 1:
            blocks.extend([*tilsyn_blocks, divider()])
    if left_out:
        blocks.append(section(t.OVERVIEW_MORE.format(count=left_out)))
    return blocks


def digest_lines(overviews: list[TilsynOverview], today: date, days: int) -> list[Block]:
    """For the weekly digest: rows with a deadline passed or within `days`, overdue first."""
    rows = [r for o in overviews for r in o.rows if r.deadline and (r.overdue or (r.deadline - today).days <= days)]
    text = "\n".join(f"• {row_text(r)}" for r in rows) if rows else t.DIGEST_LIFECYCLE_NONE
    return [section(t.DIGEST_LIFECYCLE_TITLE), section(text)]


def review_blocks(text: str, tilsyn_id: str, subject: str) -> list[Block]:
    """The officers' review request for a submitted plan: approve, needs more, extend."""
    value = meta(tilsyn_id, subject)
    return [section(text), actions(
        button(t.BUTTON_APPROVE, f"{ACTION_PREFIX}approve", value, style="primary"),
        button(t.BUTTON_NEEDS_MORE, f"{ACTION_PREFIX}needs_more", value),
        button(t.BUTTON_EXTEND, f"{ACTION_PREFIX}extend", value),
    )]


# --- modals ----------------------------------------------------------------------------------
def _text(block_id: str, label: str, *, multiline: bool = False, optional: bool = False, max_length: int = 3000,
          hint: str = "") -> Block:
    element = PlainTextInputElement(action_id=block_id, multiline=multiline, max_length=max_length)
    return input_block(block_id, label, element, optional=optional, hint=hint)


def _date(block_id: str, label: str, initial: date | None = None) -> Block:
    element = DatePickerElement(action_id=block_id, initial_date=initial.isoformat() if initial else None)
    return input_block(block_id, label, element)


def _modal(kind: str, title: str, blocks: list[Block], tilsyn_id: str, subject: str, intro: str) -> Block:
    return modal(f"{ACTION_PREFIX}{kind}", title=title, submit=t.MODAL_SAVE, close=t.MODAL_CLOSE,
                 blocks=[section(intro), *blocks], private_metadata=meta(tilsyn_id, subject))


def new_tilsyn_modal(templates: Mapping[str, str], bydeler: Iterable[str]) -> Block:
    """Create a tilsyn: id, title, theme, legal basis, bydeler, intake template, deadline, open now."""
    template_options = [option(title, key) for key, title in sorted(templates.items())][:100]
    return modal(VIEW_NEW, title=t.MODAL_NEW_TITLE, submit=t.MODAL_NEW_SUBMIT, close=t.MODAL_CLOSE, blocks=[
        _text("id", t.FIELD_ID, max_length=80),
        _text("title", t.FIELD_TITLE, max_length=300),
        _text("theme", t.FIELD_THEME, multiline=True, max_length=1000),
        _text("legal_basis", t.FIELD_LEGAL_BASIS, multiline=True, max_length=1000),
        input_block("bydeler", t.FIELD_BYDELER, StaticMultiSelectElement(
            action_id="bydeler", options=[option(b, b) for b in bydeler][:100])),
        input_block("template", t.FIELD_TEMPLATE, StaticSelectElement(action_id="template", options=template_options)),
        _date("deadline", t.FIELD_DEADLINE),
        input_block("open_now", t.FIELD_OPEN_NOW, CheckboxesElement(
            action_id="open_now", options=[option(t.OPEN_NOW_YES, "yes")]), optional=True),
    ])


def conclude_modal(tilsyn_id: str, subject: str, label: str) -> Block:
    choices = [option(t.BREACH_YES, "yes"), option(t.BREACH_NO, "no")]
    return _modal("conclude", t.MODAL_CONCLUDE_TITLE, [
        input_block("breach", t.FIELD_BREACH, RadioButtonsElement(action_id="breach", options=choices)),
        _text("wording", t.FIELD_WORDING, multiline=True, optional=True, max_length=2000),
        _text("legal_basis", t.FIELD_LEGAL_BASIS, multiline=True, optional=True, max_length=1000),
        _text("comment", t.FIELD_COMMENT, multiline=True, optional=True, max_length=2000),
    ], tilsyn_id, subject, f"*{user_name(label)}*")


def plan_modal(tilsyn_id: str, subject: str, label: str) -> Block:
    return _modal("request_plan", t.MODAL_PLAN_TITLE, [
        _date("deadline", t.FIELD_DEADLINE),
        input_block("contact", t.FIELD_CONTACT, UserSelectElement(action_id="contact"), optional=True),
        _text("comment", t.FIELD_COMMENT, multiline=True, optional=True, max_length=2000),
    ], tilsyn_id, subject, f"*{user_name(label)}*")


def needs_more_modal(tilsyn_id: str, subject: str, label: str) -> Block:
    return _modal("needs_more", t.MODAL_NEEDS_MORE_TITLE, [
        _text("comment", t.FIELD_NEEDS_MORE, multiline=True, max_length=2000),
        _date("deadline", t.FIELD_NEW_DEADLINE),
    ], tilsyn_id, subject, f"*{user_name(label)}*")


def extend_modal(tilsyn_id: str, subject: str, label: str, current: date | None) -> Block:
    intro = f"*{user_name(label)}*" + (f"\n{t.OVERVIEW_DEADLINE.format(date=short_date(current)).lstrip(' ·')}" if current else "")
    return _modal("extend", t.MODAL_EXTEND_TITLE, [
        _date("deadline", t.FIELD_NEW_DEADLINE),
        _text("reason", t.FIELD_REASON, multiline=True, max_length=1000),
    ], tilsyn_id, subject, intro)
