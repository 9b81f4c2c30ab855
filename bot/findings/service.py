"""The findings registry as a service: routing, answers from records, officer updates, digest data.

Why a service that knows nothing about Slack: the same registry answers in Slack, the CLI and the
terminal chat (through `bot.assistant.Assistant`), and officer changes from a Slack modal or an
import go through the same validation and the same audit trail.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.assistant import Route
from bot.clock import Clock, SystemClock
from bot.domain import Answer, Audience, Citation
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.findings import query as q
from bot.findings.answers import RecordsComposer
from bot.findings.importer import import_file, parse_file
from bot.findings.models import FollowUp, ImportReport, Outcome, Status, Tilsyn, normalise_bydel
from bot.findings.store import AuditEntry, FindingsStore
from bot.findings.views import FindingView, flatten, matches, open_deadlines, visible
from bot.privacy import redact
from bot.retrieval.references import ReferenceParser
from bot.settings import Settings
from bot.texts import findings as texts

log = logging.getLogger(__name__)
STATUS_FIELDS = frozenset({"status", "closed_date", "plan_deadline", "extended_deadline"})  # of a follow-up
SEED_ACTOR = "seed:"  # the audit actor of records loaded from knowledge/findings at start (prefix of the file name)


class LifecyclePort(Protocol):
    """Answers officers' questions about stages from the lifecycle events (`bot.lifecycle.answers`)."""

    def answer(self, kind: str, today: date) -> tuple[str, list[Citation]] | None: ...


