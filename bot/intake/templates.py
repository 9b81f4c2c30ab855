"""Intake templates: what a bydel must submit for one tilsyn theme, as data in `knowledge/intake/*.yaml`.

Why data and not code: a new tilsyn theme is a new YAML file, reviewed by an officer, not a
release. Why pydantic with `extra="forbid"`: a typo in a template (a misspelt field, a max below
the min) must stop start-up with the file, the field and the reason, not surface as a broken
dialog in front of a bydel weeks later.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import ValidationFailedError

SLUG = r"^[a-z0-9][a-z0-9-]{0,62}$"
KNOWN_FILE_TYPES = {"pdf", "docx", "txt"}
SLACK_TEXT_INPUT_MAX = 3000  # a plain_text_input in a modal holds at most 3,000 characters


class TemplateItem(BaseModel):
    """One document the bydel is asked for."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3, max_length=200)
    help: str = Field(min_length=1, max_length=1500)
    legal_basis: list[str] = Field(default_factory=list)
    required: bool = True
    file_types: list[str] = Field(min_length=1)
    min_files: int = Field(default=1, ge=1, le=10)
    max_files: int = Field(default=5, ge=1, le=10)
    allow_not_exists: bool = True  # "finnes ikke" is possible, and then an explanation is required

    @model_validator(mode="after")
    def _check(self) -> TemplateItem:
        if self.max_files < self.min_files:
            raise ValueError(f"max_files ({self.max_files}) er mindre enn min_files ({self.min_files})")
        unknown = sorted({t.lower() for t in self.file_types} - KNOWN_FILE_TYPES)
        if unknown:
            raise ValueError(f"ukjent filtype {unknown}; tillatt er {sorted(KNOWN_FILE_TYPES)}")
        self.file_types = [t.lower() for t in self.file_types]
        return self


class TemplateQuestion(BaseModel):
    """One written question the bydel answers."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG)
    text: str = Field(min_length=3, max_length=500)
    help: str = ""
    legal_basis: list[str] = Field(default_factory=list)
    required: bool = True
    max_length: int = Field(default=3000, ge=10, le=SLACK_TEXT_INPUT_MAX)


class IntakeTemplate(BaseModel):
    """A tilsyn theme: its introduction, the documents and the questions, in the order asked."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3)
    introduction: str = ""
    items: list[TemplateItem] = Field(min_length=1, max_length=20)
    questions: list[TemplateQuestion] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _unique_ids(self) -> IntakeTemplate:
        for label, ids in (("items", [i.id for i in self.items]), ("questions", [q.id for q in self.questions])):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{label}: id brukt flere ganger: {duplicates}")
        return self

    def item(self, item_id: str) -> TemplateItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def question(self, question_id: str) -> TemplateQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(hele filen)"
    return f"felt {field}: {first['msg']}"


def load_template(path: Path) -> IntakeTemplate:
    """Parse and validate one template file; the error names the file, the field and the reason."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValidationFailedError(
            f"Innsendingsmalen {path.name} kan ikke leses: {error}", detail=f"{path}: {error}"
        ) from error
    try:
        template = IntakeTemplate.model_validate(raw if raw is not None else {})
    except ValidationError as error:
        reason = _describe(error)
        raise ValidationFailedError(
            f"Innsendingsmalen {path.name} er ugyldig: {reason}", detail=f"{path}: {reason}"
        ) from error
    if template.id != path.stem:
        raise ValidationFailedError(
            f"Innsendingsmalen {path.name} er ugyldig: felt id: må være lik filnavnet ({path.stem})",
            detail=f"{path}: id {template.id!r} != {path.stem!r}",
        )
    return template


def load_templates(directory: Path) -> dict[str, IntakeTemplate]:
    """Every `*.yaml` template in `directory`, by id. A missing folder means no intake themes."""
    if not directory.is_dir():
        return {}
    return {t.id: t for t in (load_template(p) for p in sorted(directory.glob("*.yaml")))}
