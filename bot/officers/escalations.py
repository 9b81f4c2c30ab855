"""Escalated questions and their reply path: stored first, then posted, answered, delivered.

Why every step is a row update: the officers' post, the officer's reply and the delivery to the
asker are three Slack calls that can each fail. Each step is stored before the call and marked
after it, so what failed is known and the scheduler finishes it (`unposted`, `due_deliveries`).
Two officers replying at once are decided by one conditional UPDATE (`reply`): one wins, the
other gets the winner back to be told. A delivery is claimed the same way, so the click's own
attempt and a scheduler run never deliver twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.db import rows_affected
from bot.db.models_core import AnswerRecord
from bot.errors import TilsynsbotError, ValidationFailedError
from bot.officers.standard import CitationIndex, resolve_citations
from bot.officers.tables import EscalationRow
from bot.privacy import contains_identity_number, redact
from bot.texts import officers as t

MAX_DELIVERY_ATTEMPTS = 10
SENDING_TIMEOUT = timedelta(minutes=5)  # a claim older than this was lost in a crash: take it over
# The click posts at once; the scheduler posts only what is older than this, so both never post one escalation.
POST_GRACE = timedelta(minutes=2)


class Trigger(StrEnum):
    ABSTAINED = "abstained"
    THUMBS_DOWN = "thumbs_down"


class Reply(StrEnum):
    ANSWERED = "answered"
    DECLINED = "declined"


@dataclass(frozen=True)
class Opened:
    escalation: EscalationRow | None  # None: the answer is unknown (purged, or a forged id)
    created: bool  # False: escalated before (a double click) — nothing new to post


@dataclass(frozen=True)
class ReplyResult:
    won: bool
    escalation: EscalationRow  # after the reply: the winner's reply when `won` is False


@dataclass(frozen=True)
class ReplyContent:
    """An officer's reply as it is stored: text, citations read from the index, an optional link."""

    text: str
    citations: list[dict[str, str]]
    link: str


def reply_content(kind: Reply, text: str, references: list[str], link: str,
                  index: CitationIndex | None) -> ReplyContent:
    """Check an officer's reply before it is stored. Raises ValidationFailedError naming the form field
    ("answer" or "reason", "citations", "link"): text required, no identity number, every cited
    provision found in the index, an https link."""
    field = "answer" if kind is Reply.ANSWERED else "reason"
    text = text.strip()
    if not text:
        raise ValidationFailedError(t.TEXT_REQUIRED, field=field)
    if contains_identity_number(text):
        raise ValidationFailedError(t.IDENTITY_NUMBER_IN_REPLY, field=field)
    if kind is not Reply.ANSWERED:
        return ReplyContent(text, [], "")
    citations: list[dict[str, str]] = []
    if references:
        if index is None:
            raise ValidationFailedError(t.CITATION_UNKNOWN.format(refs=", ".join(references)), field="citations")
        try:
            provisions = resolve_citations(references, index)
        except TilsynsbotError as error:
            raise ValidationFailedError(error.user_message, field="citations") from error
        citations = [{"ref": p.reference, "label": p.label, "url": p.url} for p in provisions]
    link = link.strip()
    if link and not link.startswith("https://"):
        raise ValidationFailedError(t.LINK_INVALID, field="link")
    return ReplyContent(text, citations, link)


