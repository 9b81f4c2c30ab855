"""Reading and writing the findings registry, with a field-level audit trail.

Why every write goes through `_apply`: the registry is the officers' record of what was
concluded and when a lovbrudd was closed; each changed field gets an audit row (who, when,
field, old -> new) in the same transaction, so there is no change without its history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.findings.models import FollowUp, Lovbrudd, Outcome, Round, Tilsyn
from bot.findings.tables import AuditRow, DigestRow, FollowUpRow, LovbruddRow, OutcomeRow, TilsynRow

_TILSYN_FIELDS = (
    "title", "authority", "kommune", "theme", "legal_basis", "years", "rounds", "method", "bydeler_covered",
    "bydeler_count", "bydeler_named", "report_doc_ids", "report_label", "report_links", "published", "notes",
    "source_quote", "intake_template", "deadline",
)  # fmt: skip
_OUTCOME_FIELDS = (
    "bydel", "year", "season", "breach", "count", "summary", "remarks", "source_heading", "source_quote",
    "published",
)  # fmt: skip
_LOVBRUDD_FIELDS = ("wording", "legal_basis", "themes", "date_concluded", "draft_conclusion")
FOLLOWUP_FIELDS = ("plan_deadline", "extended_deadline", "status", "closed_date", "notes")


@dataclass(frozen=True)
class AuditEntry:
    entity: str
    record_id: str
    field: str
    old_value: str | None
    new_value: str | None
    actor: str
    at: datetime


def _fmt(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class FindingsStore:
    """Repository over the findings tables. Knows nothing about audiences: callers filter."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    # --- writes --------------------------------------------------------------------------
    def _apply(
        self, session: Session, row: Any, entity: str, record_id: str, values: dict[str, Any], actor: str
    ) -> bool:
        """Set changed fields on `row` and write one audit row per change. True if anything changed."""
        now = self.clock.now()
        changed = False
        for field, new in values.items():
            old = getattr(row, field, None)
            if _fmt(old) == _fmt(new):
                continue
            setattr(row, field, new)
            if old is None and new in ("", []):
                continue  # a new row's empty field: nothing worth a history line
            changed = True
            session.add(
                AuditRow(entity=entity, record_id=record_id, field=field, old_value=_fmt(old),
                         new_value=_fmt(new), actor=actor, at=now)
            )  # fmt: skip
        if changed:
            row.updated_at = now
        return changed

    def save_tilsyn(self, tilsyn: Tilsyn, *, actor: str) -> bool:
        """Create or update the tilsyn header (not its outcomes). True if anything changed."""
        values = tilsyn.model_dump(include=set(_TILSYN_FIELDS), mode="json")
        values["deadline"] = tilsyn.deadline  # a Date column takes a date, not its JSON string
        with self.sessions.begin() as session:
            row = session.get(TilsynRow, tilsyn.id)
            if row is None:
                row = TilsynRow(id=tilsyn.id, updated_at=self.clock.now())
                session.add(row)
            return self._apply(session, row, "tilsyn", tilsyn.id, values, actor)

    def save_outcome(self, tilsyn_id: str, outcome: Outcome, *, actor: str, position: int | None = None) -> bool:
        """Create or update one outcome with its lovbrudd and follow-up. True if anything changed."""
        with self.sessions.begin() as session:
            if session.get(TilsynRow, tilsyn_id) is None:
                raise KeyError(tilsyn_id)
            row = session.get(OutcomeRow, outcome.id)
            if row is None:
                if position is None:
                    position = session.scalar(
                        select(func.count()).select_from(OutcomeRow).where(OutcomeRow.tilsyn_id == tilsyn_id)
                    )
                row = OutcomeRow(id=outcome.id, tilsyn_id=tilsyn_id, position=position or 0, updated_at=self.clock.now())
                session.add(row)
            elif row.tilsyn_id != tilsyn_id:
                raise KeyError(f"{outcome.id} hører til {row.tilsyn_id}")
            changed = self._apply(session, row, "outcome", outcome.id, outcome.model_dump(include=set(_OUTCOME_FIELDS)), actor)
            session.flush()
            if outcome.lovbrudd is not None:
                changed |= self._save_lovbrudd(session, outcome.id, outcome.lovbrudd, actor)
            return changed

    def _save_lovbrudd(self, session: Session, outcome_id: str, lovbrudd: Lovbrudd, actor: str) -> bool:
        row = session.get(LovbruddRow, lovbrudd.id)
        if row is None:
            row = LovbruddRow(id=lovbrudd.id, outcome_id=outcome_id, updated_at=self.clock.now())
            session.add(row)
        changed = self._apply(session, row, "lovbrudd", lovbrudd.id, lovbrudd.model_dump(include=set(_LOVBRUDD_FIELDS)), actor)
        session.flush()
        follow = session.get(FollowUpRow, lovbrudd.id)
        if follow is None:
            follow = FollowUpRow(lovbrudd_id=lovbrudd.id, updated_at=self.clock.now())
            session.add(follow)
        values = lovbrudd.follow_up.model_dump(include=set(FOLLOWUP_FIELDS))
        values["status"] = lovbrudd.follow_up.status.value
        return self._apply(session, follow, "followup", lovbrudd.id, values, actor) or changed

    def update_follow_up(self, lovbrudd_id: str, follow_up: FollowUp, *, actor: str) -> bool:
        """Replace the follow-up of one lovbrudd (already validated). True if anything changed."""
        values = follow_up.model_dump(include=set(FOLLOWUP_FIELDS))
        values["status"] = follow_up.status.value
        with self.sessions.begin() as session:
            row = session.get(FollowUpRow, lovbrudd_id)
            if row is None:
                raise KeyError(lovbrudd_id)
            return self._apply(session, row, "followup", lovbrudd_id, values, actor)

    # --- reads ---------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.sessions() as session:
            return not session.scalar(select(func.count()).select_from(TilsynRow))

    def load(self) -> list[Tilsyn]:
        """The whole registry as models, outcomes in their recorded order. It is small."""
        with self.sessions() as session:
            tilsyn_rows = session.scalars(select(TilsynRow).order_by(TilsynRow.id)).all()
            outcomes = session.scalars(select(OutcomeRow).order_by(OutcomeRow.position, OutcomeRow.id)).all()
            lovbrudd = {r.outcome_id: r for r in session.scalars(select(LovbruddRow))}
            follow = {r.lovbrudd_id: r for r in session.scalars(select(FollowUpRow))}
        by_tilsyn: dict[str, list[Outcome]] = {}
        for o in outcomes:
            lb = lovbrudd.get(o.id)
            lb_model = None
            if lb is not None:
                f = follow.get(lb.id)
                fu = FollowUp(plan_deadline=f.plan_deadline, extended_deadline=f.extended_deadline, status=f.status,
                              closed_date=f.closed_date, notes=f.notes) if f else FollowUp()  # fmt: skip
                lb_model = Lovbrudd(id=lb.id, wording=lb.wording, legal_basis=lb.legal_basis, themes=lb.themes,
                                    date_concluded=lb.date_concluded, draft_conclusion=lb.draft_conclusion,
                                    follow_up=fu)  # fmt: skip
            values = {f: getattr(o, f) for f in _OUTCOME_FIELDS}
            by_tilsyn.setdefault(o.tilsyn_id, []).append(Outcome(id=o.id, lovbrudd=lb_model, **values))
        result = []
        for t in tilsyn_rows:
            values = {f: getattr(t, f) for f in _TILSYN_FIELDS}
            values["rounds"] = [Round(**r) for r in values["rounds"]]
            result.append(Tilsyn(id=t.id, outcomes=by_tilsyn.get(t.id, []), **values))
        return result

    def audit(self, record_id: str | None = None, *, entity: str | None = None) -> list[AuditEntry]:
        with self.sessions() as session:
            query = select(AuditRow).order_by(AuditRow.id)
            if record_id is not None:
                query = query.where(AuditRow.record_id == record_id)
            if entity is not None:
                query = query.where(AuditRow.entity == entity)
            return [
                AuditEntry(r.entity, r.record_id, r.field, r.old_value, r.new_value, r.actor, r.at)
                for r in session.scalars(query)
            ]

    def record_event(self, entity: str, record_id: str, field: str, value: str, *, actor: str) -> None:
        """An audit line for something done to a record that is not a field change (e.g. indexing)."""
        with self.sessions.begin() as session:
            session.add(AuditRow(entity=entity, record_id=record_id, field=field, old_value=None, new_value=value,
                                 actor=actor, at=self.clock.now()))  # fmt: skip

    # --- weekly digest bookkeeping ------------------------------------------------------
    def digest_sent(self, iso_week: str) -> bool:
        with self.sessions() as session:
            return session.get(DigestRow, iso_week) is not None

    def claim_digest(self, iso_week: str, channel: str) -> bool:
        """Claim this week's digest; False if it was already sent or another process claimed it.

        The primary key on the ISO week is the lock: two replicas (or a restart mid-week) cannot
        both insert it, so the digest is posted at most once per week.
        """
        try:
            with self.sessions.begin() as session:
                session.add(DigestRow(iso_week=iso_week, channel=channel, message_ts="", sent_at=self.clock.now()))
        except IntegrityError:
            return False
        return True

    def finish_digest(self, iso_week: str, message_ts: str) -> None:
        with self.sessions.begin() as session:
            row = session.get(DigestRow, iso_week)
            if row is not None:
                row.message_ts = message_ts

    def release_digest(self, iso_week: str) -> None:
        """Give the claim back after a failed post, so the next run tries again."""
        with self.sessions.begin() as session:
            row = session.get(DigestRow, iso_week)
            if row is not None:
                session.delete(row)
