"""Standard answers (standardsvar): officers' curated answers, their audit trail and the citation check.

Why a citation snapshot: a standard answer is a legal judgement on the law as it read when it was
approved. Each citation is kept with the hash of the cited text and the § 's pending-change note as
they were then; `check` compares them with the index (at save, after each ingest) and a § that is
gone, reads differently or gets a pending change puts the answer to "må vurderes": it is no longer
served, and its owner is told (`to_notify`). Every change is audited field by field (who, when,
old → new), like the findings registry. Identity numbers are masked before anything is stored.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.answering.provisions import Provision
from bot.clock import Clock
from bot.db import rows_affected
from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.officers.tables import StandardAnswerAudit, StandardAnswerRow
from bot.privacy import contains_identity_number, redact
from bot.retrieval.references import repeals
from bot.texts import officers as t

STATUSES = ("utkast", "godkjent", "trukket", "maa_vurderes")
SERVED = "godkjent"
REVIEW = "maa_vurderes"
AUDITED = ("question", "alternatives", "answer_text", "citations", "status", "approved_on", "review_on", "owner")


@runtime_checkable
class CitationIndex(Protocol):
    """The index's reading of a typed citation (`AnsweringService.provision`)."""

    def provision(self, reference: str, *, audience: Audience = Audience.PUBLIC) -> Provision | None: ...

    def index_info(self) -> Mapping[str, object]: ...


