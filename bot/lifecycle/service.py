"""The lifecycle service: create a tilsyn, open its cases, move each bydel through its stages.

Why a service without Slack: the modal, the buttons, the CLI and the intake hook make the same
moves under the same rules (officers only, the transition table, the registry kept in step),
and the scenario can be checked without a network. Every move is one audited event; the findings
registry's outcome, lovbrudd and follow-up are written from the same move (with the same actor),
so the registry's statuses are what the events say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Directory
from bot.clock import Clock, SystemClock
from bot.dates import date_time, short_date
from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.findings.models import Lovbrudd, Outcome, Tilsyn, bydel_slug
from bot.findings.service import FindingsService
from bot.intake.service import Actor, IntakeService
from bot.intake.views import CaseView
from bot.lifecycle.answers import LifecycleAnswers
from bot.lifecycle.overview import TilsynOverview, build_overview, subject_label
from bot.lifecycle.spec import SectionIndex, TilsynSpec, check_legal_basis
from bot.lifecycle.stages import EventKind, Stage, check_extendable, check_transition
from bot.lifecycle.store import Change, Event, EventStore, SubjectState
from bot.privacy import contains_identity_number
from bot.retrieval.references import ReferenceParser
from bot.settings import Settings
from bot.texts import lifecycle as t

log = logging.getLogger(__name__)

PLAN_TEMPLATE = "plan-lukking-lovbrudd"
PLAN_SUFFIX = "/plan"  # intake cases are unique per (tilsyn, bydel): the plan case has its own tilsyn key


@dataclass(frozen=True)
class OpenReport:
    opened: list[CaseView] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (bydel, reason)

    def text(self, title: str) -> str:
        """What opening did, for the officer (Slack and the CLI say the same): how many, then each bydel."""
        lines = [t.CASES_OPENED.format(opened=len(self.opened), title=title)]
        lines += [t.CASE_OPENED_LINE.format(bydel=c.bydel, case_id=c.id, contact=c.contacts[0]) for c in self.opened]
        lines += [t.CASE_SKIPPED_LINE.format(bydel=bydel, reason=reason) for bydel, reason in self.skipped]
        return "\n".join(lines)


@dataclass(frozen=True)
class Move:
    """What an officer's move did, for the surface to tell the officer and the bydel."""

    tilsyn: Tilsyn
    subject: str
    label: str
    events: list[Event]
    case: CaseView | None = None


