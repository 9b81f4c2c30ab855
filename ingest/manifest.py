"""The sources manifest (`knowledge/sources.yaml`) as typed, validated objects.

Why a model: every later step (download, parsing, indexing, citing) trusts these fields, so a typo
in the YAML must stop the run with a message that names the file, the entry and the field instead
of surfacing later as a confusing parser error.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from bot.domain import SourceKind
from bot.errors import ValidationFailedError
from bot.texts import ingest_parsing as texts

MANIFEST_FILE = "sources.yaml"


class LovdataRef(BaseModel):
    """Where a Lovdata XML file comes from: a local file name or a member of a public-data tarball."""

    model_config = ConfigDict(extra="forbid")

    file: str
    dump: str = ""
    member: str = ""


class GuidancePage(BaseModel):
    """One web page of a guidance source: its official URL and the file name it is cached under.

    The file is looked up in GUIDANCE_DIR when that is set, else in DATA_DIR/guidance (fetched
    from `url` once when GUIDANCE_DOWNLOAD is on).
    """

    model_config = ConfigDict(extra="forbid")

    file: str = Field(min_length=1, pattern=r"^[\w.-]+\.html?$")
    url: str = Field(min_length=1)


class SourceSpec(BaseModel):
    """One manifest entry. Lovdata sources have `lovdata`; project documents have `path`;
    guidance published on the web (preparatory works, circulars) has `pages`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    doc_id: str = Field(min_length=1)
    kind: SourceKind
    title: str = Field(min_length=1)
    short_names: list[str] = Field(default_factory=list)
    # Names users also write for this law although another source lists them as its own ("kml" is
    # kommuneloven's; some write it for krisesenterlova): read as this law only for a § the other lacks.
    shared_names: list[str] = Field(default_factory=list)
    url: str = ""
    lovdata: LovdataRef | None = None
    path: str | None = None
    pages: list[GuidancePage] = Field(default_factory=list)
    explains: str = ""  # guidance: doc_id of the law it comments on
    publisher: str = ""
    amends: str = ""
    in_force: str = ""
    published: str = ""
    authority: str = ""
    language: str = ""

    @field_validator("in_force", "published", "amends", "url", "authority", "language", "explains", "publisher",
                     mode="before")
    @classmethod
    def _none_to_empty(cls, value: object) -> object:
        """YAML turns `in_force: 2026-01-01` into a date and empty values into None; keep strings."""
        if value is None:
            return ""
        return str(value)

    @model_validator(mode="after")
    def _has_location(self) -> SourceSpec:
        locations = sum((self.lovdata is not None, bool(self.path), bool(self.pages)))
        if locations == 0:
            raise ValueError("må ha enten `lovdata`, `path` eller `pages`")
        if locations > 1:
            raise ValueError("kan bare ha én av `lovdata`, `path` og `pages`")
        return self

    @property
    def short_title(self) -> str:
        """The name used in citations: the first short name, else the title."""
        return self.short_names[0] if self.short_names else self.title


class OtherLaw(BaseModel):
    """A law the index does not hold, with the abbreviations users write for it ("bvl", "hol").

    Why: "bvl § 13-4" named no law the parser knew, so the bare § was read as kommuneloven § 13-4 and
    quoted as "the provision you refer to". Listed, the abbreviation names a law we lack, and the answer
    says so. Reviewed data: only abbreviations that mean that law in this domain."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    short_names: list[str] = Field(min_length=1)


class Manifest(BaseModel):
    """All curated sources plus the NLOD attribution shown to users."""

    model_config = ConfigDict(extra="forbid")

    attribution: str = ""
    sources: list[SourceSpec] = Field(default_factory=list)
    other_laws: list[OtherLaw] = Field(default_factory=list)

    def law_names(self) -> list[tuple[str, list[str]]]:
        """(doc_id, names) of every law, regulation and amending act: its short names, then its title.

        The one source of law names for § references (`bot.retrieval.references.ReferenceParser`):
        answering, the findings registry and the citation check all recognise the same names.
        """
        kinds = (SourceKind.LAW, SourceKind.REGULATION, SourceKind.AMENDING_ACT)
        return [(s.doc_id, [*s.short_names, s.title]) for s in self.sources if s.kind in kinds]

    def other_law_names(self) -> list[tuple[str, list[str]]]:
        """(name, abbreviations) of the laws the index lacks (`OtherLaw`)."""
        return [(law.name, list(law.short_names)) for law in self.other_laws]

    def shared_law_names(self) -> list[tuple[str, list[str]]]:
        """(doc_id, shared names) of the laws that have any (see `SourceSpec.shared_names`)."""
        return [(s.doc_id, list(s.shared_names)) for s in self.sources if s.shared_names]

    @model_validator(mode="after")
    def _unique_ids(self) -> Manifest:
        seen: set[str] = set()
        for spec in self.sources:
            if spec.id in seen:
                raise ValueError(f"id «{spec.id}» finnes flere ganger")
            seen.add(spec.id)
        return self

    def by_id(self, source_id: str) -> SourceSpec | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def document_paths(self, knowledge_dir: Path) -> set[Path]:
        """Resolved paths of project documents named in the manifest (not rediscovered as extras)."""
        return {(knowledge_dir / s.path).resolve() for s in self.sources if s.path}


def _describe(error: ErrorDetails, raw: object) -> str:
    """Turn a pydantic error location such as ('sources', 3, 'kind') into readable Norwegian."""
    loc = list(error.get("loc", ()))
    parts: list[str] = []
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        index = loc[1]
        entry_id = ""
        if isinstance(raw, dict) and isinstance(raw.get("sources"), list) and index < len(raw["sources"]):
            entry = raw["sources"][index]
            if isinstance(entry, dict):
                entry_id = str(entry.get("id", ""))
        parts.append(f"kilde nr. {index + 1}" + (f" («{entry_id}»)" if entry_id else ""))
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    if field:
        parts.append(f"felt «{field}»")
    return ", ".join(parts) + f": {error.get('msg', '')}"


def load_manifest(knowledge_dir: Path) -> Manifest:
    """Read and validate `knowledge_dir/sources.yaml`.

    Raises `ValidationFailedError` naming the file, the entry/field and the reason.
    """
    path = Path(knowledge_dir) / MANIFEST_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationFailedError(texts.MANIFEST_MISSING.format(file=path), detail=str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ValidationFailedError(
            texts.MANIFEST_INVALID.format(file=path, reason=texts.MANIFEST_NOT_YAML), detail=str(exc)
        ) from exc
    if not isinstance(raw, dict):
        raise ValidationFailedError(texts.MANIFEST_INVALID.format(file=path, reason=texts.MANIFEST_NOT_MAPPING))
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        reasons = "; ".join(_describe(err, raw) for err in exc.errors()[:5])
        raise ValidationFailedError(texts.MANIFEST_INVALID.format(file=path, reason=reasons), detail=str(exc)) from exc
