"""Block Kit for the officers' loop: the escalation post (by state), the reply to the asker, the modals.

Pure functions of the stored rows, so the post can be redrawn from the database at any time (after
each step, or by the scheduler when a redraw failed) and always shows the state as stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, tzinfo

from slack_sdk.models.blocks import DatePickerElement, PlainTextInputElement, RadioButtonsElement, UrlInputElement

from bot.dates import date_time, long_date
from bot.officers.escalations import MAX_DELIVERY_ATTEMPTS
from bot.officers.standard import REVIEW
from bot.officers.tables import EscalationRow, StandardAnswerRow
from bot.slack.blocks.answer import link_url
from bot.slack.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    input_block,
    modal,
    option,
    section,
    sections,
    truncate,
    user_text,
)
from bot.texts import officers as t

ACTION_ANSWER = "escalation_answer"
ACTION_DECLINE = "escalation_decline"
ACTION_SAVE_STANDARD = "standard_answer_from_escalation"
ACTION_SAVE_STANDARD_FROM_ANSWER = "standard_answer_from_answer"
ACTION_ESCALATE_AFTER_DOWN = "escalate_after_thumbs_down"
ACTION_EDIT_STANDARD = "standard_answer_edit"
ACTION_WITHDRAW_STANDARD = "standard_answer_withdraw"
ANSWER_VIEW = "escalation_answer_view"
DECLINE_VIEW = "escalation_decline_view"
STANDARD_VIEW = "standard_answer_view"
QUESTION_SHOWN = 1500
BOT_ANSWER_SHOWN = 1200
REPLY_LIMIT = 2900


def _linked(sources: list[dict[str, str]]) -> str:
    parts = []
    for source in sources:
        label = escape(source.get("label", ""))
        url = source.get("url", "")
        parts.append(f"<{link_url(url)}|{label}>" if url else label)
    return ", ".join(p for p in parts if p)


def escalation_post(row: EscalationRow, tz: tzinfo) -> list[Block]:
    """The officers' post for `row` in its stored state: open (buttons), answered or declined (who, when, delivery)."""
    who = t.POST_FROM.format(user=row.asker) + (t.POST_BYDEL.format(bydel=user_text(row.bydel)) if row.bydel else "")
    blocks: list[Block] = [
        header(t.POST_TITLE),
        section(f"{who}\n>{user_text(truncate(row.question, QUESTION_SHOWN))}"),
    ]
    if row.bot_abstained:
        blocks.append(section(t.POST_BOT_DECLINED))
    else:
        blocks.append(section(t.POST_BOT_ANSWERED.format(answer=escape(truncate(row.bot_answer, BOT_ANSWER_SHOWN)))))
    notes = [t.POST_TRIGGER_ABSTAINED if row.trigger == "abstained" else t.POST_TRIGGER_THUMBS_DOWN]
    if row.bot_sources:
        notes.append(t.POST_BOT_SOURCES.format(sources=_linked(row.bot_sources)))
    blocks.append(context(*notes))
    if row.status == "open":
        blocks.append(actions(button(t.BUTTON_ANSWER, ACTION_ANSWER, row.id, style="primary"),
                              button(t.BUTTON_DECLINE, ACTION_DECLINE, row.id), block_id="escalation_actions"))
        return blocks
    blocks.append(divider())
    when = date_time(row.answered_at, tz) if row.answered_at else ""
    template = t.POST_ANSWERED if row.status == "answered" else t.POST_DECLINED
    blocks.extend(sections(template.format(officer=row.answered_by or "", when=when,
                                           text=user_text(truncate(row.reply_text, REPLY_LIMIT)))))
    extra = []
    if row.citations:
        extra.append(t.POST_CITATIONS.format(sources=_linked(row.citations)))
    if row.link:
        extra.append(t.POST_LINK.format(link=f"<{link_url(row.link)}>"))
    if extra:
        blocks.append(context(*extra))
    blocks.append(context(delivery_line(row, tz)))
    if row.standard_answer_id:
        blocks.append(context(t.POST_SAVED_STANDARD.format(id=row.standard_answer_id)))
    elif row.status == "answered":
        blocks.append(actions(button(t.BUTTON_SAVE_STANDARD, ACTION_SAVE_STANDARD, row.id), block_id="escalation_done"))
    return blocks


