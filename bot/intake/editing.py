"""The contact's side of the dialog: moving between steps, files, "finnes ikke", answers, submission.

Why a mixin in its own module: it is the half of `IntakeService` that changes a case's content,
with the rules for double clicks (every step-changing call names the step it was made from, and a
call from a step the case has already left changes nothing) and for concurrent edits (item states
and answers carry a version; a stale version raises `ConflictError` with what is stored now).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.display import display_name
from bot.errors import ValidationFailedError
from bot.intake.models import IntakeAnswer, IntakeCase, IntakeContact, IntakeFile
from bot.intake.store import active_contacts, active_files, audit, file_view, item_state
from bot.intake.templates import TemplateItem
from bot.intake.validation import check_upload
from bot.intake.views import CaseView, FileView
from bot.privacy import contains_identity_number
from bot.texts import intake as texts

if TYPE_CHECKING:
    from bot.access import Directory
    from bot.intake.filestore import FileStore
    from bot.intake.service import Actor
    from bot.intake.templates import IntakeTemplate
    from bot.settings import Settings


class ConflictError(ValidationFailedError):
    """Someone else changed the item or answer since the user opened it."""

    def __init__(self, user_message: str, *, current_text: str, version: int, detail: str = "") -> None:
        super().__init__(user_message, detail=detail)
        self.current_text = current_text
        self.version = version


class EditingMixin:
    """Mixed into `IntakeService` only; what it uses from there is declared here for the type checker."""

    if TYPE_CHECKING:
        settings: Settings
        directory: Directory
        files: FileStore

        def now(self) -> datetime: ...
        def is_officer(self, actor: Actor) -> bool: ...
        def template_for(self, case: IntakeCase) -> IntakeTemplate: ...
        def _require_access(self, session: Session, case: IntakeCase, actor: Actor) -> None: ...
        def _require_writable(self, case: IntakeCase) -> None: ...
        def _write(self, case_id: str) -> AbstractContextManager[tuple[Session, IntakeCase]]: ...
        def _view(self, session: Session, case: IntakeCase) -> CaseView: ...
        def _touch(self, case: IntakeCase) -> None: ...
        def _after_submit(self, view: CaseView) -> None: ...

    # --- navigation ----------------------------------------------------------------------------
    def start(self, case_id: str, actor: Actor) -> CaseView:
        """Start or resume: the dialog becomes active at the stored step (or the first open one)."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            if case.current_step is None:
                case.current_step = self._view(session, case).step_after(None)
            if not case.dialog_active:
                case.dialog_active = True
                self._touch(case)
                audit(session, case.id, actor.user_id, "dialog_started", self.now(), f"step={case.current_step}")
            return self._view(session, case)

    def goto(self, case_id: str, actor: Actor, step: str) -> CaseView:
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            if step not in self._view(session, case).steps():
                raise ValidationFailedError(texts.UNKNOWN_ITEM.format(item=step), detail=f"step {step}")
            case.current_step, case.dialog_active = step, True
            self._touch(case)
            return self._view(session, case)

    def advance(self, case_id: str, actor: Actor, from_step: str) -> tuple[CaseView, bool]:
        """Go on from `from_step`. Returns (view, moved); a repeated click from a left step moves nothing."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            if case.current_step != from_step:
                return self._view(session, case), False
            case.current_step = self._view(session, case).step_after(from_step)
            case.dialog_active = True
            self._touch(case)
            return self._view(session, case), True

    def pause(self, case_id: str, actor: Actor) -> CaseView:
        """Stop for now; everything is stored and `start` resumes at the same step."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            if case.dialog_active:
                case.dialog_active = False
                self._touch(case)
                audit(session, case.id, actor.user_id, "dialog_paused", self.now(), f"step={case.current_step}")
            return self._view(session, case)

    # --- items ---------------------------------------------------------------------------------
    def add_file(
        self, case_id: str, item_id: str, actor: Actor, *, name: str, data: bytes, source_ref: str | None = None
    ) -> tuple[FileView, CaseView, bool]:
        """Validate, store and record one file. Returns (file, case, duplicate); a re-delivered file is recorded once."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            item = self._template_item(case, item_id)
            current = active_files(session, case.id, item_id)
            if source_ref and any(f.source_ref == source_ref for f in current):
                row = next(f for f in current if f.source_ref == source_ref)
                return file_view(row), self._view(session, case), True
            if len(current) >= item.max_files:
                raise ValidationFailedError(texts.TOO_MANY_FILES.format(title=item.title, max=item.max_files))
            checked = check_upload(name, data, accepted=item.file_types, max_bytes=self.settings.max_upload_mb * 1_048_576)
            digest = self.files.put(data)  # bytes on disk before the row that points at them
            now = self.now()
            row = IntakeFile(
                case_id=case.id, item_id=item_id, name=display_name(name, 255), sha256=digest, size=checked.size,
                file_type=checked.file_type, source_ref=source_ref, note=checked.note,
                uploaded_by=actor.user_id, uploaded_at=now,
            )
            session.add(row)
            state = item_state(session, case.id, item_id)
            state.status, state.explanation, state.updated_by, state.updated_at = "files", None, actor.user_id, now
            self._touch(case)
            audit(session, case.id, actor.user_id, "file_added", now, f"item={item_id} sha256={digest} size={checked.size} name={name[:120]}")
            session.flush()
            return file_view(row), self._view(session, case), False

    def remove_file(self, case_id: str, file_id: int, actor: Actor) -> CaseView:
        """Take a file off its item (the bytes stay in the content-addressed store for the audit trail)."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            row = session.get(IntakeFile, file_id)
            if row is None or row.case_id != case.id or row.removed_at is not None:
                raise ValidationFailedError(texts.FILE_NOT_FOUND, detail=f"file {file_id}")
            now = self.now()
            row.removed_at, row.removed_by = now, actor.user_id
            session.flush()
            if not active_files(session, case.id, row.item_id):
                state = item_state(session, case.id, row.item_id)
                state.status, state.updated_by, state.updated_at = "pending", actor.user_id, now
            self._touch(case)
            audit(session, case.id, actor.user_id, "file_removed", now, f"item={row.item_id} sha256={row.sha256}")
            return self._view(session, case)

    def mark_not_exists(
        self, case_id: str, item_id: str, actor: Actor, explanation: str, expected_version: int
    ) -> CaseView:
        explanation = explanation.strip()
        if not explanation:
            raise ValidationFailedError(texts.EXPLANATION_REQUIRED)
        if contains_identity_number(explanation):
            raise ValidationFailedError(texts.TEXT_HAS_ID_NUMBER, detail="identity number in explanation")
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            item = self._template_item(case, item_id)
            if not item.allow_not_exists:
                raise ValidationFailedError(texts.NOT_EXISTS_NOT_ALLOWED.format(title=item.title))
            state = item_state(session, case.id, item_id)
            if state.version != expected_version:
                raise ConflictError(
                    texts.CONFLICT.format(who=f"<@{state.updated_by}>" if state.updated_by else "Noen"),
                    current_text=state.explanation or "", version=state.version, detail=f"item {item_id}",
                )
            for row in active_files(session, case.id, item_id):  # "finnes ikke" replaces earlier files
                row.removed_at, row.removed_by = self.now(), actor.user_id
            state.status, state.explanation = "not_exists", explanation
            state.updated_by, state.updated_at = actor.user_id, self.now()
            self._touch(case)
            audit(session, case.id, actor.user_id, "item_not_exists", self.now(), f"item={item_id} chars={len(explanation)}")
            try:
                session.flush()
            except StaleDataError as error:
                raise ConflictError(texts.CONFLICT.format(who="Noen"), current_text="", version=-1, detail=str(error)) from error
            return self._view(session, case)

    def mark_later(self, case_id: str, item_id: str, actor: Actor) -> CaseView:
        """"Sender senere": the item stays open and counts as missing, the dialog moves on."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            self._template_item(case, item_id)
            state = item_state(session, case.id, item_id)
            if state.status == "pending":
                state.status, state.updated_by, state.updated_at = "later", actor.user_id, self.now()
                audit(session, case.id, actor.user_id, "item_later", self.now(), f"item={item_id}")
            if case.current_step == f"item:{item_id}":
                session.flush()
                case.current_step = self._view(session, case).step_after(case.current_step)
            self._touch(case)
            return self._view(session, case)

    # --- questions -----------------------------------------------------------------------------
    def answer(
        self, case_id: str, question_id: str, actor: Actor, text: str, expected_version: int
    ) -> CaseView:
        """Store or change an answer; `expected_version` is the version the user saw (0 = none yet)."""
        text = text.strip()
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            try:
                question = self.template_for(case).question(question_id)
            except KeyError:
                raise ValidationFailedError(texts.UNKNOWN_QUESTION.format(question=question_id)) from None
            if not text:
                raise ValidationFailedError(texts.ANSWER_EMPTY)
            if len(text) > question.max_length:
                raise ValidationFailedError(texts.ANSWER_TOO_LONG.format(length=len(text), max=question.max_length))
            if contains_identity_number(text):
                raise ValidationFailedError(texts.TEXT_HAS_ID_NUMBER, detail="identity number in answer")
            row = session.scalars(
                select(IntakeAnswer).where(IntakeAnswer.case_id == case.id, IntakeAnswer.question_id == question_id)
            ).first()
            stored_version = row.version if row else 0
            if stored_version != expected_version:
                raise ConflictError(
                    texts.CONFLICT.format(who=f"<@{row.updated_by}>" if row and row.updated_by else "Noen"),
                    current_text=row.text if row else "", version=stored_version, detail=f"question {question_id}",
                )
            if row is None:
                row = IntakeAnswer(case_id=case.id, question_id=question_id)
                session.add(row)
            row.text, row.updated_by, row.updated_at = text, actor.user_id, self.now()
            self._touch(case)
            audit(session, case.id, actor.user_id, "answered", self.now(), f"question={question_id} chars={len(text)}")
            try:
                session.flush()
            except StaleDataError as error:
                raise ConflictError(texts.CONFLICT.format(who="Noen"), current_text="", version=-1, detail=str(error)) from error
            return self._view(session, case)

    # --- submission and hand-over --------------------------------------------------------------
    def submit(self, case_id: str, actor: Actor) -> tuple[CaseView, bool]:
        """Submit when complete. Returns (view, newly_submitted); a second click changes nothing.

        After a new submission is committed, the service's `submitted_hooks` hear of it (the tilsyn
        lifecycle records «dokumenter mottatt» / «plan mottatt» there)."""
        view, new = self._submit(case_id, actor)
        if new:
            self._after_submit(view)
        return view, new

    def _submit(self, case_id: str, actor: Actor) -> tuple[CaseView, bool]:
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            if case.status == "submitted":
                return self._view(session, case), False
            view = self._view(session, case)
            if view.missing():
                raise ValidationFailedError(texts.NOT_COMPLETE.format(missing="\n".join(view.missing())))
            now = self.now()
            case.status, case.submitted_at, case.submitted_by = "submitted", now, actor.user_id
            case.current_step, case.dialog_active = "submitted", False
            self._touch(case)
            hashes = ",".join(f.sha256[:12] for i in view.items for f in i.files)
            audit(session, case.id, actor.user_id, "submitted", now, f"files={hashes}")
            return self._view(session, case), True

    def hand_over(
        self, case_id: str, actor: Actor, to_user: str, to_usergroups: frozenset[str] = frozenset()
    ) -> CaseView:
        """Make a colleague the contact; the one handing over loses access (officers keep theirs).

        When the bydel's members are configured, the colleague must be one of them (as a user or
        through one of the bydel's user groups, given in `to_usergroups`)."""
        with self._write(case_id) as (session, case):
            self._require_access(session, case, actor)
            self._require_writable(case)
            contacts = active_contacts(session, case.id)
            if to_user in contacts:
                raise ValidationFailedError(texts.HANDOVER_SAME.format(user=to_user))
            members = self.directory.bydeler.get(case.bydel)
            in_bydel = members is None or to_user in members.users or bool(set(members.usergroups) & to_usergroups)
            if not in_bydel:
                raise ValidationFailedError(texts.HANDOVER_NOT_IN_BYDEL.format(user=to_user, bydel=case.bydel))
            now = self.now()
            for row in session.scalars(select(IntakeContact).where(IntakeContact.case_id == case.id, IntakeContact.active.is_(True))):
                if row.user_id == actor.user_id or self.is_officer(actor):
                    row.active = False
            session.add(IntakeContact(case_id=case.id, user_id=to_user, active=True, added_by=actor.user_id, added_at=now))
            case.dialog_active = False  # the new contact starts from the stored step with their own button
            self._touch(case)
            audit(session, case.id, actor.user_id, "handed_over", now, f"to={to_user}")
            session.flush()
            return self._view(session, case)

    def _template_item(self, case: IntakeCase, item_id: str) -> TemplateItem:
        try:
            return self.template_for(case).item(item_id)
        except KeyError:
            raise ValidationFailedError(texts.UNKNOWN_ITEM.format(item=item_id)) from None