class LifecycleService:
    def __init__(
        self, events: EventStore, findings: FindingsService, intake: IntakeService, *, directory: Directory,
        clock: Clock | None = None, references: ReferenceParser | None = None, index: SectionIndex | None = None,
        timezone: str = "Europe/Oslo",
    ) -> None:
        self.events = events
        self.findings = findings
        self.intake = intake
        self.directory = directory
        self.clock = clock or SystemClock()
        self.references = references or findings.references
        self.index = index
        self.tz = ZoneInfo(timezone)
        # Told when a submission could not be recorded (see `on_case_submitted`); per service, not global.
        self.submission_failed_hooks: list[Callable[[CaseView, Exception], object]] = []

    # --- helpers -------------------------------------------------------------------------------
    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def is_officer(self, actor: Actor) -> bool:
        return self.directory.is_officer(actor.user_id, actor.usergroups)

    def _require_officer(self, actor: Actor) -> None:
        if not self.is_officer(actor):
            raise AccessDeniedError(t.NOT_OFFICER, detail=f"{actor.user_id} is no officer (lifecycle)")

    def tilsyn(self, tilsyn_id: str) -> Tilsyn:
        found = next((x for x in self.findings.store.load() if x.id == tilsyn_id.strip()), None)
        if found is None:
            raise ValidationFailedError(t.UNKNOWN_TILSYN.format(id=tilsyn_id), field="tilsyn")
        return found

    def label(self, tilsyn: Tilsyn, subject: str) -> str:
        return subject_label(tilsyn, subject)[0]

    def _subject(self, tilsyn: Tilsyn, subject: str) -> str:
        """The stored subject for a bydel name or an outcome id; raises when it is not in the tilsyn."""
        if subject in {s.subject for s in self.events.states(tilsyn.id)}:
            return subject
        for name in tilsyn.bydeler_covered:
            if name.casefold() == subject.strip().casefold():
                return name
        raise ValidationFailedError(t.UNKNOWN_SUBJECT.format(subject=subject, tilsyn=tilsyn.id))

    def _move(self, actor: Actor, tilsyn: Tilsyn, subject: str, changes: list[Change]) -> list[Event]:
        label = self.label(tilsyn, subject)

        def check(current: Stage | None) -> None:
            stage = current
            for change in changes:
                if change.kind is EventKind.DEADLINE_EXTENDED:
                    check_extendable(stage, subject=label)
                else:
                    check_transition(stage, change.to_stage, subject=label)
                    stage = change.to_stage

        return self.events.append(tilsyn.id, subject, changes, actor=actor.user_id, check=check, label=label)

    @staticmethod
    def _text(value: str, *, field: str = "comment", required: str = "") -> str:
        """The stripped text; refused (under `field`, the form's block) when required and empty, or
        when it holds an identity number."""
        value = (value or "").strip()
        if required and not value:
            raise ValidationFailedError(required, field=field)
        if contains_identity_number(value):
            raise ValidationFailedError(t.TEXT_HAS_ID_NUMBER, field=field)
        return value

    def _future(self, deadline: date) -> date:
        if deadline < self.today():
            raise ValidationFailedError(t.DEADLINE_PAST.format(deadline=short_date(deadline)), field="deadline")
        return deadline

    def _case(self, actor: Actor, case_id: str | None, label: str) -> CaseView:
        if not case_id:
            raise ValidationFailedError(t.NO_CASE.format(subject=label))
        return self.intake.get(case_id, actor)

    # --- creating a tilsyn and opening its cases ----------------------------------------------
    def create_tilsyn(self, actor: Actor, spec: TilsynSpec) -> Tilsyn:
        """Write the registry's tilsyn record (audited) after checking basis, template and deadline."""
        self._require_officer(actor)
        if any(x.id == spec.id for x in self.findings.store.load()):
            raise ValidationFailedError(t.TILSYN_EXISTS.format(id=spec.id), field="id")
        basis = check_legal_basis(spec.legal_basis, self.references, self.index)
        if spec.intake_template not in self.intake.templates:
            known = ", ".join(sorted(k for k in self.intake.templates if k != PLAN_TEMPLATE))
            raise ValidationFailedError(t.UNKNOWN_TEMPLATE.format(template=spec.intake_template, known=known), field="template")
        for bydel in spec.bydeler:
            self.intake.canonical_bydel(bydel)  # refused when the bydel directory does not know it
        self._future(spec.deadline)
        record = spec.model_copy(update={"legal_basis": basis}).as_record(self.today().year)
        self.findings.store.save_tilsyn(record, actor=actor.user_id)
        return self.tilsyn(spec.id)

    def open_cases(self, actor: Actor, tilsyn_id: str, contacts: dict[str, str] | None = None) -> OpenReport:
        """Open the intake case of every bydel that has none (each notified: stage «varslet»)."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        if not tilsyn.intake_template or tilsyn.deadline is None:
            raise ValidationFailedError(t.UNKNOWN_TILSYN.format(id=tilsyn_id))
        existing = {c.bydel: c.id for c in self.intake.cases_for(actor) if c.tilsyn == tilsyn.id}
        report = OpenReport()
        for bydel in tilsyn.bydeler_covered:
            if bydel in existing:
                if self.events.state(tilsyn.id, bydel).stage is None:  # a case opened before its event was written
                    self._move(actor, tilsyn, bydel, [Change(EventKind.TRANSITION, Stage.VARSLET, deadline=tilsyn.deadline,
                                                             case_id=existing[bydel])])
                report.skipped.append((bydel, t.CASE_ALREADY_OPEN.format(case_id=existing[bydel])))
                continue
            contact = (contacts or {}).get(bydel) or self._directory_contact(bydel)
            if not contact:
                report.skipped.append((bydel, t.NO_CONTACT))
                continue
            check_transition(self.events.state(tilsyn.id, bydel).stage, Stage.VARSLET, subject=self.label(tilsyn, bydel))
            case = self.intake.open_case(actor, bydel=bydel, deadline=tilsyn.deadline, contact=contact,
                                         template_id=tilsyn.intake_template, tilsyn=tilsyn.id)
            self._move(actor, tilsyn, bydel, [Change(EventKind.TRANSITION, Stage.VARSLET, deadline=tilsyn.deadline,
                                                     case_id=case.id)])
            report.opened.append(case)
        return report

    def _directory_contact(self, bydel: str) -> str:
        members = self.directory.bydeler.get(bydel)
        return members.users[0] if members and members.users else ""

    # --- the officer's moves ------------------------------------------------------------------
    def start_assessment(self, actor: Actor, tilsyn_id: str, subject: str, comment: str = "") -> Move:
        return self._simple(actor, tilsyn_id, subject, Stage.UNDER_VURDERING, comment)

    def _simple(self, actor: Actor, tilsyn_id: str, subject: str, stage: Stage, comment: str) -> Move:
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        events = self._move(actor, tilsyn, subject, [Change(EventKind.TRANSITION, stage, self._text(comment))])
        return Move(tilsyn, subject, self.label(tilsyn, subject), events)

    def conclude(self, actor: Actor, tilsyn_id: str, subject: str, *, breach: bool, wording: str = "",
                 legal_basis: list[str] | None = None, comment: str = "") -> Move:
        """Konkludert: the registry gets the bydel's outcome (and lovbrudd) with the event."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        comment = self._text(comment)
        wording = self._text(wording, field="wording", required=t.WORDING_REQUIRED if breach else "")
        basis = check_legal_basis(legal_basis or tilsyn.legal_basis, self.references, self.index) if breach else []
        slug = bydel_slug(subject)
        outcome_id = f"{tilsyn.id}/{slug}"
        lovbrudd_id = f"{outcome_id}/lovbrudd" if breach else None
        stage = Stage.LOVBRUDD if breach else Stage.UTEN_LOVBRUDD
        events = self._move(actor, tilsyn, subject, [Change(EventKind.TRANSITION, stage, comment or wording,
                                                            lovbrudd_id=lovbrudd_id)])
        lovbrudd = Lovbrudd(id=lovbrudd_id, wording=wording, legal_basis=basis, date_concluded=self.today()) if lovbrudd_id else None
        outcome = Outcome(id=outcome_id, bydel=subject, year=self.today().year, breach=breach, lovbrudd=lovbrudd,
                          summary=comment if not breach else "", published=False)
        self.findings.record_finding(tilsyn.id, outcome, actor=actor.user_id, audience=Audience.OFFICERS)
        return Move(tilsyn, subject, self.label(tilsyn, subject), events)

    def request_plan(self, actor: Actor, tilsyn_id: str, subject: str, *, deadline: date, contact: str = "",
                     comment: str = "") -> Move:
        """Plan etterspurt: a plan case through the intake engine, with its deadline and reminders."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        label = self.label(tilsyn, subject)
        state = self.events.state(tilsyn.id, subject)
        check_transition(state.stage, Stage.PLAN_ETTERSPURT, subject=label)
        self._future(deadline)
        if not contact:
            docs = state.case_for(Stage.VARSLET)
            contacts = self.intake.get(docs, actor).contacts if docs else []
            contact = contacts[0] if contacts else self._directory_contact(subject)
        if not contact:
            raise ValidationFailedError(f"{label}: {t.NO_CONTACT}", field="contact")
        case = self.intake.open_case(actor, bydel=subject, deadline=deadline, contact=contact, template_id=PLAN_TEMPLATE,
                                     tilsyn=f"{tilsyn.id}{PLAN_SUFFIX}")
        events = self._move(actor, tilsyn, subject, [Change(EventKind.TRANSITION, Stage.PLAN_ETTERSPURT, self._text(comment),
                                                            deadline=deadline, case_id=case.id, lovbrudd_id=state.lovbrudd_id)])
        if state.lovbrudd_id:
            self.findings.change_status(state.lovbrudd_id, actor=actor.user_id, audience=Audience.OFFICERS, plan_deadline=deadline)
        return Move(tilsyn, subject, label, events, case)

    def approve(self, actor: Actor, tilsyn_id: str, subject: str, *, closed: date | None = None, comment: str = "") -> Move:
        """«Godkjenn – lukk lovbruddet»: plan godkjent, then lukket, with the plan's receipt as reference."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        label = self.label(tilsyn, subject)
        state = self.events.state(tilsyn.id, subject)
        check_transition(state.stage, Stage.PLAN_GODKJENT, subject=label)  # before anything else is looked up
        closed = closed or self.today()
        if closed > self.today():
            raise ValidationFailedError(t.CLOSED_DATE_FUTURE, field="closed")
        case = self._case(actor, state.case_for(Stage.PLAN_ETTERSPURT), label)
        receipt = t.PLAN_RECEIPT.format(case_id=case.id, when=date_time(case.submitted_at, self.tz)) if case.submitted_at else case.id
        comment = self._text(comment)
        events = self._move(actor, tilsyn, subject, [
            Change(EventKind.TRANSITION, Stage.PLAN_GODKJENT, comment or t.APPROVED_COMMENT.format(receipt=receipt), case_id=case.id),
            Change(EventKind.TRANSITION, Stage.LUKKET, t.CLOSED_COMMENT.format(date=short_date(closed), receipt=receipt),
                   case_id=case.id, lovbrudd_id=state.lovbrudd_id),
        ])
        if state.lovbrudd_id:
            self.findings.change_status(state.lovbrudd_id, actor=actor.user_id, audience=Audience.OFFICERS,
                                        status="lukket", closed_date=closed)
        return Move(tilsyn, subject, label, events, case)

    def needs_more(self, actor: Actor, tilsyn_id: str, subject: str, *, comment: str, deadline: date) -> Move:
        """«Trenger mer»: the plan case reopens with the new deadline; the comment goes to the bydel."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        label = self.label(tilsyn, subject)
        comment = self._text(comment, required=t.COMMENT_REQUIRED)
        self._future(deadline)
        state = self.events.state(tilsyn.id, subject)
        check_transition(state.stage, Stage.TRENGER_MER, subject=label)
        case_id = state.case_for(Stage.PLAN_ETTERSPURT)
        self._case(actor, case_id, label)
        events = self._move(actor, tilsyn, subject, [Change(EventKind.TRANSITION, Stage.TRENGER_MER, comment,
                                                            deadline=deadline, case_id=case_id)])
        assert case_id is not None
        self.intake.reopen(case_id, actor)
        case = self.intake.extend_deadline(case_id, actor, deadline)
        return Move(tilsyn, subject, label, events, case)

    def extend_deadline(self, actor: Actor, tilsyn_id: str, subject: str, *, deadline: date, reason: str) -> Move:
        """«Utsett frist»: the stage stays; the case's deadline moves, so reminders re-arm for it."""
        self._require_officer(actor)
        tilsyn = self.tilsyn(tilsyn_id)
        subject = self._subject(tilsyn, subject)
        label = self.label(tilsyn, subject)
        reason = self._text(reason, field="reason", required=t.REASON_REQUIRED)
        self._future(deadline)
        state = self.events.state(tilsyn.id, subject)
        check_extendable(state.stage, subject=label)
        if state.deadline and deadline <= state.deadline:
            raise ValidationFailedError(t.DEADLINE_NOT_LATER.format(deadline=short_date(state.deadline)), field="deadline")
        case_id = state.current_case
        events = self._move(actor, tilsyn, subject, [Change(EventKind.DEADLINE_EXTENDED, state.stage or Stage.VARSLET,
                                                            reason, deadline=deadline, case_id=case_id)])
        case = self.intake.extend_deadline(case_id, actor, deadline) if case_id else None
        if state.lovbrudd_id and state.stage is not Stage.VARSLET:
            self.findings.change_status(state.lovbrudd_id, actor=actor.user_id, audience=Audience.OFFICERS,
                                        extended_deadline=deadline)
        return Move(tilsyn, subject, label, events, case)

    # --- the intake engine tells us about submissions -----------------------------------------
    def on_case_submitted(self, view: CaseView) -> Move | None:
        """The intake hook: documents or a plan were submitted, «dokumenter mottatt» / «plan mottatt».

        The submission is stored whatever happens here, and the intake service only logs a failing
        hook; so when recording fails (another move at the same moment, the database) the stage stays
        «varslet» (or «plan etterspurt») with nobody told. The `submission_failed_hooks` hear of it
        (the Slack surface tells the officers and the contact), then the error goes on to be logged."""
        try:
            return self._record_submission(view)
        except Exception as error:
            for hook in self.submission_failed_hooks:
                try:
                    hook(view, error)
                except Exception:
                    log.exception("lifecycle submission-failed hook failed case=%s", view.id)
            raise

    def _record_submission(self, view: CaseView) -> Move | None:
        """The move by the submitter, when the case is the one the bydel's stage waits for."""
        found = self.events.subject_of_case(view.id)
        if found is None:
            return None
        tilsyn = self.tilsyn(found[0])
        subject = found[1]
        state = self.events.state(tilsyn.id, subject)
        if view.id == state.case_for(Stage.VARSLET) and state.stage is Stage.VARSLET:
            target = Stage.DOKUMENTER_MOTTATT
        elif view.id == state.case_for(Stage.PLAN_ETTERSPURT) and state.stage in (Stage.PLAN_ETTERSPURT, Stage.TRENGER_MER):
            target = Stage.PLAN_MOTTATT
        else:
            return None
        events = self._move(Actor(view.submitted_by or "bydel"), tilsyn, subject,
                            [Change(EventKind.TRANSITION, target, case_id=view.id)])
        return Move(tilsyn, subject, self.label(tilsyn, subject), events, view)

    # --- reading ------------------------------------------------------------------------------
    def overview(self, actor: Actor, tilsyn_id: str | None = None) -> list[TilsynOverview]:
        self._require_officer(actor)
        return self.overview_data(tilsyn_id)

    def overview_data(self, tilsyn_id: str | None = None) -> list[TilsynOverview]:
        """The overview without an access check, for jobs that post to the officers' channel."""
        registry = [x for x in self.findings.store.load() if tilsyn_id is None or x.id == tilsyn_id]
        return build_overview(registry, self.events.states(tilsyn_id), self.today())

    def history(self, actor: Actor, tilsyn_id: str | None = None) -> list[Event]:
        self._require_officer(actor)
        return self.events.events(tilsyn_id)

    def plan_to_review(self, case_id: str) -> tuple[str, str] | None:
        """(tilsyn id, subject) when this submitted intake case is a closure plan that just reached «plan
        mottatt» (so officers are asked to review it); None for any other case."""
        found = self.events.subject_of_case(case_id)
        if found is None:
            return None
        state = self.state(*found)
        last = state.events[-1] if state.events else None
        if last is None or last.to_stage is not Stage.PLAN_MOTTATT or last.case_id != case_id:
            return None
        return found

    def state(self, tilsyn_id: str, subject: str) -> SubjectState:
        return self.events.state(tilsyn_id, subject)


def build_lifecycle_service(
    settings: Settings, sessions: sessionmaker[Session], findings: FindingsService, intake: IntakeService, *,
    directory: Directory, clock: Clock | None = None, index: SectionIndex | None = None,
) -> LifecycleService:
    """Wire the lifecycle on the shared database, hear intake submissions, and load the seed events."""
    from bot.lifecycle.seed import load_seed

    clock = clock or SystemClock()
    service = LifecycleService(EventStore(sessions, clock), findings, intake, directory=directory, clock=clock,
                               index=index, timezone=settings.timezone)
    intake.submitted_hooks.append(service.on_case_submitted)
    findings.lifecycle = LifecycleAnswers(service)
    load_seed(service.events, settings.knowledge_dir / "lifecycle", {x.id for x in findings.store.load()})
    return service
