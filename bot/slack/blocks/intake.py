"""Pure Block Kit builders for the intake dialog: intro, item and question steps, checklist, review,
receipt, modals and notices. No I/O: everything comes from a `CaseView`.

Why action values are JSON with the case id and the step: a click must be interpretable on its
own (after a restart, from an old message, twice), so the listener can tell a stale or doubled
click from a real one without any memory of what it posted.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import DatePickerElement, PlainTextInputElement, StaticSelectElement, UserSelectElement

from bot.dates import date_time, short_date
from bot.intake.validation import accepted_label
from bot.intake.views import AnswerView, CaseView, ItemView
from bot.slack.blocks import common
from bot.slack.blocks.common import (
    Block,
    actions,
    context,
    escape,
    header,
    input_block,
    modal,
    option,
    split_text,
    truncate,
    user_name,
    user_text,
)
from bot.texts import intake as t

SECTION_MAX = 2900  # a receipt's long answer is split a little below Slack's limit


def value(**data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def button(text: str, action: str, style: str | None = None, **data: Any) -> Block:
    """An intake button: action id `intake:<action>`, and the case (and step) it belongs to as its value."""
    return common.button(text, f"intake:{action}", value(**data), style=style)


def section(text: str, accessory: Block | None = None) -> Block:
    return common.section(text, accessory=accessory)


def fmt_date(view: CaseView) -> str:
    """The case's deadline as «15.04.2026»."""
    return short_date(view.deadline)


def fmt_time(moment: datetime | None, tz: ZoneInfo) -> str:
    return date_time(moment, tz) if moment else ""


def progress_text(view: CaseView) -> str:
    p = view.progress
    return t.PROGRESS.format(docs=p.docs_done, docs_total=p.docs_total, questions=p.questions_done, questions_total=p.questions_total)


def status_line(view: CaseView) -> Block:
    return context(f"{view.id} · {t.DEADLINE_LINE.format(deadline=fmt_date(view))} · *{progress_text(view)}*")


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


def step_title(view: CaseView, step: str | None) -> str:
    kind, _, key = (step or "").partition(":")
    if kind == "item":
        return view.item(key).item.title
    if kind == "question":
        return view.answer(key).question.text
    return t.REVIEW_HEADER


def intro_blocks(view: CaseView, *, resume: bool = False) -> list[Block]:
    text = t.INTRO.format(
        bydel=escape(view.bydel), title=escape(view.template.title), introduction=escape(view.template.introduction),
        deadline=fmt_date(view), case_id=view.id,
    )
    label = t.BUTTON_CONTINUE if resume or view.current_step else t.BUTTON_START
    return [
        header(t.INTRO_TITLE.format(bydel=view.bydel)),
        section(text),
        status_line(view),
        actions(button(label, "start", "primary", c=view.id), button(t.BUTTON_CHECKLIST, "checklist", c=view.id)),
    ]


def item_blocks(view: CaseView, item: ItemView) -> list[Block]:
    step = f"item:{item.item.id}"
    n = [i.item.id for i in view.items].index(item.item.id) + 1
    spec = item.item
    blocks = [
        header(t.ITEM_HEADER.format(n=n, total=len(view.items), title=spec.title)),
        section(t.ITEM_BODY.format(
            help=escape(spec.help), legal=escape(", ".join(spec.legal_basis) or "–"), types=accepted_label(spec.file_types),
            min=spec.min_files, max=spec.max_files, optional="" if spec.required else t.ITEM_OPTIONAL,
        )),
    ]
    if item.files:
        blocks.append(section(t.ITEM_FILES))
        for f in item.files:
            blocks.append(section(
                f"• {user_name(f.name)} ({_size(f.size)}) – `{f.sha256[:12]}…`",
                button(t.BUTTON_REMOVE, "remove_file", "danger", c=view.id, f=f.id),
            ))
    elif item.status == "not_exists":
        blocks.append(section(t.ITEM_NOT_EXISTS.format(explanation=user_text(item.explanation))))
    else:
        blocks.append(context(t.ITEM_SHARE))
    row = [button(t.BUTTON_NEXT, "next", "primary", c=view.id, s=step)]
    if spec.allow_not_exists:
        row.append(button(t.BUTTON_NOT_EXISTS, "not_exists", c=view.id, i=spec.id, v=item.version))
    row += [button(t.BUTTON_LATER, "later", c=view.id, i=spec.id), button(t.BUTTON_CHECKLIST, "checklist", c=view.id),
            button(t.BUTTON_PAUSE, "pause", c=view.id)]
    blocks += [actions(*row), status_line(view)]
    return blocks