class FindingsService:
    """Reads and updates the registry; every read is filtered by audience, every write audited."""

    def __init__(self, store: FindingsStore, *, clock: Clock, seed_dir: Path | None = None, timezone: str = "Europe/Oslo",
                 references: ReferenceParser | None = None) -> None:  # fmt: skip
        self.store = store
        self.clock = clock
        self.seed_dir = seed_dir
        self.tz = ZoneInfo(timezone)
        self.references = references or ReferenceParser({})  # law names for "§ 25-1" filters (the manifest's)
        self.lifecycle: LifecyclePort | None = None  # set by `bot.lifecycle.service.build_lifecycle_service`

    # --- seed ----------------------------------------------------------------------------
    def ensure_seeded(self) -> list[ImportReport]:
        """Load each knowledge/findings/*.yaml whose tilsyn are not in the registry yet.

        Why per file and never over existing records: officers change statuses after the seed;
        a restart must not put the letter's 2024 status back, but a new seed file should load.
        """
        if self.seed_dir is None:
            return []
        known = {t.id for t in self.store.load()}
        reports = []
        for path in sorted(self.seed_dir.glob("*.yaml")):
            try:
                ids = {str(header.get("id", "")) for _, header in parse_file(path).tilsyn}
            except ValidationFailedError as error:  # a broken seed file must not stop the bot
                log.error("findings seed %s unreadable: %s", path.name, error.detail or error.user_message)
                continue
            if ids & known:
                continue
            try:
                report = import_file(self.store, path, actor=f"{SEED_ACTOR}{path.name}")
            except IntegrityError:
                log.info("findings seed: another process seeded first (%s)", path.name)
                continue
            if report.rejected:
                log.error("findings seed %s: %d rows rejected: %s", path.name, len(report.rejected), report.rejected)
            reports.append(report)
        return reports

    # --- questions -----------------------------------------------------------------------
    def route(self, question: str) -> Route:
        return q.route(question)

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def answer_question(self, question: str, *, audience: Audience = Audience.PUBLIC) -> Answer:
        question = redact(question)
        officer = audience is Audience.OFFICERS
        registry = visible(self.store.load(), officer=officer)
        query = q.parse(question, self.references)
        if query.lifecycle and officer and self.lifecycle is not None:
            found = self.lifecycle.answer(query.lifecycle, self.today())
            if found is not None:
                return Answer(question=question, text=found[0], abstained=False, citations=found[1])
        composer = RecordsComposer(registry, officer=officer, today=self.today(),
                                   status_updated=self.status_updated(registry))
        text = composer.compose(query)
        if text is None:
            inventory = "; ".join(f"{x.title} ({', '.join(map(str, x.years))})" for x in registry) or "ingen tilsyn"
            return Answer(question=question, text=texts.NO_RECORDS.format(filters=query.describe(), inventory=inventory), abstained=True)
        return Answer(question=question, text=text, abstained=False, citations=composer.citations)

    def status_updated(self, registry: list[Tilsyn]) -> dict[str, date]:
        """Per tilsyn, the day its status or deadlines were last changed by someone other than the seed:
        the status an answer gives is then that officer's, not the report's (an internal note alone does
        not count, and is not hinted at)."""
        tilsyn_of = {r.lovbrudd_id: r.tilsyn_id for r in flatten(registry) if r.lovbrudd_id}
        updated: dict[str, date] = {}
        for entry in self.store.audit(entity="followup"):
            tilsyn_id = tilsyn_of.get(entry.record_id)
            if tilsyn_id is None or entry.actor.startswith(SEED_ACTOR) or entry.field not in STATUS_FIELDS:
                continue
            day = entry.at.astimezone(self.tz).date() if entry.at.tzinfo else entry.at.date()
            updated[tilsyn_id] = max(day, updated.get(tilsyn_id, day))
        return updated

    # --- lists ---------------------------------------------------------------------------
    def list_findings(self, filters: str = "", *, audience: Audience = Audience.PUBLIC, only_open: bool = False,
                      bydel: str | None = None, year: int | None = None) -> list[FindingView]:  # fmt: skip
        """Flat rows matching free-text filters (`/tilsyn funn åpne 2023`) and/or explicit ones."""
        query = q.parse_filters(filters, self.references)
        if only_open:
            query.status = Status.OPEN
        if bydel:
            try:
                query.bydel = normalise_bydel(bydel)
            except ValueError as error:
                reason = str(error).removeprefix("bydel: ")
                raise ValidationFailedError(f"{reason[:1].upper()}{reason[1:]}.") from error
        if year:
            query.year = year
        rows = flatten(visible(self.store.load(), officer=audience is Audience.OFFICERS))
        return [r for r in rows if matches(r, query)]

    def registry(self, *, audience: Audience) -> list[Tilsyn]:
        return visible(self.store.load(), officer=audience is Audience.OFFICERS)

    def lovbrudd_choices(self) -> list[FindingView]:
        """Every lovbrudd, for the officers' status modal."""
        return [r for r in flatten(self.store.load()) if r.lovbrudd_id]

    # --- officer changes -----------------------------------------------------------------
    @staticmethod
    def _require_officer(audience: Audience) -> None:
        if audience is not Audience.OFFICERS:
            raise AccessDeniedError(texts.NOT_OFFICER_SLACK)

    def change_status(
        self, lovbrudd_id: str, *, actor: str, audience: Audience, status: Status | str | None = None,
        closed_date: date | None = None, extended_deadline: date | None = None, plan_deadline: date | None = None,
        notes: str | None = None,
    ) -> FollowUp:  # fmt: skip
        """Change the follow-up of one lovbrudd (status, dates, internal note), audited field by field."""
        self._require_officer(audience)
        current = next((r for r in self.lovbrudd_choices() if r.lovbrudd_id == lovbrudd_id), None)
        if current is None:
            raise ValidationFailedError(texts.UNKNOWN_LOVBRUDD.format(id=lovbrudd_id))
        new_status = Status.parse(status) if isinstance(status, str) else (status or Status(current.status))
        if new_status is Status.CLOSED and closed_date and closed_date > self.today():
            raise ValidationFailedError(texts.CLOSED_DATE_FUTURE)
        if new_status is Status.CLOSED and current.status == Status.OPEN.value and closed_date is None:
            raise ValidationFailedError(texts.CLOSED_DATE_REQUIRED)  # closing is recorded with its date
        values: dict[str, Any] = {
            "plan_deadline": plan_deadline or current.plan_deadline,
            "extended_deadline": extended_deadline or current.extended_deadline,
            "status": new_status,
            "closed_date": (closed_date or current.closed_date) if new_status is Status.CLOSED else None,
            "notes": redact(notes) if notes is not None else current.notes,
        }
        try:
            follow_up = FollowUp.model_validate(values)
        except ValidationError as error:
            fields = [texts.field_of(e) for e in error.errors()]
            raise ValidationFailedError(
                "; ".join(f"{f}: {texts.reason_of(e)}" for f, e in zip(fields, error.errors(), strict=True)),
                detail=str(error), field="extended_deadline" if "extended_deadline" in fields else fields[0],
            ) from error
        self.store.update_follow_up(lovbrudd_id, follow_up, actor=actor)
        return follow_up

    def record_finding(self, tilsyn_id: str, outcome: Outcome, *, actor: str, audience: Audience) -> str:
        """Add or update one outcome (with its lovbrudd) on an existing tilsyn."""
        self._require_officer(audience)
        try:
            self.store.save_outcome(tilsyn_id, outcome, actor=actor)
        except KeyError as error:
            raise ValidationFailedError(texts.IMPORT_UNKNOWN_TILSYN.format(id=tilsyn_id), detail=str(error)) from error
        return outcome.id

    def import_file(self, path: Path, *, actor: str, audience: Audience) -> ImportReport:
        self._require_officer(audience)
        return import_file(self.store, path, actor=actor)

    def audit(self, record_id: str | None = None, *, audience: Audience) -> list[AuditEntry]:
        self._require_officer(audience)
        return self.store.audit(record_id)

    # --- digest --------------------------------------------------------------------------
    def digest_rows(self, *, days: int = 14, today: date | None = None) -> tuple[list[FindingView], list[FindingView], list[FindingView]]:
        """(open lovbrudd, deadlines within `days`, passed deadlines still open) for the officers."""
        today = today or self.today()
        open_rows = open_deadlines(flatten(self.store.load()))
        coming = [r for r in open_rows if r.deadline and today <= r.deadline <= today + timedelta(days=days)]
        overdue = [r for r in open_rows if r.deadline and r.deadline < today]
        return open_rows, coming, overdue


def build_findings_service(
    settings: Settings, sessions: sessionmaker[Session], *, clock: Clock | None = None
) -> FindingsService:
    """Wire the registry on the shared database and seed it from knowledge/findings when empty.

    The records answer on their own; `bot.assistant.Assistant` combines them with the knowledge base.
    """
    from ingest.manifest import MANIFEST_FILE, load_manifest

    clock = clock or SystemClock()
    has_manifest = (settings.knowledge_dir / MANIFEST_FILE).exists()
    manifest = load_manifest(settings.knowledge_dir) if has_manifest else None
    references = (ReferenceParser.from_names(manifest.law_names(), manifest.shared_law_names(), manifest.other_law_names()) if manifest
                  else ReferenceParser({}))
    service = FindingsService(
        FindingsStore(sessions, clock), clock=clock, seed_dir=settings.knowledge_dir / "findings", timezone=settings.timezone,
        references=references,
    )
    service.ensure_seeded()
    return service
