"""Database helpers shared by the intake service, reminders and export: loading rows, snapshots, audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import TilsynsbotError
from bot.intake.models import IntakeAnswer, IntakeAudit, IntakeCase, IntakeContact, IntakeFile, IntakeItemState
from bot.intake.templates import IntakeTemplate
from bot.intake.validation import FileNote
from bot.intake.views import AnswerView, CaseView, FileView, ItemView
from bot.texts import intake as texts


class CaseNotFoundError(TilsynsbotError):
    """No case with that id."""


def get_case(session: Session, case_id: str, *, for_update: bool = False) -> IntakeCase:
    query = select(IntakeCase).where(IntakeCase.id == case_id.strip().upper())
    if for_update:
        query = query.with_for_update()
    case = session.scalars(query).first()
    if case is None:
        raise CaseNotFoundError(texts.CASE_NOT_FOUND.format(case_id=case_id), detail=f"case {case_id!r}")
    return case


def active_contacts(session: Session, case_id: str) -> list[str]:
    rows = session.scalars(
        select(IntakeContact.user_id)
        .where(IntakeContact.case_id == case_id, IntakeContact.active.is_(True))
        .order_by(IntakeContact.id)
    )
    return list(rows)


def active_files(session: Session, case_id: str, item_id: str | None = None) -> list[IntakeFile]:
    query = select(IntakeFile).where(IntakeFile.case_id == case_id, IntakeFile.removed_at.is_(None))
    if item_id is not None:
        query = query.where(IntakeFile.item_id == item_id)
    return list(session.scalars(query.order_by(IntakeFile.id)))


def item_state(session: Session, case_id: str, item_id: str) -> IntakeItemState:
    state = session.scalars(
        select(IntakeItemState).where(IntakeItemState.case_id == case_id, IntakeItemState.item_id == item_id)
    ).first()
    if state is None:  # a template gained an item after the case was opened
        state = IntakeItemState(case_id=case_id, item_id=item_id, status="pending")
        session.add(state)
        session.flush()
    return state


def audit(session: Session, case_id: str, actor: str, action: str, at: datetime, detail: str = "") -> None:
    """Record who did what when. Callers pass ids, names and hashes only, never free text."""
    session.add(IntakeAudit(case_id=case_id, actor=actor, action=action, at=at, detail=detail[:500]))


def file_view(row: IntakeFile) -> FileView:
    return FileView(
        id=row.id, item_id=row.item_id, name=row.name, sha256=row.sha256, size=row.size, file_type=row.file_type,
        uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at, note=FileNote(row.note) if row.note else None,
    )


def snapshot(session: Session, case: IntakeCase, template: IntakeTemplate) -> CaseView:
    states = {
        s.item_id: s for s in session.scalars(select(IntakeItemState).where(IntakeItemState.case_id == case.id))
    }
    answers = {a.question_id: a for a in session.scalars(select(IntakeAnswer).where(IntakeAnswer.case_id == case.id))}
    files: dict[str, list[FileView]] = {}
    for row in active_files(session, case.id):
        files.setdefault(row.item_id, []).append(file_view(row))
    items = []
    for item in template.items:
        state = states.get(item.id)
        items.append(
            ItemView(
                item=item,
                status=state.status if state else "pending",
                explanation=(state.explanation or "") if state else "",
                version=state.version if state else 0,
                files=files.get(item.id, []),
                updated_by=state.updated_by if state else None,
                updated_at=state.updated_at if state else None,
            )
        )
    answer_views = []
    for question in template.questions:
        answer = answers.get(question.id)
        answer_views.append(
            AnswerView(
                question=question,
                text=answer.text if answer else "",
                version=answer.version if answer else 0,
                updated_by=answer.updated_by if answer else None,
                updated_at=answer.updated_at if answer else None,
            )
        )
    return CaseView(
        id=case.id,
        tilsyn=case.tilsyn,
        template=template,
        bydel=case.bydel,
        deadline=case.deadline,
        status=case.status,
        current_step=case.current_step,
        dialog_active=case.dialog_active,
        contacts=active_contacts(session, case.id),
        created_by=case.created_by,
        created_at=case.created_at,
        submitted_at=case.submitted_at,
        submitted_by=case.submitted_by,
        items=items,
        answers=answer_views,
    )
