"""Metadata for a document that is not (or not only) described by the manifest.

Why separate from the manifest: documents dropped into the documents folder, files named on the
command line and files submitted through intake have no manifest entry; this carries what they
need (ids, kind, audience, bydel, case) with sensible defaults filled in by the loader.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.domain import Audience, SourceKind


class DocumentMeta(BaseModel):
    """Optional facts about a document; empty fields are derived from the file itself."""

    model_config = ConfigDict(extra="forbid")

    source_id: str = ""  # default: doc_id
    doc_id: str = ""  # default: file stem
    title: str = ""  # default: first heading, else file name
    short_title: str = ""  # default: title
    kind: SourceKind = SourceKind.GUIDANCE
    url: str = ""
    published: str = ""
    in_force: str = ""
    last_changed: str = ""
    language: str = ""  # default: nb (Lovdata XML: from the file)
    authority: str = ""
    amends: str = ""
    explains: str = ""  # guidance: doc_id of the law it comments on (LOV-2009-06-19-44)
    explains_sections: list[str] = Field(default_factory=list)  # guidance: the §§ it explains ("§ 3"); headings "Til § 3" also tie
    audience: Audience = Audience.PUBLIC
    bydel: str = ""
    case_id: str = ""
    item_id: str = ""
    year: int | None = None

    @field_validator(
        "source_id", "doc_id", "title", "short_title", "url", "published", "in_force", "last_changed",
        "language", "authority", "amends", "explains", "bydel", "case_id", "item_id",
        mode="before",
    )
    @classmethod
    def _as_text(cls, value: object) -> object:
        """YAML sidecars give dates and numbers; store them as text, None as empty."""
        if value is None:
            return ""
        return str(value)
