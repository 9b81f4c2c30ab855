"""Audience-aware views of the registry: what a given reader may see, flattened for lists.

Why one place: the rule "internal fields and unpublished records reach officers only" must be
applied identically to answers, the CLI list, `/tilsyn funn` and the digest, so every reader
path goes through `visible()` before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.findings.models import UNNAMED_BYDEL, Status, Tilsyn
from bot.findings.query import Query, section_matches


def visible(registry: list[Tilsyn], *, officer: bool) -> list[Tilsyn]:
    """The registry as `officer` (or not) may see it: non-officers get published fields only."""
    if officer:
        return registry
    result = []
    for tilsyn in registry:
        if not tilsyn.published:
            continue
        outcomes = []
        for outcome in tilsyn.outcomes:
            if not outcome.published:
                continue
            lovbrudd = outcome.lovbrudd
            if lovbrudd is not None:
                follow = lovbrudd.follow_up.model_copy(update={"notes": ""})
                lovbrudd = lovbrudd.model_copy(update={"draft_conclusion": "", "follow_up": follow})
            outcomes.append(outcome.model_copy(update={"lovbrudd": lovbrudd}))
        result.append(tilsyn.model_copy(update={"notes": "", "outcomes": outcomes}))
    return result


@dataclass(frozen=True)
class FindingView:
    """One outcome as a flat row, for the CLI list, `/tilsyn funn` and the digest."""

    tilsyn_id: str
    tilsyn_title: str
    report_label: str
    outcome_id: str
    lovbrudd_id: str
    bydel: str  # display name, or "ikke navngitt i rapporten"
    year: int | None
    season: str
    breach: bool
    count: int
    status: str  # "open" | "closed" | "" (no lovbrudd)
    plan_deadline: date | None
    extended_deadline: date | None
    closed_date: date | None
    wording: str
    legal_basis: list[str]
    themes: list[str]
    summary: str
    remarks: str
    published: bool
    notes: str  # INTERNAL, "" for non-officers (see visible())
    draft_conclusion: str  # INTERNAL

    @property
    def deadline(self) -> date | None:
        return self.extended_deadline or self.plan_deadline


def flatten(registry: list[Tilsyn]) -> list[FindingView]:
    rows = []
    for t in registry:
        for o in t.outcomes:
            lb = o.lovbrudd
            fu = lb.follow_up if lb else None
            rows.append(
                FindingView(
                    tilsyn_id=t.id, tilsyn_title=t.title, report_label=t.report_label, outcome_id=o.id,
                    lovbrudd_id=lb.id if lb else "", bydel=o.bydel or UNNAMED_BYDEL, year=o.year, season=o.season,
                    breach=o.breach, count=o.count, status=fu.status.value if fu else "",
                    plan_deadline=fu.plan_deadline if fu else None,
                    extended_deadline=fu.extended_deadline if fu else None,
                    closed_date=fu.closed_date if fu else None, wording=lb.wording if lb else "",
                    legal_basis=lb.legal_basis if lb else [], themes=lb.themes if lb else [], summary=o.summary,
                    remarks=o.remarks, published=o.published and t.published, notes=fu.notes if fu else "",
                    draft_conclusion=lb.draft_conclusion if lb else "",
                )
            )  # fmt: skip
    return rows


def matches(row: FindingView, query: Query) -> bool:
    """Does a flat row pass the filters of a question or a `/tilsyn funn` command?"""
    if query.status is not None and row.status != query.status.value:
        return False
    if query.bydel and row.bydel != query.bydel:
        return False
    if query.year and row.year != query.year:
        return False
    if query.themes and not any(t in row.themes or t in row.wording.lower() for t in query.themes):
        return False
    if query.sections and not any(section_matches(s, b, query.references) for s in query.sections for b in row.legal_basis):
        return False
    return True


def open_deadlines(rows: list[FindingView]) -> list[FindingView]:
    """Open lovbrudd, soonest deadline first (no deadline last)."""
    open_rows = [r for r in rows if r.status == Status.OPEN.value]
    return sorted(open_rows, key=lambda r: (r.deadline is None, r.deadline or date.max))
