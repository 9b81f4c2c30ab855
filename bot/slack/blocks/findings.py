"""Block Kit for the findings registry: `/tilsyn funn` lists, officer modals, the weekly digest.

Pure functions of their inputs (rows already filtered by audience in the service), so what a
non-officer can be shown is decided before any block is built. Modal block ids are the field
names that `view_submission` errors point at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain import OSLO_BYDELER
from bot.findings.views import FindingView
from bot.slack.blocks.common import Block, button, context, escape, header, section, sections, truncate, user_text
from bot.texts import findings as t

STATUS_VIEW = "findings_status"
RECORD_VIEW = "findings_record"
CHANGE_STATUS_ACTION = "findings_change_status"
MAX_ROWS = 40  # keeps a list within Slack's 50 blocks per message


def _bydel(row: FindingView) -> str:
    return t.bydel_label(row.bydel)


def row_text(row: FindingView, *, officer: bool) -> str:
    when = f"{row.season + ' ' if row.season else ''}{row.year}" if row.year else t.YEAR_NOT_GIVEN
    if not row.breach:
        who = f"{row.count} bydeler" if row.count > 1 else _bydel(row)
        text = f"*{escape(who)}* · {when} · {t.OUTCOME_NO_BREACH}\n{user_text(row.summary)}"
    else:
        status = t.STATUS_LABELS.get(row.status, row.status)
        deadline = f" · frist {t.fmt_date(row.deadline)}{' (utsatt)' if row.extended_deadline else ''}" if row.deadline else ""
        closed = f" · lukket {t.fmt_date(row.closed_date)}" if row.closed_date else ""
        text = f"*{escape(_bydel(row))}* · {when} · {t.OUTCOME_BREACH} · *{status}*{deadline}{closed}\n{user_text(row.wording)}"
    if row.remarks:
        text += f"\n_{user_text(row.remarks)}_"
    if officer and row.notes:
        text += "\n" + t.INTERNAL_NOTE.format(text=user_text(row.notes))
    if officer and row.draft_conclusion:
        text += "\n" + t.DRAFT_CONCLUSION.format(text=user_text(row.draft_conclusion))
    return text


def funn_list_blocks(rows: list[FindingView], *, officer: bool, filters: str = "", explanation: str = "") -> list[Block]:
    """The answer to `/tilsyn funn …`; officers get an «Endre status» button on each lovbrudd.

    `explanation`: what the records say when no row matches (e.g. a bydel's tilsyn history).
    """
    title = f"{t.LIST_TITLE}{f' ({filters})' if filters else ''}"
    blocks: list[Block] = [header(title)]
    if not rows:
        extra = sections(escape(explanation)) if explanation else []
        return blocks + [section(t.LIST_EMPTY)] + extra + [context(t.FUNN_HELP)]
    for row in rows[:MAX_ROWS]:
        block = section(row_text(row, officer=officer))
        if officer and row.lovbrudd_id:
            block["accessory"] = button(t.BUTTON_CHANGE_STATUS, CHANGE_STATUS_ACTION, row.lovbrudd_id)
        blocks.append(block)
    if len(rows) > MAX_ROWS:
        blocks.append(context(t.LIST_MORE.format(count=len(rows) - MAX_ROWS)))
    labels = sorted({r.report_label for r in rows if r.report_label})
    blocks.append(context(t.LIST_SOURCE.format(labels=", ".join(labels)) if labels else "", "" if officer else t.PUBLISHED_ONLY))
    return blocks


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": truncate(text, 75)}, "value": value[:150]}


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str = "") -> Block:
    block: Block = {"type": "input", "block_id": block_id, "optional": optional,
                    "label": {"type": "plain_text", "text": label}, "element": {**element, "action_id": block_id}}  # fmt: skip
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def lovbrudd_label(row: FindingView) -> str:
    status = t.STATUS_LABELS.get(row.status, row.status)
    return f"{_bydel(row)} – {status} ({row.lovbrudd_id.rsplit('/', 1)[-1]})"


def status_modal(choices: list[FindingView], *, selected: str | None = None) -> dict[str, Any]:
    """Officers change a lovbrudd's status, closed date, extended deadline and internal note."""
    options = [_option(lovbrudd_label(r), r.lovbrudd_id) for r in choices][:100]
    lovbrudd: dict[str, Any] = {"type": "static_select", "options": options}
    current = next((r for r in choices if r.lovbrudd_id == selected), None)
    if current is not None:
        lovbrudd["initial_option"] = _option(lovbrudd_label(current), current.lovbrudd_id)
    status_options = [_option(t.OPTION_OPEN, "open"), _option(t.OPTION_CLOSED, "closed")]
    status: dict[str, Any] = {"type": "radio_buttons", "options": status_options}
    if current is not None:
        status["initial_option"] = status_options[0 if current.status == "open" else 1]
    return {
        "type": "modal",
        "callback_id": STATUS_VIEW,
        "title": {"type": "plain_text", "text": t.STATUS_MODAL_TITLE},
        "submit": {"type": "plain_text", "text": t.MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": t.MODAL_CANCEL},
        "blocks": [
            _input("lovbrudd", t.LABEL_LOVBRUDD, lovbrudd),
            _input("status", t.LABEL_STATUS, status),
            _input("closed_date", t.LABEL_CLOSED_DATE, {"type": "datepicker"}, optional=True, hint=t.HINT_CLOSED_DATE),
            _input("extended_deadline", t.LABEL_EXTENDED, {"type": "datepicker"}, optional=True),
            _input("notes", t.LABEL_NOTES, {"type": "plain_text_input", "multiline": True, "max_length": 2000}, optional=True),
        ],
    }


def record_modal(tilsyn: list[tuple[str, str]]) -> dict[str, Any]:
    """Officers record one outcome (with or without lovbrudd) on an existing tilsyn."""
    bydeler = [_option(name, name) for name in OSLO_BYDELER] + [_option(t.OPTION_UNNAMED, "-")]
    breach = [_option(t.OPTION_BREACH, "yes"), _option(t.OPTION_NO_BREACH, "no")]
    return {
        "type": "modal",
        "callback_id": RECORD_VIEW,
        "title": {"type": "plain_text", "text": t.RECORD_MODAL_TITLE},
        "submit": {"type": "plain_text", "text": t.MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": t.MODAL_CANCEL},
        "blocks": [
            _input("tilsyn", t.LABEL_TILSYN, {"type": "static_select", "options": [_option(title, ident) for ident, title in tilsyn][:100]}),
            _input("bydel", t.LABEL_BYDEL, {"type": "static_select", "options": bydeler}),
            _input("year", t.LABEL_YEAR, {"type": "number_input", "is_decimal_allowed": False, "min_value": "1990"}, optional=True),
            _input("breach", t.LABEL_BREACH, {"type": "radio_buttons", "options": breach}),
            _input("wording", t.LABEL_WORDING, {"type": "plain_text_input", "multiline": True}, optional=True),
            _input("legal_basis", t.LABEL_LEGAL_BASIS, {"type": "plain_text_input"}, optional=True, hint=t.HINT_LEGAL_BASIS),
            _input("plan_deadline", t.LABEL_PLAN_DEADLINE, {"type": "datepicker"}, optional=True),
            _input("notes", t.LABEL_NOTES, {"type": "plain_text_input", "multiline": True}, optional=True),
        ],
    }


def digest_blocks(week: str, open_rows: list[FindingView], coming: list[FindingView], overdue: list[FindingView],
                  *, days: int) -> list[Block]:  # fmt: skip
    """The officers' weekly digest (internal fields included: it goes to the officers' channel)."""
    blocks: list[Block] = [header(t.DIGEST_TITLE.format(week=week))]
    if not open_rows:
        return blocks + [section(t.DIGEST_NOTHING)]
    blocks.append(section(t.DIGEST_OPEN.format(count=len(open_rows))))
    blocks += [section(row_text(r, officer=True)) for r in open_rows[:20]]
    if coming:
        lines = [f"• {escape(_bydel(r))}: {t.fmt_date(r.deadline)} ({r.lovbrudd_id})" for r in coming]
        blocks.append(section(t.DIGEST_DEADLINES.format(days=days) + "\n" + "\n".join(lines)))
    else:
        blocks.append(section(t.DIGEST_NO_DEADLINES.format(days=days)))
    if overdue:
        lines = [f"• {escape(_bydel(r))}: {t.fmt_date(r.deadline)} ({r.lovbrudd_id})" for r in overdue]
        blocks.append(section(t.DIGEST_OVERDUE + "\n" + "\n".join(lines)))
    return blocks


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
