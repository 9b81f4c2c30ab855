"""The officers' overview: per tilsyn, each bydel's stage, next deadline and cases, overdue first.

Why a pure function over (registry, states, today): `/tilsyn oversikt`, the App Home, the weekly
digest, the CSV/XLSX export and the answers to officers' questions all show the same rows, so they
are built once here and only rendered differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.findings.models import Tilsyn
from bot.lifecycle.stages import Stage
from bot.lifecycle.store import SubjectState
from bot.texts import lifecycle as t


@dataclass(frozen=True)
class OverviewRow:
    tilsyn_id: str
    subject: str
    label: str  # «Bydel Frogner», or the not-named placeholder
    count: int  # bydeler the row stands for (12 for the letter's unnamed group)
    stage: Stage | None  # None: not notified yet
    deadline: date | None  # the next deadline, while one applies
    overdue: bool
    extended_to: date | None  # the last extension, if any
    extension_reason: str
    cases: tuple[str, ...]
    current_case: str | None
    lovbrudd_id: str | None

    @property
    def stage_label(self) -> str:
        return self.stage.label if self.stage else t.NO_STAGE


@dataclass(frozen=True)
class TilsynOverview:
    tilsyn_id: str
    title: str
    rows: tuple[OverviewRow, ...]


def subject_label(tilsyn: Tilsyn, subject: str) -> tuple[str, int]:
    """How a subject reads, and how many bydeler it stands for. Never invents a name."""
    outcome = next((o for o in tilsyn.outcomes if o.id == subject), None)
    if outcome is not None:
        return (t.BYDEL_LABEL.format(bydel=outcome.bydel) if outcome.bydel else t.UNNAMED_LABEL), outcome.count
    return t.BYDEL_LABEL.format(bydel=subject), 1


def _sort_key(row: OverviewRow) -> tuple[bool, bool, date, str]:
    return (not row.overdue, row.deadline is None, row.deadline or date.max, row.label)


def build_overview(registry: list[Tilsyn], states: list[SubjectState], today: date) -> list[TilsynOverview]:
    """Every tilsyn that has lifecycle events or was created to run in the bot, rows overdue first."""
    result = []
    for tilsyn in registry:
        mine = {s.subject: s for s in states if s.tilsyn_id == tilsyn.id}
        if not mine and not tilsyn.intake_template:
            continue  # a tilsyn known only from a report, without stages
        subjects = list(mine)
        if tilsyn.intake_template:  # bydeler of a tilsyn run in the bot that have not been notified yet
            subjects += [b for b in tilsyn.bydeler_covered if b not in mine]
        rows = []
        for subject in subjects:
            state = mine.get(subject) or SubjectState(tilsyn.id, subject)
            label, count = subject_label(tilsyn, subject)
            last = state.extensions[-1] if state.extensions else None
            rows.append(OverviewRow(
                tilsyn_id=tilsyn.id, subject=subject, label=label, count=count, stage=state.stage,
                deadline=state.next_deadline, overdue=state.overdue(today), extended_to=last.deadline if last else None,
                extension_reason=last.comment if last else "", cases=tuple(state.cases), current_case=state.current_case,
                lovbrudd_id=state.lovbrudd_id,
            ))
        result.append(TilsynOverview(tilsyn.id, tilsyn.title, tuple(sorted(rows, key=_sort_key))))
    return result


Cell = str | int | date | None
EXPORT_COLUMNS = ("tilsyn_id", "tilsyn", "bydel", "antall", "stadium", "frist", "forfalt", "utsatt_til", "saker", "lovbrudd_id")


def export_rows(overviews: list[TilsynOverview]) -> list[tuple[Cell, ...]]:
    """The overview as export rows under `EXPORT_COLUMNS`, built once for every file type.

    Why typed cells: CSV writes them as text, XLSX keeps counts as numbers and deadlines as dates so
    a spreadsheet can sort and filter them; the rows themselves are the same.
    """
    return [
        (overview.tilsyn_id, overview.title, row.label, row.count, row.stage_label, row.deadline,
         "ja" if row.overdue else "nei", row.extended_to, " ".join(row.cases), row.lovbrudd_id)
        for overview in overviews for row in overview.rows
    ]