def delivery_line(row: EscalationRow, tz: tzinfo) -> str:
    if row.delivery == "delivered":
        return t.POST_DELIVERED.format(user=row.asker, when=date_time(row.delivered_at, tz) if row.delivered_at else "")
    if row.delivery == "failed":
        template = t.POST_DELIVERY_GAVE_UP if row.delivery_attempts >= MAX_DELIVERY_ATTEMPTS else t.POST_DELIVERY_FAILED
        return template.format(user=row.asker, error=escape(row.delivery_error), attempts=row.delivery_attempts,
                               max=MAX_DELIVERY_ATTEMPTS)
    return t.POST_DELIVERING.format(user=row.asker)


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: list[Block]


def reply_message(row: EscalationRow, today: date) -> Reply:
    """The officer's reply as the asker sees it, signed with the officer's name and the date."""
    question = user_text(truncate(row.question, QUESTION_SHOWN))
    body = user_text(truncate(row.reply_text, REPLY_LIMIT))
    template = t.REPLY_ANSWER if row.status == "answered" else t.REPLY_DECLINED
    blocks = sections(template.format(question=question, text=body))
    if row.citations:
        blocks.append(section(t.REPLY_SOURCES.format(sources=_linked(row.citations))))
    if row.link:
        blocks.append(section(t.REPLY_LINK.format(link=f"<{link_url(row.link)}>")))
    name = user_text(row.answered_by_name) if row.answered_by_name else f"<@{row.answered_by}>"
    signature = t.REPLY_SIGNATURE.format(name=name, date=long_date(today))
    blocks.append(context(signature))
    summary = (t.REPLY_SUMMARY if row.status == "answered" else t.REPLY_DECLINED_SUMMARY).format(
        text=" ".join(row.reply_text.split()))
    return Reply(text=escape(truncate(summary, 300)), blocks=blocks)


def _question_context(question: str) -> Block:
    return section(t.MODAL_QUESTION.format(question=user_text(truncate(question, QUESTION_SHOWN))))


def answer_modal(row: EscalationRow) -> Block:
    return modal(ANSWER_VIEW, title=t.MODAL_ANSWER_TITLE, submit=t.MODAL_SUBMIT, close=t.MODAL_CLOSE,
                 private_metadata=json.dumps({"escalation": row.id}), blocks=[
                     _question_context(row.question),
                     input_block("answer", t.FIELD_ANSWER, PlainTextInputElement(action_id="value", multiline=True,
                                                                                   max_length=REPLY_LIMIT)),
                     input_block("citations", t.FIELD_CITATIONS, PlainTextInputElement(action_id="value", multiline=True),
                                 optional=True, hint=t.HINT_CITATIONS),
                     input_block("link", t.FIELD_LINK, UrlInputElement(action_id="value"), optional=True),
                 ])  # fmt: skip


def decline_modal(row: EscalationRow) -> Block:
    return modal(DECLINE_VIEW, title=t.MODAL_DECLINE_TITLE, submit=t.MODAL_SUBMIT, close=t.MODAL_CLOSE,
                 private_metadata=json.dumps({"escalation": row.id}), blocks=[
                     _question_context(row.question),
                     input_block("reason", t.FIELD_REASON, PlainTextInputElement(action_id="value", multiline=True,
                                                                                   max_length=1000)),
                 ])  # fmt: skip


@dataclass(frozen=True)
class StandardDraft:
    """What the standard-answer modal starts from (a new answer from a reply, or an existing one)."""

    question: str
    answer_text: str
    citations: list[str]
    alternatives: list[str]
    status: str = "godkjent"
    review_on: date | None = None
    standard_answer_id: str = ""
    origin: str = ""


