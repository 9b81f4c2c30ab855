"""Officers' questions answered from the lifecycle events: «hvilke lovbrudd venter på plan?»,
«hvilke frister går ut denne måneden?», «hvem har fått utsatt frist?».

Why here and plugged into `FindingsService` through a port: the question is routed like every
findings question (`bot.findings.query`), but the answer must come from the events (stage,
deadline in force, extensions with their reasons), not from the registry's hand-set fields.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.dates import MONTHS, long_date
from bot.domain import Citation
from bot.findings.answers import cite
from bot.lifecycle.overview import OverviewRow
from bot.lifecycle.stages import WAITING_FOR_PLAN
from bot.texts import lifecycle as t

if TYPE_CHECKING:
    from bot.lifecycle.service import LifecycleService

AWAITING_PLAN = "awaiting_plan"
DEADLINES_THIS_MONTH = "deadlines_month"
EXTENDED = "extended"


class LifecycleAnswers:
    """Implements `bot.findings.service.LifecyclePort` over a `LifecycleService`."""

    def __init__(self, service: LifecycleService) -> None:
        self.service = service

    def answer(self, kind: str, today: date) -> tuple[str, list[Citation]] | None:
        overviews = self.service.overview_data()
        titles = {o.tilsyn_id: o.title for o in overviews}
        rows = [r for o in overviews for r in o.rows]
        if kind == AWAITING_PLAN:
            chosen = [r for r in rows if r.stage in WAITING_FOR_PLAN]
            head, none = t.ANSWER_AWAITING_PLAN, t.ANSWER_AWAITING_PLAN_NONE
        elif kind == DEADLINES_THIS_MONTH:
            chosen = [r for r in rows if r.deadline and (r.deadline.year, r.deadline.month) == (today.year, today.month)]
            month = f"{MONTHS[today.month - 1]} {today.year}"
            head, none = t.ANSWER_MONTH.format(month=month), t.ANSWER_MONTH_NONE.format(month=month)
        elif kind == EXTENDED:
            chosen = [r for r in rows if r.extended_to]
            head, none = t.ANSWER_EXTENDED, t.ANSWER_EXTENDED_NONE
        else:
            return None
        if not rows:
            return None
        if not chosen:
            return none, []
        lines = [head] + [self._line(kind, r, titles[r.tilsyn_id], today) for r in chosen]
        return "\n".join(lines), self._citations(chosen)

    @staticmethod
    def _line(kind: str, row: OverviewRow, title: str, today: date) -> str:
        if kind == EXTENDED and row.extended_to:
            reason = t.ANSWER_REASON.format(reason=row.extension_reason) if row.extension_reason else ""
            return t.ANSWER_EXTENDED_LINE.format(label=row.label, tilsyn=title, deadline=long_date(row.extended_to),
                                                 reason=reason, stage=row.stage_label)
        deadline = t.OVERVIEW_DEADLINE.format(date=long_date(row.deadline)) if row.deadline else ""
        if row.deadline and row.deadline < today:
            deadline += t.ANSWER_PASSED
        return t.ANSWER_LINE.format(label=row.label, tilsyn=title, stage=row.stage_label, deadline=deadline)

    def _citations(self, rows: list[OverviewRow]) -> list[Citation]:
        """The report behind rows that come from a report (the seed); rows from the bot's own work cite nothing."""
        registry = {x.id: x for x in self.service.findings.store.load()}
        result: list[Citation] = []
        for row in rows:
            tilsyn = registry.get(row.tilsyn_id)
            outcome = next((o for o in tilsyn.outcomes if o.id == row.subject), None) if tilsyn else None
            if tilsyn is not None and outcome is not None and tilsyn.report_label:
                citation = cite(tilsyn, outcome)
                if all(c.chunk_id != citation.chunk_id for c in result):
                    result.append(citation)
        return result
