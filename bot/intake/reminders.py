"""Deadline reminders and overdue notices, decided from the database at every scheduler tick.

Why claim rows: each (case, kind, deadline) gets one `intake_notifications` row, inserted and
committed *before* the message is sent, so a restart or a second scheduler never sends it again.
If sending fails the claim is deleted and the next tick tries again. Only the nearest threshold is
considered ("2 dager igjen" supersedes "7 dager igjen"), so a bot that was down for a week sends
the reminder that fits today rather than a stale one. Extending the deadline re-arms everything,
because the deadline is part of the key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.intake.models import IntakeCase, IntakeNotification
from bot.intake.store import audit, snapshot
from bot.intake.views import CaseView

if TYPE_CHECKING:
    from bot.intake.service import IntakeService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    case: CaseView
    kind: str  # before_<n> | due | overdue
    days_left: int  # negative when overdue
    to_officers: bool


def _kind_for(days_left: int, reminder_days: list[int]) -> str | None:
    if days_left < 0:
        return "overdue"
    thresholds = sorted(d for d in reminder_days if d >= days_left)
    if not thresholds:
        return None
    nearest = thresholds[0]
    return "due" if nearest == 0 else f"before_{nearest}"


def due_notices(service: IntakeService, now: datetime) -> list[tuple[str, str, date]]:
    """(case id, kind, deadline) of every notice due now and not yet claimed."""
    today = now.astimezone(service.tz).date()
    due = []
    with service.sessions() as session:
        claimed = {(n.case_id, n.kind, n.deadline) for n in session.scalars(select(IntakeNotification))}
        for case in session.scalars(select(IntakeCase).where(IntakeCase.status == "open")):
            kind = _kind_for((case.deadline - today).days, service.settings.reminder_days)
            if kind and (case.id, kind, case.deadline) not in claimed:
                due.append((case.id, kind, case.deadline))
    return due


def run_reminders(service: IntakeService, now: datetime, send: Callable[[Notice], bool]) -> list[Notice]:
    """Claim, send and mark every due notice. `send` returns False when delivery failed (retried later)."""
    sent: list[Notice] = []
    today = now.astimezone(service.tz).date()
    for case_id, kind, deadline in due_notices(service, now):
        try:
            with service.sessions() as session, session.begin():
                session.add(IntakeNotification(case_id=case_id, kind=kind, deadline=deadline, status="claimed", claimed_at=now))
                case = session.get(IntakeCase, case_id)
                assert case is not None
                view = snapshot(session, case, service.template_for(case))
        except IntegrityError:  # another scheduler claimed it first
            continue
        notice = Notice(case=view, kind=kind, days_left=(deadline - today).days, to_officers=kind == "overdue")
        delivered = send(notice)
        with service.sessions() as session, session.begin():
            key = (IntakeNotification.case_id == case_id, IntakeNotification.kind == kind, IntakeNotification.deadline == deadline)
            if delivered:
                row = session.scalars(select(IntakeNotification).where(*key)).one()
                row.status, row.sent_at = "sent", service.now()
                audit(session, case_id, "system", f"notice_{kind}", service.now(), f"frist={deadline}")
                sent.append(notice)
            else:
                session.execute(delete(IntakeNotification).where(*key))
                log.warning("intake notice %s for %s not delivered; will retry", kind, case_id)
    return sent