class EscalationService:
    """Stores escalations and every step of their reply path."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def open(self, answer_id: str, *, trigger: Trigger, clicked_by: str, clicked_in: str, bydel: str,
             officers_channel: str) -> Opened:
        """Store an escalation of the answer `answer_id` (once per answer; a second click gets the first).

        The reply path is where the answer was shown (stored with it); for an answer stored before
        that was recorded, where the click came from.
        """
        with self.sessions() as session:
            record = session.get(AnswerRecord, answer_id)
            if record is None:
                return Opened(None, False)
            row = EscalationRow(
                id=uuid.uuid4().hex, created_at=self.clock.now(), answer_id=answer_id, trigger=trigger.value,
                asker=record.asker or clicked_by, origin_surface=record.surface,
                origin_channel=record.origin_channel or clicked_in, origin_thread_ts=record.origin_thread_ts,
                question=redact(record.question), bydel=bydel, bot_answer=redact(record.answer_text),
                bot_abstained=record.abstained, bot_sources=list(record.sources), officers_channel=officers_channel,
                officers_ts=None, status="open", answered_by=None, answered_by_name="", answered_at=None,
                reply_text="", citations=[], link="", delivery="none", delivery_attempts=0, delivery_error="",
                post_stale=False,
            )
            session.add(row)
            if record.escalated_at is None:
                record.escalated_at = self.clock.now()  # kept past the retention of unrated answers
            try:
                session.commit()
            except IntegrityError:  # escalated before: one escalation per answer
                session.rollback()
                existing = session.scalars(select(EscalationRow).where(EscalationRow.answer_id == answer_id)).one()
                return Opened(existing, False)
            return Opened(row, True)

    def asker_of(self, answer_id: str) -> str:
        """Who was shown the answer `answer_id` ("" when unknown or not recorded)."""
        with self.sessions() as session:
            record = session.get(AnswerRecord, answer_id)
            return record.asker if record is not None else ""

    def get(self, escalation_id: str) -> EscalationRow | None:
        with self.sessions() as session:
            row: EscalationRow | None = session.get(EscalationRow, escalation_id)
            return row

    def posted(self, escalation_id: str, ts: str) -> None:
        self._set(escalation_id, officers_ts=ts, post_stale=False)

    def post_redrawn(self, escalation_id: str) -> None:
        self._set(escalation_id, post_stale=False)

    def unposted(self) -> list[EscalationRow]:
        """Escalations whose officers' post failed (or was never made), oldest first; those younger than
        `POST_GRACE` are left to the click that is posting them."""
        cutoff = self.clock.now() - POST_GRACE
        with self.sessions() as session:
            return list(session.scalars(
                select(EscalationRow).where(EscalationRow.officers_ts.is_(None), EscalationRow.created_at < cutoff)
                .order_by(EscalationRow.created_at)
            ))

    def stale_posts(self) -> list[EscalationRow]:
        """Escalations whose officers' post no longer shows their state (a redraw failed)."""
        with self.sessions() as session:
            return list(session.scalars(
                select(EscalationRow).where(EscalationRow.post_stale.is_(True), EscalationRow.officers_ts.is_not(None))
            ))

    def reply(self, escalation_id: str, *, officer: str, officer_name: str, kind: Reply, text: str,
              citations: list[dict[str, str]] | None = None, link: str = "") -> ReplyResult:
        """Store an officer's answer (or "not our area" with a reason) — only if nobody replied first.

        One conditional UPDATE decides between officers replying at the same moment. The winner's
        reply is marked for delivery in the same statement, so it is stored before any Slack call.
        """
        now = self.clock.now()
        with self.sessions() as session:
            result = session.execute(
                update(EscalationRow)
                .where(EscalationRow.id == escalation_id, EscalationRow.status == "open")
                .values(status=kind.value, answered_by=officer, answered_by_name=officer_name, answered_at=now,
                        reply_text=redact(text), citations=list(citations or []), link=link, delivery="pending",
                        delivery_error="", post_stale=True)
            )
            session.commit()
            won = rows_affected(result) == 1
            row = session.get(EscalationRow, escalation_id, populate_existing=True)
            if row is None:
                raise KeyError(escalation_id)
            return ReplyResult(won, row)

    def claim_delivery(self, escalation_id: str) -> EscalationRow | None:
        """Take the delivery of a reply (pending, failed, or a claim lost in a crash); None if someone else has it."""
        now = self.clock.now()
        with self.sessions() as session:
            result = session.execute(
                update(EscalationRow)
                .where(
                    EscalationRow.id == escalation_id,
                    EscalationRow.delivery_attempts < MAX_DELIVERY_ATTEMPTS,
                    or_(EscalationRow.delivery.in_(("pending", "failed")),
                        (EscalationRow.delivery == "sending") & (EscalationRow.delivery_claimed_at < now - SENDING_TIMEOUT)),
                )
                .values(delivery="sending", delivery_claimed_at=now, delivery_attempts=EscalationRow.delivery_attempts + 1)
            )
            session.commit()
            if rows_affected(result) != 1:
                return None
            return session.get(EscalationRow, escalation_id, populate_existing=True)

    def delivered(self, escalation_id: str) -> None:
        self._set(escalation_id, delivery="delivered", delivered_at=self.clock.now(), delivery_error="", post_stale=True)

    def delivery_failed(self, escalation_id: str, error: str) -> None:
        self._set(escalation_id, delivery="failed", delivery_error=error[:120], post_stale=True)

    def due_deliveries(self) -> list[str]:
        """Ids of replies still to be delivered (a failed attempt is retried at the next run)."""
        cutoff = self.clock.now() - SENDING_TIMEOUT
        with self.sessions() as session:
            return list(session.scalars(
                select(EscalationRow.id).where(
                    EscalationRow.delivery_attempts < MAX_DELIVERY_ATTEMPTS,
                    or_(EscalationRow.delivery.in_(("pending", "failed")),
                        (EscalationRow.delivery == "sending") & (EscalationRow.delivery_claimed_at < cutoff)),
                ).order_by(EscalationRow.answered_at)
            ))

    def link_standard_answer(self, escalation_id: str, standard_answer_id: str) -> None:
        self._set(escalation_id, standard_answer_id=standard_answer_id, post_stale=True)

    def _set(self, escalation_id: str, **values: object) -> None:
        with self.sessions() as session:
            session.execute(update(EscalationRow).where(EscalationRow.id == escalation_id).values(**values))
            session.commit()