def standard_modal(draft: StandardDraft) -> Block:
    metadata = json.dumps({"id": draft.standard_answer_id, "origin": draft.origin})
    statuses = [option(t.STATUS_LABELS[s], s) for s in ("utkast", "godkjent")]
    initial = next((o for o in statuses if o.value == draft.status), statuses[1])

    def text(action_id: str, value: str, *, multiline: bool = False, max_length: int | None = None) -> PlainTextInputElement:
        return PlainTextInputElement(action_id=action_id, multiline=multiline, max_length=max_length,
                                     initial_value=value or None)

    return modal(STANDARD_VIEW, title=t.MODAL_STANDARD_TITLE, submit=t.MODAL_SAVE, close=t.MODAL_CLOSE,
                 private_metadata=metadata, blocks=[
                     input_block("question", t.FIELD_QUESTION, text("value", draft.question, max_length=500)),
                     input_block("alternatives", t.FIELD_ALTERNATIVES,
                                 text("value", "\n".join(draft.alternatives), multiline=True), optional=True,
                                 hint=t.HINT_ALTERNATIVES),
                     input_block("answer", t.FIELD_ANSWER, text("value", draft.answer_text, multiline=True,
                                                                max_length=REPLY_LIMIT)),
                     input_block("citations", t.FIELD_CITATIONS, text("value", "\n".join(draft.citations), multiline=True),
                                 optional=True, hint=t.HINT_CITATIONS),
                     input_block("status", t.FIELD_STATUS, RadioButtonsElement(action_id="value", options=statuses,
                                                                               initial_option=initial)),
                     input_block("review_on", t.FIELD_REVIEW, DatePickerElement(
                         action_id="value", initial_date=draft.review_on.isoformat() if draft.review_on else None),
                         optional=True),
                 ])  # fmt: skip


def standard_list(rows: list[StandardAnswerRow]) -> list[Block]:
    """`/tilsyn standardsvar`: every standard answer with its state, and buttons to edit or withdraw."""
    if not rows:
        return sections(t.STANDARD_LIST_EMPTY)
    blocks: list[Block] = [header(t.STANDARD_LIST_TITLE.format(count=len(rows)))]
    for row in rows[:40]:
        item = t.STANDARD_LIST_ITEM.format(
            id=row.id, status=t.STATUS_LABELS.get(row.status, row.status), owner=row.owner,
            approved=t.STANDARD_LIST_APPROVED.format(date=long_date(row.approved_on)) if row.approved_on else "",
            review=t.STANDARD_LIST_REVIEW.format(date=long_date(row.review_on)) if row.review_on else "",
            question=user_text(truncate(row.question, 300)),
        )
        if row.status == REVIEW and row.review_reason:
            item += "\n" + t.STANDARD_LIST_REASON.format(reason=escape(row.review_reason))
        buttons = [button(t.BUTTON_EDIT, ACTION_EDIT_STANDARD, row.id)]
        if row.status != "trukket":
            buttons.append(button(t.BUTTON_WITHDRAW, ACTION_WITHDRAW_STANDARD, row.id, style="danger"))
        blocks.extend([section(item), actions(*buttons)])
    return blocks


def review_digest_blocks(rows: list[StandardAnswerRow], due: list[StandardAnswerRow]) -> list[Block]:
    """The weekly digest's part on standard answers: marked "må vurderes", and approved ones whose review
    date has come (nothing when there are none)."""
    blocks: list[Block] = []
    if rows:
        lines = [t.DIGEST_REVIEW_ITEM.format(id=r.id, owner=r.owner, question=user_text(truncate(r.question, 200)),
                                             reason=escape(truncate(r.review_reason, 400))) for r in rows[:20]]
        blocks += sections(t.DIGEST_REVIEW_HEADING.format(count=len(rows)) + "\n" + "\n".join(lines))
    if due:
        lines = [t.DIGEST_DUE_ITEM.format(id=r.id, owner=r.owner, question=user_text(truncate(r.question, 200)),
                                          date=long_date(r.review_on) if r.review_on else "") for r in due[:20]]
        blocks += sections(t.DIGEST_DUE_HEADING.format(count=len(due)) + "\n" + "\n".join(lines))
    return blocks
