"""Read-only snapshots of a case, detached from the database session.

Why: Slack blocks, receipts, exports and the scheduler all need "the case as it is now" with its
template; building one immutable view per operation keeps rendering pure (no lazy loading from a
closed session) and puts the rules of completeness in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.intake.templates import IntakeTemplate, TemplateItem, TemplateQuestion
from bot.intake.validation import FileNote
from bot.texts import intake as texts


@dataclass(frozen=True)
class FileView:
    id: int
    item_id: str
    name: str
    sha256: str
    size: int
    file_type: str
    uploaded_by: str
    uploaded_at: datetime
    note: FileNote | None = None


@dataclass(frozen=True)
class ItemView:
    item: TemplateItem
    status: str  # pending | files | not_exists | later
    explanation: str
    version: int
    files: list[FileView]
    updated_by: str | None
    updated_at: datetime | None

    @property
    def complete(self) -> bool:
        """Files within the template's bounds, or an explained "finnes ikke"."""
        if self.status == "files":
            return self.item.min_files <= len(self.files) <= self.item.max_files
        return self.status == "not_exists" and bool(self.explanation.strip())


@dataclass(frozen=True)
class AnswerView:
    question: TemplateQuestion
    text: str
    version: int  # 0 = never answered
    updated_by: str | None
    updated_at: datetime | None

    @property
    def complete(self) -> bool:
        return bool(self.text.strip())


@dataclass(frozen=True)
class Progress:
    docs_done: int
    docs_total: int
    questions_done: int
    questions_total: int


@dataclass(frozen=True)
class CaseView:
    id: str
    tilsyn: str
    template: IntakeTemplate
    bydel: str
    deadline: date
    status: str  # open | submitted
    current_step: str | None
    dialog_active: bool
    contacts: list[str]
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None
    items: list[ItemView] = field(default_factory=list)
    answers: list[AnswerView] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    def item(self, item_id: str) -> ItemView:
        for view in self.items:
            if view.item.id == item_id:
                return view
        raise KeyError(item_id)

    def answer(self, question_id: str) -> AnswerView:
        for view in self.answers:
            if view.question.id == question_id:
                return view
        raise KeyError(question_id)

    @property
    def progress(self) -> Progress:
        return Progress(
            docs_done=sum(1 for i in self.items if i.complete),
            docs_total=len(self.items),
            questions_done=sum(1 for a in self.answers if a.complete),
            questions_total=len(self.answers),
        )

    def missing(self) -> list[str]:
        """What still blocks submission, as lines a user understands."""
        lines = [texts.MISSING_ITEM.format(title=i.item.title) for i in self.items if i.item.required and not i.complete]
        lines += [
            texts.MISSING_QUESTION.format(text=a.question.text)
            for a in self.answers
            if a.question.required and not a.complete
        ]
        return lines

    @property
    def can_submit(self) -> bool:
        return not self.submitted and not self.missing()

    def steps(self) -> list[str]:
        """The dialog's order: every item, every question, then the review."""
        return [f"item:{i.item.id}" for i in self.items] + [f"question:{a.question.id}" for a in self.answers] + ["review"]

    def step_open(self, step: str) -> bool:
        """A step still waiting for the contact (a "sender senere" item is not waiting now)."""
        kind, _, key = step.partition(":")
        if kind == "item":
            return self.item(key).status == "pending"
        if kind == "question":
            return not self.answer(key).complete
        return True

    def step_after(self, step: str | None) -> str:
        order = self.steps()
        start = order.index(step) + 1 if step in order else 0
        return next((s for s in order[start:] if self.step_open(s)), "review")