def question_blocks(view: CaseView, answer: AnswerView) -> list[Block]:
    q = answer.question
    n = [a.question.id for a in view.answers].index(q.id) + 1
    blocks = [
        header(t.QUESTION_HEADER.format(n=n, total=len(view.answers))),
        section(t.QUESTION_BODY.format(text=escape(q.text), help=escape(q.help), max=q.max_length)),
    ]
    if answer.complete:
        blocks.append(section(t.QUESTION_CURRENT.format(text=user_text(truncate(answer.text, 1500)))))
    label = t.BUTTON_CHANGE_ANSWER if answer.complete else t.BUTTON_ANSWER
    row = [button(label, "answer", "primary", c=view.id, q=q.id)]
    if answer.complete or not q.required:
        row.append(button(t.BUTTON_NEXT, "next", c=view.id, s=f"question:{q.id}"))
    row += [button(t.BUTTON_CHECKLIST, "checklist", c=view.id), button(t.BUTTON_PAUSE, "pause", c=view.id)]
    return blocks + [actions(*row), status_line(view)]


def review_blocks(view: CaseView) -> list[Block]:
    blocks = [header(t.REVIEW_HEADER)] + summary_blocks(view, buttons=True)
    if view.can_submit:
        blocks += [section(t.REVIEW_READY), actions(button(t.BUTTON_SUBMIT, "submit", "primary", c=view.id))]
    else:
        blocks.append(section(t.REVIEW_NOT_READY.format(missing="\n".join(escape(m) for m in view.missing()))))
    return blocks + [status_line(view)]


def summary_blocks(view: CaseView, *, buttons: bool) -> list[Block]:
    """One line per item and question with its status; with buttons to jump there when editable."""
    blocks: list[Block] = []
    for item in view.items:
        detail = ", ".join(user_name(f.name) for f in item.files) or user_text(truncate(item.explanation, 200))
        text = f"{t.STATUS_EMOJI[item.status]} *{escape(item.item.title)}* – {t.STATUS_LABELS[item.status]}"
        text += f"\n{detail}" if detail else ""
        accessory = button(t.BUTTON_OPEN, "goto", c=view.id, s=f"item:{item.item.id}") if buttons and not view.submitted else None
        blocks.append(section(text, accessory))
    for answer in view.answers:
        mark = ":white_check_mark:" if answer.complete else ":white_circle:"
        text = f"{mark} *{escape(answer.question.text)}*"
        text += f"\n{user_text(truncate(answer.text, 300))}" if answer.complete else ""
        accessory = None
        if buttons and not view.submitted:
            label = t.BUTTON_CHANGE_ANSWER if answer.complete else t.BUTTON_ANSWER
            accessory = button(label, "answer", c=view.id, q=answer.question.id)
        blocks.append(section(text, accessory))
    return blocks


def checklist_blocks(view: CaseView) -> list[Block]:
    blocks = [header(t.CHECKLIST_HEADER.format(case_id=view.id, bydel=view.bydel))] + summary_blocks(view, buttons=True)
    if not view.submitted:
        blocks.append(actions(button(t.BUTTON_CONTINUE, "start", "primary", c=view.id), button(t.BUTTON_REVIEW, "goto", c=view.id, s="review")))
    return blocks + [status_line(view)]


def step_blocks(view: CaseView) -> list[Block]:
    """The blocks for where the case stands now."""
    kind, _, key = (view.current_step or "").partition(":")
    if kind == "item":
        return item_blocks(view, view.item(key))
    if kind == "question":
        return question_blocks(view, view.answer(key))
    return review_blocks(view)


def paused_blocks(view: CaseView) -> list[Block]:
    return [section(t.PAUSED), status_line(view), actions(button(t.BUTTON_CONTINUE, "start", "primary", c=view.id))]


