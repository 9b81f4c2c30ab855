"""Answers in Norwegian bokmål from the registry records, with citations to record and report.

Why composed from templates and not generated: counts, statuses and deadlines must be exactly
what the records say, and what the report does not say (which bydeler, which year) must be said
plainly instead of guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from bot.domain import Citation
from bot.findings.models import Outcome, Status, Tilsyn
from bot.findings.query import Query
from bot.findings.views import FindingView, flatten, matches
from bot.texts import findings as t


def _years(tilsyn: Tilsyn) -> str:
    years = sorted(tilsyn.years)
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else t.YEAR_NOT_GIVEN)


def _rounds(tilsyn: Tilsyn) -> str:
    parts = [f"{r.bydeler_count} bydeler {r.season + ' ' if r.season else 'i '}{r.year}" for r in tilsyn.rounds]
    return " og ".join(parts)


def cite(tilsyn: Tilsyn, outcome: Outcome | None = None) -> Citation:
    """A citation of the report behind a record, naming the record id."""
    record_id = (outcome.lovbrudd.id if outcome and outcome.lovbrudd else outcome.id) if outcome else tilsyn.id
    label = tilsyn.report_label or tilsyn.title
    heading = outcome.source_heading if outcome else ""
    return Citation(
        chunk_id=f"findings:{record_id}",
        doc_id=tilsyn.report_doc_ids[0] if tilsyn.report_doc_ids else f"findings:{tilsyn.id}",
        title=f"{label}: {tilsyn.title}" if tilsyn.report_label else tilsyn.title,
        short_title=label,
        pinpoint=f"«{heading}»" if heading else "",
        label=f"{label}{f', «{heading}»' if heading else ''} (registerpost {record_id})",
        url=tilsyn.report_links[0] if tilsyn.report_links else "",
        quote=(outcome.source_quote if outcome else tilsyn.source_quote).strip(),
        score=1.0,
    )


def _when(row: FindingView) -> str:
    if row.year:
        return f", tilsyn {row.season + ' ' if row.season else ''}{row.year}"
    return ""


def _deadline_text(row: FindingView, today: date, *, officer: bool = False) -> str:
    if row.extended_deadline:
        text = t.DEADLINE_EXTENDED.format(date=t.fmt_date(row.extended_deadline))
        text += t.ORIGINAL_DEADLINE.format(date=t.fmt_date(row.plan_deadline)) if row.plan_deadline else ""
    elif row.plan_deadline:
        text = t.DEADLINE_PLAIN.format(date=t.fmt_date(row.plan_deadline))
    else:
        return t.DEADLINE_UNKNOWN
    if row.status == Status.OPEN.value and row.deadline and row.deadline < today:
        # officers are Statsforvalteren: they are told to update the register, not to ask themselves
        text += t.DEADLINE_PASSED_OFFICER if officer else t.DEADLINE_PASSED
    return text


def record_line(row: FindingView, today: date, *, officer: bool) -> str:
    """One lovbrudd as a bullet: bydel, status, deadline; internal fields only for officers."""
    bydel = t.bydel_label(row.bydel)
    if row.status == Status.OPEN.value:
        line = "• " + t.OPEN_LINE.format(bydel=bydel, when=_when(row), deadline=_deadline_text(row, today, officer=officer))
    else:
        closed = f" {t.fmt_date(row.closed_date)}" if row.closed_date else t.CLOSED_NO_DATE
        line = "• " + t.CLOSED_LINE.format(bydel=bydel, when=_when(row), closed=closed)
    if officer and row.notes:
        line += "\n  " + t.INTERNAL_NOTE.format(text=row.notes)
    if officer and row.draft_conclusion:
        line += "\n  " + t.DRAFT_CONCLUSION.format(text=row.draft_conclusion)
    return line


class RecordsComposer:
    """Builds the answer text and citations for one parsed question over a visible registry.

    (Named apart from `bot.answering.compose.Composer`, which quotes the knowledge base.)
    """

    def __init__(self, registry: list[Tilsyn], *, officer: bool, today: date,
                 status_updated: Mapping[str, date] | None = None) -> None:
        """`status_updated`: per tilsyn id, the day an officer last changed a lovbrudd's status or
        deadline (`FindingsService.status_updated`; none: the status is still the report's)."""
        self.registry = registry
        self.officer = officer
        self.today = today
        self.status_updated = dict(status_updated or {})
        self.citations: list[Citation] = []

    def _status_basis(self, tilsyn: Tilsyn) -> str:
        updated = self.status_updated.get(tilsyn.id)
        if updated is not None:
            return t.STATUS_BASIS_UPDATED.format(date=t.fmt_date(updated))
        return t.STATUS_BASIS_REPORT.format(report=tilsyn.report_label or tilsyn.title)

    def _cite(self, tilsyn: Tilsyn, outcome: Outcome | None = None) -> None:
        citation = cite(tilsyn, outcome)
        if all(c.chunk_id != citation.chunk_id for c in self.citations):
            self.citations.append(citation)

    def compose(self, query: Query) -> str | None:
        """The answer text, or None when the records have nothing on the question."""
        scope = [x for x in self.registry if not query.year or query.year in x.years]
        if query.bydel:
            return self._bydel(query, scope)
        parts = [p for p in (self._tilsyn(query, x) for x in scope) if p]
        return "\n\n".join(parts) if parts else None

    def _bydel(self, query: Query, scope: list[Tilsyn]) -> str | None:
        parts = []
        for tilsyn in scope:
            if query.bydel not in tilsyn.bydeler_covered:
                continue
            rounds = _rounds(tilsyn)
            coverage = f"alle {tilsyn.total_bydeler} bydelene, også bydel {query.bydel}" if tilsyn.covers_all_oslo else f"bydel {query.bydel}"
            covered = t.HISTORY_COVERED.format(
                authority=tilsyn.authority, kommune=tilsyn.kommune or "kommunen", years=" og ".join(map(str, tilsyn.years)),
                coverage=coverage, rounds=f" ({rounds})" if rounds else "", theme=tilsyn.theme.rstrip("."),
                legal_basis=", ".join(tilsyn.legal_basis),
            )  # fmt: skip
            named = [o for o in tilsyn.outcomes if o.bydel == query.bydel]
            unknown = not named and not tilsyn.bydeler_named
            # the question asked whether the bydel has had a tilsyn: yes; otherwise (did it get a lovbrudd?) what
            # the letter does not say comes first, so a reader never takes the coverage for an answer about it
            if query.wants_history:
                text = t.HISTORY_YES + covered
            elif unknown:
                text = t.HISTORY_OUTCOME_UNKNOWN.format(bydel=query.bydel) + " " + covered
            else:
                text = covered
            self._cite(tilsyn)
            for outcome in named:
                row = next(r for r in flatten([tilsyn.model_copy(update={"outcomes": [outcome]})]))
                summary = outcome.summary or (t.OUTCOME_BREACH if outcome.breach else t.OUTCOME_NO_BREACH)
                text += t.HISTORY_OUTCOME_NAMED.format(bydel=query.bydel, outcome=summary)
                if row.lovbrudd_id:
                    text += "\n" + record_line(row, self.today, officer=self.officer)
                self._cite(tilsyn, outcome)
            if unknown and query.wants_history:
                text += " " + t.HISTORY_OUTCOME_UNKNOWN.format(bydel=query.bydel)
            parts.append(text)
        return "\n\n".join(parts) if parts else None

    def _tilsyn(self, query: Query, tilsyn: Tilsyn) -> str | None:
        rows = [r for r in flatten([tilsyn]) if r.breach and r.lovbrudd_id]
        breaches = sum(o.count for o in tilsyn.outcomes if o.breach)
        clean = sum(o.count for o in tilsyn.outcomes if not o.breach)
        chosen = [r for r in rows if matches(r, query)]
        unknown_year = [r for r in rows if query.year and r.year is None and matches(r, _without_year(query))]
        theme_hit = any(th in tilsyn.theme.lower() for th in query.themes)
        if not chosen and not unknown_year and not theme_hit:
            return None
        lines = [
            t.BREACH_SUMMARY.format(title=tilsyn.title, years=_years(tilsyn), authority=tilsyn.authority,
                                    breaches=breaches, total=tilsyn.total_bydeler or breaches + clean, clean=clean)
        ]  # fmt: skip
        closed = sum(1 for r in rows if r.status == Status.CLOSED.value)
        lines.append(t.STATUS_SUMMARY.format(closed=closed, open=len(rows) - closed, basis=self._status_basis(tilsyn)))
        if not tilsyn.bydeler_named and any(o.bydel is None for o in tilsyn.outcomes):
            lines.append(t.NOT_NAMED)
        self._cite(tilsyn)
        if query.themes:
            lines.append(self._themes(query, tilsyn, chosen))
        if query.year:
            lines.append(t.YEAR_ROUNDS.format(rounds=_rounds(tilsyn)) if tilsyn.rounds else "")
            if not chosen:
                lines.append(t.YEAR_NONE.format(year=query.year))
            if unknown_year:
                lines.append(t.YEAR_UNKNOWN.format(count=len(unknown_year)))
        if query.wants_deadline and query.status is None:
            open_rows = [r for r in chosen if r.status == Status.OPEN.value]
            if chosen and not open_rows:
                lines.insert(0, t.NO_OPEN_DEADLINES)
            chosen = open_rows
        if chosen:
            listing = [_list_heading(query, len(chosen))] + [record_line(r, self.today, officer=self.officer) for r in chosen]
            # A question about status or deadlines gets its direct answer first, the totals after.
            lines = listing + lines if (query.wants_deadline or query.wants_status) else lines + listing
        for outcome in tilsyn.outcomes:
            if outcome.lovbrudd and outcome.lovbrudd.id in {r.lovbrudd_id for r in chosen}:
                self._cite(tilsyn, outcome)
        if not query.themes and chosen and len({r.wording for r in chosen}) == 1:
            lines.append(t.WORDING_ALL.format(wording=chosen[0].wording))
        if self.officer and tilsyn.notes:
            lines.append(t.INTERNAL_NOTE.format(text=tilsyn.notes))
        return "\n".join(line for line in lines if line)

    def _themes(self, query: Query, tilsyn: Tilsyn, chosen: list[FindingView]) -> str:
        names = ", ".join(query.themes)
        lines = []
        if chosen:
            basis = ", ".join(sorted({b for r in chosen for b in r.legal_basis}))
            wording = chosen[0].wording if len({r.wording for r in chosen}) == 1 else t.SEE_LIST
            lines.append(t.THEME_LINE.format(count=len(chosen), theme=names, legal_basis=basis, wording=wording))
        else:
            lines.append(t.THEME_NONE.format(theme=names))
        lines.append(t.TILSYN_THEME.format(theme=tilsyn.theme.rstrip(".").lower(), legal_basis=", ".join(tilsyn.legal_basis)))
        return "\n".join(lines)


def _without_year(query: Query) -> Query:
    return replace(query, year=None)


def _list_heading(query: Query, count: int) -> str:
    if query.status is Status.OPEN:
        return t.HEADING_OPEN.format(count=count)
    if query.status is Status.CLOSED:
        return t.HEADING_CLOSED.format(count=count)
    if query.wants_deadline:
        return t.HEADING_DEADLINE.format(count=count)
    return t.HEADING_ALL.format(count=count)
