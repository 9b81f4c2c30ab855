"""Pydantic models of the findings registry: tilsyn -> per-bydel outcome -> lovbrudd -> follow-up.

Why pydantic here and SQLAlchemy in `tables.py`: the same validated shapes are used for the
seed YAML, CSV/YAML import, the Slack modal and answers, independent of how they are stored.
Fields marked INTERNAL (notes, draft conclusions, unpublished records) reach officers only.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from bot.domain import OSLO_BYDELER
from bot.privacy import redact

UNNAMED_BYDEL = "ikke navngitt i rapporten"


def bydel_slug(name: str) -> str:
    """A bydel's (or other subject's) name as a piece of a record id: "St. Hanshaugen" → "st-hanshaugen"."""
    return re.sub(r"[^a-z0-9æøå]+", "-", name.lower()).strip("-")


def normalise_bydel(value: str | None) -> str | None:
    """Canonical bydel name, None for "not named". Raises ValueError for an unknown name.

    Why strict: a typo ("Frogne") would otherwise create a bydel that questions never find.
    """
    if value is None:
        return None
    text = " ".join(str(value).split()).strip()
    lowered = text.lower().removeprefix("bydel ").strip()
    if lowered in ("", "-", UNNAMED_BYDEL, "ikke navngitt", "ukjent", "unnamed"):
        return None
    for name in OSLO_BYDELER:
        if lowered in (name.lower(), name.lower().replace(".", ""), name.lower().replace("ü", "u")):
            return name
    raise ValueError(f"bydel: ukjent bydel «{text}» (gyldige: {', '.join(OSLO_BYDELER)})")


class _Record(BaseModel):
    """Base of every stored record: identity numbers are masked in every text before storage.

    Why here: records arrive from imports, Slack modals and the CLI; masking at validation
    means no path can store, audit or show a fødselsnummer.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _mask_identity_numbers(cls, value: object) -> object:
        if isinstance(value, str):
            return redact(value)
        if isinstance(value, list):
            return [redact(v) if isinstance(v, str) else v for v in value]
        return value


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def parse(cls, value: object) -> Status:
        text = str(value).strip().lower()
        if text in ("open", "åpen", "åpent", "apen", "ikke lukket"):
            return cls.OPEN
        if text in ("closed", "lukket", "lukka", "lukket/closed"):
            return cls.CLOSED
        raise ValueError(f"ukjent status «{value}» (bruk «åpen» eller «lukket»)")

    @property
    def label(self) -> str:
        return "åpen" if self is Status.OPEN else "lukket"


class FollowUp(_Record):
    """What happens after a lovbrudd: the plan, its deadline(s) and whether it is closed."""

    plan_deadline: date | None = None
    extended_deadline: date | None = None
    status: Status = Status.OPEN
    closed_date: date | None = None
    notes: str = ""  # INTERNAL: officers only

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> Status:
        return value if isinstance(value, Status) else Status.parse(value)

    @model_validator(mode="after")
    def _consistent(self) -> FollowUp:
        if self.closed_date is not None and self.status is not Status.CLOSED:
            raise ValueError("closed_date: lukkedato krever status «lukket»")
        if self.plan_deadline and self.extended_deadline and self.extended_deadline < self.plan_deadline:
            raise ValueError("extended_deadline: utsatt frist kan ikke være før opprinnelig frist")
        return self

    @property
    def deadline(self) -> date | None:
        """The deadline that applies now: the extended one when it exists."""
        return self.extended_deadline or self.plan_deadline


class Lovbrudd(_Record):
    id: str
    wording: str = Field(min_length=3)
    legal_basis: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    date_concluded: date | None = None
    draft_conclusion: str = ""  # INTERNAL: officers only
    follow_up: FollowUp = Field(default_factory=FollowUp)


class Outcome(_Record):
    """One bydel's result, or a group of unnamed bydeler when the report gives only a count."""

    id: str
    bydel: str | None = None  # None: the report does not name the bydel
    year: int | None = Field(default=None, ge=1990, le=2100)
    season: str = ""  # "høsten" when the report says so
    breach: bool
    count: int = Field(default=1, ge=1)
    summary: str = ""
    remarks: str = ""  # public remarks, e.g. what the report does not say
    source_heading: str = ""  # heading in the report the record rests on
    source_quote: str = ""  # the report's own sentence
    published: bool = True
    lovbrudd: Lovbrudd | None = None

    @field_validator("bydel", mode="before")
    @classmethod
    def _bydel(cls, value: object) -> str | None:
        return normalise_bydel(value)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _consistent(self) -> Outcome:
        if self.breach and self.lovbrudd is None:
            raise ValueError("wording: et utfall med lovbrudd må ha lovbruddets ordlyd")
        if not self.breach and self.lovbrudd is not None:
            raise ValueError("breach: lovbrudd er oppgitt, men utfallet er «ingen lovbrudd»")
        if self.lovbrudd is not None and self.count != 1:
            raise ValueError("count: et lovbrudd gjelder én bydel (count må være 1)")
        return self

    @property
    def bydel_label(self) -> str:
        return f"Bydel {self.bydel}" if self.bydel else f"Bydel ({UNNAMED_BYDEL})"


class Round(BaseModel):
    """One year of a tilsyn that ran over several years (8 bydeler in 2022, 7 in autumn 2023)."""

    year: int
    bydeler_count: int = Field(ge=0)
    season: str = ""


class Tilsyn(_Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    title: str
    authority: str
    kommune: str = ""
    theme: str
    legal_basis: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    method: str = ""
    bydeler_covered: list[str] = Field(default_factory=list)  # names, when known
    bydeler_count: int = Field(default=0, ge=0)  # when the report gives only a count
    bydeler_named: bool = False  # does the report name the bydeler with outcomes?
    report_doc_ids: list[str] = Field(default_factory=list)
    report_label: str = ""  # "Informasjonsskriv 2/2024"
    report_links: list[str] = Field(default_factory=list)
    published: bool = True
    notes: str = ""  # INTERNAL: officers only
    source_quote: str = ""
    intake_template: str = ""  # the intake template of its cases (a tilsyn run in the bot, issue 11)
    deadline: date | None = None  # the bydeler's deadline for documents
    outcomes: list[Outcome] = Field(default_factory=list)

    @field_validator("bydeler_covered", mode="before")
    @classmethod
    def _covered(cls, value: object) -> list[str]:
        values = value if isinstance(value, list | tuple | set) else []
        return [n for n in (normalise_bydel(v) for v in values) if n]

    @property
    def total_bydeler(self) -> int:
        return self.bydeler_count or len(self.bydeler_covered)

    @property
    def covers_all_oslo(self) -> bool:
        return set(self.bydeler_covered) == set(OSLO_BYDELER)


class RowError(BaseModel):
    """One rejected import row: where, which field, and why (Norwegian)."""

    row: int
    field: str
    reason: str


class ImportReport(BaseModel):
    imported: list[str] = Field(default_factory=list)  # record ids created or updated
    unchanged: list[str] = Field(default_factory=list)
    rejected: list[RowError] = Field(default_factory=list)