class StandardInput(BaseModel):
    """A standard answer as an officer (modal) or a file (import) gives it; validated the same way."""

    question: str = Field(min_length=3, max_length=500)
    alternatives: list[str] = Field(default_factory=list)
    answer_text: str = Field(min_length=3, max_length=2900)
    citations: list[str] = Field(default_factory=list)
    status: str = "godkjent"
    review_on: date | None = None

    @field_validator("question", "answer_text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if contains_identity_number(value):
            raise ValueError(t.IDENTITY_NUMBER_IN_REPLY)
        return value

    @field_validator("alternatives", "citations")
    @classmethod
    def _lines(cls, values: list[str]) -> list[str]:
        lines = [" ".join(v.split()) for v in values if v and v.strip()]
        if any(contains_identity_number(v) for v in lines):
            raise ValueError(t.IDENTITY_NUMBER_IN_REPLY)
        return list(dict.fromkeys(lines))

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in ("utkast", "godkjent", "trukket"):
            raise ValueError(t.STATUS_UNKNOWN.format(value=value))
        return value


@dataclass(frozen=True)
class Finding:
    """Why one citation no longer holds (for the owner's DM and the digest)."""

    reference: str
    reason: str


def snapshot(provision: Provision) -> dict[str, str]:
    return {"ref": provision.reference, "label": provision.label, "url": provision.url,
            "hash": provision.text_hash, "pending": provision.pending_change}


def check_citations(citations: Sequence[dict[str, str]], index: CitationIndex) -> list[Finding]:
    """What changed in the index since the citations were saved: gone, different text, a repeal announced (saved with
    the note or not: a standard answer is served verbatim, and a repealed § in it would read as law), new pending change."""
    findings: list[Finding] = []
    for cited in citations:
        label = cited.get("label") or cited.get("ref", "")
        now = index.provision(cited.get("ref", ""))
        if now is None:
            findings.append(Finding(cited.get("ref", ""), t.REVIEW_MISSING.format(label=label)))
        elif now.text_hash != cited.get("hash"):
            findings.append(Finding(cited.get("ref", ""), t.REVIEW_CHANGED.format(label=label)))
        elif repeals(now.pending_change):  # repealed or to be: never served as law, whenever the note came
            findings.append(Finding(cited.get("ref", ""), t.REVIEW_REPEALED.format(label=label, note=now.pending_change)))
        elif now.pending_change and now.pending_change != cited.get("pending", ""):
            findings.append(Finding(cited.get("ref", ""), t.REVIEW_PENDING.format(label=label, note=now.pending_change)))
    return findings


def resolve_citations(references: Sequence[str], index: CitationIndex) -> list[Provision]:
    """Each typed citation read from the index; raises `ValidationFailedError` (field "citations") naming the unknown."""
    found = [(ref, index.provision(ref)) for ref in references]
    unknown = [ref for ref, provision in found if provision is None]
    if unknown:
        raise ValidationFailedError(t.CITATION_UNKNOWN.format(refs=", ".join(f"«{r}»" for r in unknown)),
                                    field="citations", detail=f"{len(unknown)} unknown citation(s)")
    return [p for _, p in found if p is not None]


class StandardAnswers:
    """Create, edit, withdraw, list and re-check standard answers; officers only (checked by the caller's role)."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, index: CitationIndex, *, timezone: str) -> None:
        self.sessions = sessions
        self.clock = clock
        self.index = index
        self.tz = ZoneInfo(timezone)

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    # --- writing ----------------------------------------------------------------------------
    def save(self, data: StandardInput, *, actor: str, audience: Audience, standard_answer_id: str = "",
             origin: str = "", owner: str = "", create_missing: bool = False) -> StandardAnswerRow:
        """Create (no id) or edit a standard answer. Citations must be in the index; approving dates it today.

        `owner` defaults to the creating officer; `create_missing` (imports) creates an unknown id
        instead of refusing it (an edit in Slack of a deleted id is refused)."""
        if audience is not Audience.OFFICERS:
            raise AccessDeniedError(t.NOT_OFFICER)
        provisions = resolve_citations(data.citations, self.index)
        values: dict[str, object] = {
            "question": redact(data.question), "alternatives": [redact(a) for a in data.alternatives],
            "answer_text": redact(data.answer_text), "citations": [snapshot(p) for p in provisions],
            "status": data.status, "review_on": data.review_on,
        }
        now = self.clock.now()
        with self.sessions() as session:
            row = session.get(StandardAnswerRow, standard_answer_id) if standard_answer_id else None
            if standard_answer_id and row is None and not create_missing:
                raise ValidationFailedError(t.STANDARD_UNKNOWN.format(id=standard_answer_id), field="question")
            if row is None:
                row = StandardAnswerRow(id=standard_answer_id[:32] or uuid.uuid4().hex[:8], owner=owner or actor,
                                        origin=origin, created_at=now,
                                        updated_at=now, review_reason="", approved_on=None, question="", answer_text="",
                                        alternatives=[], citations=[], status="utkast")
                session.add(row)
                session.flush()
                self._audit(session, row.id, actor, now, "created", "", origin or "")
            if data.status == SERVED and (row.status != SERVED or values["citations"] != row.citations
                                          or values["answer_text"] != row.answer_text):
                values["approved_on"] = self.today()
                row.review_reason = ""
                row.owner_notified_at = None
            if owner:
                values["owner"] = owner
            self._apply(session, row, values, actor, now)
            session.commit()
            return row

    def withdraw(self, standard_answer_id: str, *, actor: str, audience: Audience) -> StandardAnswerRow:
        if audience is not Audience.OFFICERS:
            raise AccessDeniedError(t.NOT_OFFICER)
        with self.sessions() as session:
            row = session.get(StandardAnswerRow, standard_answer_id)
            if row is None:
                raise ValidationFailedError(t.STANDARD_UNKNOWN.format(id=standard_answer_id))
            self._apply(session, row, {"status": "trukket"}, actor, self.clock.now())
            session.commit()
            return row

    def _apply(self, session: Session, row: StandardAnswerRow, values: dict[str, object], actor: str, now: datetime) -> None:
        for name, new in values.items():
            old = getattr(row, name)
            if old != new:
                if name in AUDITED:
                    self._audit(session, row.id, actor, now, name, _text(old), _text(new))
                setattr(row, name, new)
                row.updated_at = now

    @staticmethod
    def _audit(session: Session, sa_id: str, actor: str, at: datetime, name: str, old: str, new: str) -> None:
        session.add(StandardAnswerAudit(standard_answer_id=sa_id, actor=actor, at=at, field=name, old_value=old,
                                        new_value=new))

    # --- reading ----------------------------------------------------------------------------
    def get(self, standard_answer_id: str) -> StandardAnswerRow | None:
        with self.sessions() as session:
            row: StandardAnswerRow | None = session.get(StandardAnswerRow, standard_answer_id)
            return row

    def all(self) -> list[StandardAnswerRow]:
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerRow).order_by(StandardAnswerRow.created_at)))

    def approved(self) -> list[StandardAnswerRow]:
        """What may be served to anyone: approved answers only (never drafts, withdrawn or "må vurderes")."""
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerRow).where(StandardAnswerRow.status == SERVED)
                                        .order_by(StandardAnswerRow.created_at)))

    def audit(self, standard_answer_id: str) -> list[StandardAnswerAudit]:
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerAudit)
                                        .where(StandardAnswerAudit.standard_answer_id == standard_answer_id)
                                        .order_by(StandardAnswerAudit.id)))

    def needing_review(self) -> list[StandardAnswerRow]:
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerRow).where(StandardAnswerRow.status == REVIEW)
                                        .order_by(StandardAnswerRow.updated_at)))

    def review_due(self, today: date) -> list[StandardAnswerRow]:
        """Approved answers whose review date has come (still served: the date is the owner's reminder)."""
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerRow).where(
                StandardAnswerRow.status == SERVED, StandardAnswerRow.review_on.is_not(None),
                StandardAnswerRow.review_on <= today).order_by(StandardAnswerRow.review_on)))

    # --- keeping them correct ---------------------------------------------------------------
    def check(self) -> list[StandardAnswerRow]:
        """Compare every approved answer's citations with the index; mark those that changed "må vurderes".

        Returns the answers marked now. Idempotent: an answer already marked is not marked again.
        """
        marked: list[StandardAnswerRow] = []
        for row in self.approved():
            findings = check_citations(row.citations, self.index)
            if findings and self.mark_for_review(row.id, "; ".join(f.reason for f in findings)):
                marked.append(row)
        return marked

    def mark_for_review(self, standard_answer_id: str, reason: str) -> bool:
        """Approved → "må vurderes" with the reason (conditional: only one caller marks it)."""
        now = self.clock.now()
        with self.sessions() as session:
            result = session.execute(
                update(StandardAnswerRow)
                .where(StandardAnswerRow.id == standard_answer_id, StandardAnswerRow.status == SERVED)
                .values(status=REVIEW, review_reason=reason, owner_notified_at=None, updated_at=now)
            )
            if rows_affected(result) == 1:
                self._audit(session, standard_answer_id, "index-check", now, "status", SERVED, REVIEW)
            session.commit()
            return rows_affected(result) == 1

    def to_notify(self) -> list[StandardAnswerRow]:
        """Answers marked "må vurderes" whose owner has not been told yet."""
        with self.sessions() as session:
            return list(session.scalars(select(StandardAnswerRow).where(
                StandardAnswerRow.status == REVIEW, StandardAnswerRow.owner_notified_at.is_(None))))

    def notified(self, standard_answer_id: str) -> None:
        with self.sessions() as session:
            session.execute(update(StandardAnswerRow).where(StandardAnswerRow.id == standard_answer_id)
                            .values(owner_notified_at=self.clock.now()))
            session.commit()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