def receipt_blocks(view: CaseView, tz: ZoneInfo) -> list[Block]:
    blocks = [
        header(t.RECEIPT_HEADER.format(case_id=view.id)),
        section(t.RECEIPT_BODY.format(bydel=escape(view.bydel), when=fmt_time(view.submitted_at, tz), by=view.submitted_by)),
    ]
    for item in view.items:
        if item.files:
            files = "\n".join(t.RECEIPT_FILE.format(name=user_name(f.name), sha=f.sha256) for f in item.files)
            blocks.append(section(t.RECEIPT_ITEM_FILES.format(title=escape(item.item.title), files=files)))
        elif item.status == "not_exists":
            blocks.append(section(t.RECEIPT_ITEM_NOT_EXISTS.format(title=escape(item.item.title), explanation=user_text(item.explanation))))
        else:
            blocks.append(section(t.RECEIPT_ITEM_MISSING.format(title=escape(item.item.title), status=t.STATUS_LABELS[item.status])))
    blocks.append(section(t.RECEIPT_ANSWERS))
    for answer in view.answers:  # the whole answer is on the receipt: long ones span several sections
        blocks.append(section(f"*{escape(answer.question.text)}*"))
        blocks += [section(piece) for piece in split_text(user_text(answer.text), SECTION_MAX)] or [section("–")]
    return blocks + [status_line(view)]


def text_modal(kind: str, *, title: str, label: str, meta: dict[str, Any], max_length: int, initial: str = "",
               intro: str = "", current: str | None = None) -> Block:
    """A modal with one multiline input (an answer, or the explanation for "finnes ikke")."""
    blocks: list[Block] = []
    if intro:
        blocks.append(section(intro))
    if current is not None:
        blocks.append(section(t.MODAL_CONFLICT_CURRENT.format(text=user_text(truncate(current, 2000)) or "–")))
    element = PlainTextInputElement(action_id="text", multiline=True, max_length=max_length,
                                    initial_value=initial[:max_length] or None)
    blocks.append(input_block("text", label, element))
    return modal(f"intake:{kind}", title=title, submit=t.MODAL_SUBMIT, close=t.MODAL_CANCEL, blocks=blocks,
                 private_metadata=json.dumps(meta))


def case_list_text(views: list[CaseView]) -> str:
    if not views:
        return t.NO_CASES
    return "\n".join(
        t.CASE_LINE.format(case_id=v.id, bydel=escape(v.bydel), deadline=fmt_date(v),
                           status=t.STATUS_SUBMITTED if v.submitted else t.STATUS_OPEN, progress=progress_text(v))
        for v in views
    )


def open_case_modal(bydeler: list[str], templates: dict[str, str], *, bydel: str = "", deadline: str = "") -> Block:
    """The officer's form for opening a case: bydel, deadline (date picker), contact (user picker)."""
    bydel_element: StaticSelectElement | PlainTextInputElement
    if bydeler:
        bydel_element = StaticSelectElement(action_id="value", options=[option(name, name) for name in bydeler[:100]],
                                            initial_option=option(bydel, bydel) if bydel in bydeler else None)
    else:
        bydel_element = PlainTextInputElement(action_id="value", max_length=80, initial_value=bydel or None)
    blocks = [
        input_block("bydel", t.MODAL_OPEN_BYDEL, bydel_element),
        input_block("deadline", t.MODAL_OPEN_DEADLINE, DatePickerElement(action_id="value", initial_date=deadline or None)),
        input_block("contact", t.MODAL_OPEN_CONTACT, UserSelectElement(action_id="value")),
    ]
    if len(templates) > 1:
        choices = [option(title, key) for key, title in sorted(templates.items())]
        blocks.append(input_block("template", t.MODAL_OPEN_TEMPLATE, StaticSelectElement(action_id="value", options=choices)))
    return modal("intake:open", title=t.MODAL_OPEN_TITLE, submit=t.MODAL_OPEN_SUBMIT, close=t.MODAL_CANCEL, blocks=blocks)


def handover_modal(case_id: str) -> Block:
    """Pick the colleague who takes over the case (a user picker: no typing of names)."""
    blocks = [input_block("contact", t.MODAL_HANDOVER_LABEL, UserSelectElement(action_id="value"))]
    return modal("intake:handover", title=t.MODAL_HANDOVER_TITLE, submit=t.MODAL_HANDOVER_SUBMIT, close=t.MODAL_CANCEL,
                 blocks=blocks, private_metadata=json.dumps({"c": case_id}))
