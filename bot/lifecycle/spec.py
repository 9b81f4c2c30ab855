"""A new tilsyn as an officer describes it (YAML for the CLI, or the Slack modal), and its checks.

Why separate from the registry's `Tilsyn`: the officer gives less (theme, legal basis, bydeler,
template, deadline) and it must be checked harder: every legal basis must name a law and a §
that the knowledge index holds, parsed by the one § parser (`bot.retrieval.references`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ValidationFailedError
from bot.findings.models import Tilsyn, normalise_bydel
from bot.privacy import redact
from bot.retrieval.references import ReferenceParser
from bot.texts import lifecycle as t

DEFAULT_AUTHORITY = "Statsforvalteren i Oslo og Viken"
DEFAULT_KOMMUNE = "Oslo kommune"


class SectionIndex(Protocol):
    """What the knowledge index holds: (doc_id, section key like "§4") pairs. None = not known."""

    def sections(self) -> set[tuple[str, str]] | None: ...


class TilsynSpec(BaseModel):
    """What an officer gives to create a tilsyn; `contacts` names a contact per bydel (Slack ids)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{2,79}$")
    title: str = Field(min_length=3, max_length=300)
    theme: str = Field(min_length=3)
    legal_basis: list[str] = Field(min_length=1)
    bydeler: list[str] = Field(min_length=1)
    intake_template: str = Field(min_length=1)
    deadline: date
    authority: str = DEFAULT_AUTHORITY
    kommune: str = DEFAULT_KOMMUNE
    contacts: dict[str, str] = Field(default_factory=dict)

    @field_validator("title", "theme", mode="before")
    @classmethod
    def _mask(cls, value: object) -> object:
        return redact(value) if isinstance(value, str) else value

    @field_validator("bydeler", mode="before")
    @classmethod
    def _bydeler(cls, value: object) -> list[str]:
        names = value if isinstance(value, list | tuple) else []
        result = []
        for name in names:
            canonical = normalise_bydel(str(name))  # ValueError names the unknown bydel
            if canonical and canonical not in result:
                result.append(canonical)
        return result

    def as_record(self, year: int) -> Tilsyn:
        """The findings registry's tilsyn record for this spec (no outcomes yet)."""
        return Tilsyn(
            id=self.id, title=self.title, authority=self.authority, kommune=self.kommune, theme=self.theme,
            legal_basis=self.legal_basis, years=[year], bydeler_covered=self.bydeler, bydeler_count=len(self.bydeler),
            bydeler_named=True, published=False, intake_template=self.intake_template, deadline=self.deadline,
        )


def check_legal_basis(entries: Iterable[str], references: ReferenceParser, index: SectionIndex | None) -> list[str]:
    """The entries, stripped; raises with the first one that names no known law and § in the index."""
    known = index.sections() if index is not None else None
    result = []
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        refs = references.parse(entry)
        if not refs:
            raise ValidationFailedError(t.LEGAL_BASIS_UNREADABLE.format(text=entry), field="legal_basis")
        for ref in refs:
            if ref.doc_id is None:
                raise ValidationFailedError(t.LEGAL_BASIS_UNKNOWN_LAW.format(text=entry), field="legal_basis")
            if known is not None and (ref.doc_id, ref.section_key) not in known:
                raise ValidationFailedError(
                    t.LEGAL_BASIS_NOT_IN_INDEX.format(law=references.name_of(ref), section=ref.display), field="legal_basis"
                )
        result.append(entry)
    if not result:
        raise ValidationFailedError(t.NO_LEGAL_BASIS, field="legal_basis")
    return result


def parse_spec(data: object, *, name: str = "skjemaet") -> TilsynSpec:
    try:
        return TilsynSpec.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(hele filen)"
        reason = str(first.get("ctx", {}).get("error") or first["msg"]).removeprefix("Value error, ")
        raise ValidationFailedError(t.SPEC_INVALID.format(name=name, reason=f"{where}: {reason}"),
                                    detail=str(error), field=str(first["loc"][0]) if first["loc"] else "") from error


def load_spec(path: Path) -> TilsynSpec:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValidationFailedError(t.SPEC_INVALID.format(name=path.name, reason=str(error)), detail=str(error)) from error
    return parse_spec(raw, name=path.name)
