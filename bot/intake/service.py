"""Guided intake: one case per (tilsyn, bydel), walked through item by item, committed at every step.

Why a service without Slack: the dialog's rules (who may do what, what is complete, what a double
click or a concurrent edit means) must be the same whatever renders it, and must be testable
without a network. The Slack listener downloads files and renders; this service validates,
stores and records. Every public method runs in its own transaction and commits before it
returns, so a crash loses at most the call in flight. Every change is written to the audit log.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.access import Directory
from bot.clock import Clock, SystemClock
from bot.dates import date_time, short_date
from bot.errors import AccessDeniedError, TilsynsbotError, ValidationFailedError
from bot.intake import editing
from bot.intake.filestore import FileStore
from bot.intake.models import IntakeCase, IntakeContact, IntakeItemState
from bot.intake.reminders import Notice, run_reminders
from bot.intake.store import active_contacts, audit, get_case, snapshot
from bot.intake.templates import IntakeTemplate, load_templates
from bot.intake.views import CaseView
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.texts import intake as texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who acts: a Slack user id (or another surface's user id) and the user groups it belongs to."""

    user_id: str
    usergroups: frozenset[str] = field(default_factory=frozenset)


class IntakeService(editing.EditingMixin):
    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        templates: dict[str, IntakeTemplate],
        *,
        directory: Directory | None = None,
        clock: Clock | None = None,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.templates = templates
        self.directory = directory or Directory.from_settings(settings)
        self.clock = clock or SystemClock()
        self.files = FileStore(settings.files_dir)
        self.tz = ZoneInfo(settings.timezone)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # The process's one scheduler (owned by `Services`); the surface that can deliver reminders adds
        # the job (see bot.slack.listeners.intake). Built here only when the service stands alone.
        self.scheduler = scheduler or Scheduler(self.clock, settings.intake_scheduler_interval_s)
        # Told of every new submission after it is committed (e.g. the tilsyn lifecycle); per service, not global.
        self.submitted_hooks: list[Callable[[CaseView], object]] = []

    # --- helpers -------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    def is_officer(self, actor: Actor) -> bool:
        return self.directory.is_officer(actor.user_id, actor.usergroups)

    def template_for(self, case: IntakeCase) -> IntakeTemplate:
        try:
            return self.templates[case.template_id]
        except KeyError:
            raise TilsynsbotError(
                texts.NO_TEMPLATE.format(template=case.template_id), detail=f"template {case.template_id}"
            ) from None

    def _require_officer(self, actor: Actor) -> None:
        if not self.is_officer(actor):
            raise AccessDeniedError(texts.NOT_OFFICER, detail=f"{actor.user_id} is no officer")

    def _require_access(self, session: Session, case: IntakeCase, actor: Actor) -> None:
        if self.is_officer(actor) or actor.user_id in active_contacts(session, case.id):
            return
        raise AccessDeniedError(
            texts.NOT_CONTACT.format(case_id=case.id), detail=f"{actor.user_id} denied on {case.id}"
        )

    def _require_writable(self, case: IntakeCase) -> None:
        if case.status == "submitted":
            when = date_time(case.submitted_at, self.tz) if case.submitted_at else ""
            raise ValidationFailedError(texts.READ_ONLY.format(when=when), detail=f"{case.id} is submitted")

    @contextmanager
    def _write(self, case_id: str) -> Iterator[tuple[Session, IntakeCase]]:
        """One write transaction on one case, serialised per case.

        The row lock (`SELECT … FOR UPDATE`) serialises writers on PostgreSQL across processes; the
        in-process lock does the same on SQLite, which has no row locks. Together they make a double
        click or two people on the same case see each other's committed state, never a stale one.
        """
        key = case_id.strip().upper()
        with self._locks_guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock, self.sessions() as session, session.begin():
            yield session, get_case(session, key, for_update=True)

    def _view(self, session: Session, case: IntakeCase) -> CaseView:
        return snapshot(session, case, self.template_for(case))

    def _touch(self, case: IntakeCase) -> None:
        case.updated_at = self.now()

    def _after_submit(self, view: CaseView) -> None:
        """Run the submission hooks; the submission is stored, so a failing hook is logged, not raised."""
        for hook in self.submitted_hooks:
            try:
                hook(view)
            except Exception:
                log.exception("intake submitted hook failed case=%s", view.id)

    # --- opening and finding cases ------------------------------------------------------------
    def open_case(
        self,
        actor: Actor,
        *,
        bydel: str,
        deadline: date,
        contact: str,
        template_id: str | None = None,
        tilsyn: str | None = None,
    ) -> CaseView:
        """An officer opens the case for one bydel; the contact becomes its first active contact."""
        self._require_officer(actor)
        template_id = template_id or next(iter(sorted(self.templates)), "")
        if template_id not in self.templates:
            raise ValidationFailedError(texts.NO_TEMPLATE.format(template=template_id), detail="unknown template")
        if deadline < self.today():
            raise ValidationFailedError(texts.DEADLINE_IN_PAST.format(deadline=short_date(deadline)), field="deadline")
        bydel = self.canonical_bydel(bydel)
        tilsyn = tilsyn or f"{template_id}-{deadline.year}"
        now = self.now()
        with self.sessions() as session, session.begin():
            existing = session.scalars(
                select(IntakeCase).where(IntakeCase.tilsyn == tilsyn, IntakeCase.bydel == bydel)
            ).first()
            if existing is not None:
                raise ValidationFailedError(texts.CASE_EXISTS.format(bydel=bydel, case_id=existing.id))
            case = IntakeCase(
                id=f"INN-{secrets.token_hex(3).upper()}",
                tilsyn=tilsyn,
                template_id=template_id,
                bydel=bydel,
                deadline=deadline,
                status="open",
                current_step=None,
                dialog_active=False,
                created_by=actor.user_id,
                created_at=now,
                updated_at=now,
            )
            session.add(case)
            session.flush()
            for item in self.templates[template_id].items:
                session.add(IntakeItemState(case_id=case.id, item_id=item.id, status="pending"))
            session.add(IntakeContact(case_id=case.id, user_id=contact, active=True, added_by=actor.user_id, added_at=now))
            audit(session, case.id, actor.user_id, "opened", now, f"bydel={bydel} frist={deadline} kontakt={contact}")
            try:
                session.flush()
            except IntegrityError as error:  # a concurrent open of the same (tilsyn, bydel)
                raise ValidationFailedError(texts.CASE_EXISTS.format(bydel=bydel, case_id="?"), detail=str(error)) from error
            return self._view(session, case)

    def canonical_bydel(self, name: str) -> str:
        """The configured spelling of a bydel (case-insensitive). When bydeler are configured, an
        unknown name is refused, so a typo never opens a case nobody in the bydel can find."""
        for known in self.directory.bydeler:
            if known.casefold() == name.strip().casefold():
                return known
        if self.directory.bydeler:
            raise ValidationFailedError(
                texts.UNKNOWN_BYDEL.format(bydel=name.strip(), known=", ".join(sorted(self.directory.bydeler)))
            )
        return name.strip()

    def get(self, case_id: str, actor: Actor) -> CaseView:
        with self.sessions() as session:
            case = get_case(session, case_id)
            self._require_access(session, case, actor)
            return self._view(session, case)

    def cases_for(self, actor: Actor) -> list[CaseView]:
        """Officers see every case; a contact sees the cases they are an active contact of."""
        with self.sessions() as session:
            query = select(IntakeCase).order_by(IntakeCase.deadline, IntakeCase.bydel)
            if not self.is_officer(actor):
                query = query.join(IntakeContact, IntakeContact.case_id == IntakeCase.id).where(
                    IntakeContact.user_id == actor.user_id, IntakeContact.active.is_(True)
                )
            return [self._view(session, case) for case in session.scalars(query).unique()]

    def active_dialog_for(self, user_id: str) -> CaseView | None:
        """The open case whose dialog this user is in right now (for routing their DMs), if any."""
        with self.sessions() as session:
            case = session.scalars(
                select(IntakeCase)
                .join(IntakeContact, IntakeContact.case_id == IntakeCase.id)
                .where(
                    IntakeContact.user_id == user_id,
                    IntakeContact.active.is_(True),
                    IntakeCase.status == "open",
                    IntakeCase.dialog_active.is_(True),
                )
                .order_by(IntakeCase.updated_at.desc())
            ).first()
            return self._view(session, case) if case else None

    # --- officer actions -------------------------------------------------------------------------
    def extend_deadline(self, case_id: str, actor: Actor, new_deadline: date) -> CaseView:
        """"Utsatt frist": reminders are keyed on the deadline, so they re-arm for the new date."""
        self._require_officer(actor)
        if new_deadline < self.today():
            raise ValidationFailedError(texts.DEADLINE_IN_PAST.format(deadline=short_date(new_deadline)), field="deadline")
        with self._write(case_id) as (session, case):
            old = case.deadline
            case.deadline = new_deadline
            self._touch(case)
            audit(session, case.id, actor.user_id, "deadline_extended", self.now(), f"{old} -> {new_deadline}")
            return self._view(session, case)

    def reopen(self, case_id: str, actor: Actor) -> CaseView:
        self._require_officer(actor)
        with self._write(case_id) as (session, case):
            if case.status == "submitted":
                case.status = "open"
                case.current_step = "review"
                self._touch(case)
                audit(session, case.id, actor.user_id, "reopened", self.now())
            return self._view(session, case)

    def export(self, case_id: str, actor: Actor) -> Path:
        """Officers only: write `<data_dir>/exports/<case>-<time>.zip` and return its path."""
        from bot.intake.export import write_export

        self._require_officer(actor)
        view = self.get(case_id, actor)
        rows = self.audit_log(case_id, actor)
        stamp = self.now().astimezone(self.tz).strftime("%Y%m%d-%H%M%S")
        target = self.settings.data_dir / "exports" / f"{view.id}-{stamp}.zip"
        path = write_export(view, rows, self.files, target, self.tz)
        with self.sessions() as session, session.begin():
            audit(session, view.id, actor.user_id, "exported", self.now(), path.name)
        return path

    def run_reminders(self, now: datetime, send: Callable[[Notice], bool]) -> list[Notice]:
        """Send every reminder/overdue notice due at `now` exactly once (see `bot.intake.reminders`)."""
        return run_reminders(self, now, send)

    def audit_log(self, case_id: str, actor: Actor) -> list[tuple[datetime, str, str, str]]:
        from bot.intake.models import IntakeAudit

        with self.sessions() as session:
            case = get_case(session, case_id)
            self._require_access(session, case, actor)
            rows = session.scalars(select(IntakeAudit).where(IntakeAudit.case_id == case.id).order_by(IntakeAudit.id))
            return [(r.at, r.actor, r.action, r.detail) for r in rows]


def build_intake_service(
    settings: Settings, sessions: sessionmaker[Session], *, directory: Directory | None = None,
    clock: Clock | None = None, scheduler: Scheduler | None = None,
) -> IntakeService:
    """Load and validate every template (an invalid one stops start-up) and build the service."""
    templates = load_templates(settings.knowledge_dir / "intake")
    return IntakeService(settings, sessions, templates, directory=directory, clock=clock, scheduler=scheduler)
