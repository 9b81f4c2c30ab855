"""Probe questions (`knowledge/questions/*.yaml`): curated user questions, each tied to the unit that answers it.

Why: the law speaks nynorsk statute language ("brukar", "tenesteapparatet", "samordne") and bydel staff
ask in their own words ("beboer", "NAV og fastlege", "hvem har ansvaret for å koordinere"). A ledd and
a question about it then share few words and sit apart in embedding space. Questions written from the
law text for each unit (reviewed against it, never against the evaluation sets) are indexed as extra
keys of that unit: a user's question that is close to a probe question finds the probe's unit. This is
the "hypothetical questions" form of multi-vector retrieval; the unit itself is still what is quoted.

A probe names its unit by meaning, not by chunk id, so re-chunking does not break it: a law unit by
document, § and ledd (a ledd split into several windows: the first), any unit by a verbatim phrase
(`contains`) within its document (and §). A probe whose unit cannot be found is reported and skipped;
it never points at a neighbour.

A file may instead list `unanswered` questions: close to the domain, answered by no indexed source
(writers' unanswerable questions, `bench/tuning_probes.py`). They are stored beside the probes with no
unit and only ever weigh towards a decline; they never bring a unit forward.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.domain import Chunk
from bot.errors import ValidationFailedError
from bot.retrieval.probes import UNANSWERED
from bot.retrieval.text import SPELL_OUT_RULES, spell_out
from bot.texts import ingest_parsing as texts
from bot.texts.findings import reason_of

PROBES_FOLDER = "questions"
MAX_PROBE_CHARS = 400  # a question, not a document


class ProbeUnit(BaseModel):
    """One unit of a document and the questions it answers."""

    model_config = ConfigDict(extra="forbid")

    section: str = ""
    ledd: int | None = Field(default=None, ge=1)
    contains: str = ""
    questions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_a_unit(self) -> ProbeUnit:
        if not self.section and not self.contains:
            raise ValueError(texts.PROBE_NEEDS_UNIT)
        _check_lengths(self.questions)
        return self


def _check_lengths(questions: list[str]) -> None:
    """Every question has text and is a question, not a document (`MAX_PROBE_CHARS`)."""
    if any(not q.strip() or len(q) > MAX_PROBE_CHARS for q in questions):
        raise ValueError(texts.PROBE_QUESTION_LENGTH.format(max=MAX_PROBE_CHARS))


class ProbeFile(BaseModel):
    """A document's units and their questions; or (`unanswered`, no `doc`) questions close to the domain
    that no indexed source answers, kept as examples of what to decline (`ProbeMatrix.nearest_unanswered`)."""

    model_config = ConfigDict(extra="forbid")

    doc: str = ""
    units: list[ProbeUnit] = Field(default_factory=list)
    unanswered: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_its_document(self) -> ProbeFile:
        if self.units and not self.doc:
            raise ValueError(texts.PROBE_NEEDS_DOC)
        _check_lengths(self.unanswered)
        return self


@dataclass(frozen=True)
class Probe:
    """A probe question resolved to the unit (chunk) it belongs to (`UNANSWERED`: none answers it)."""

    question: str
    chunk_id: str

    @property
    def probe_id(self) -> str:
        """Stable id of a question on its unit (the id of its vector in the store): of the text embedded,
        so a change to the abbreviations spelled out gives a new id and a new vector."""
        return hashlib.sha1(f"{self.chunk_id}\n{self.embedded_text}".encode()).hexdigest()

    @property
    def embedded_text(self) -> str:
        """What the embedding model reads: the question with its abbreviations spelled out, as a user's
        question is before it is embedded (`spell_out`)."""
        return spell_out(self.question)


def probe_paths(knowledge_dir: Path) -> list[Path]:
    """The probe files, in the order they are read and fingerprinted."""
    folder = knowledge_dir / PROBES_FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def probe_fingerprint(knowledge_dir: Path, model: str, chunk_hashes: Iterable[tuple[str, str]]) -> str:
    """What the stored probe questions depend on: the files' bytes, every unit's hash and the model.

    One home for ingest (which stores it with the probes) and the start-up staleness check (which
    re-ingests when the files changed, so a new file of questions is never silently left out)."""
    digest = hashlib.sha1(model.encode())
    # the text embedded depends on them
    digest.update(SPELL_OUT_RULES.encode())
    for path in probe_paths(knowledge_dir):
        digest.update(path.read_bytes())
    for chunk_id, chunk_hash in chunk_hashes:
        digest.update(f"{chunk_id}:{chunk_hash}".encode())
    return digest.hexdigest()


def load_probe_files(knowledge_dir: Path) -> list[tuple[Path, ProbeFile]]:
    """Every probe file, validated; a broken file stops the run naming the file and the reason."""
    files = []
    for path in probe_paths(knowledge_dir):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            files.append((path, ProbeFile.model_validate(raw)))
        except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as error:
            reason = reason_of(error.errors()[0]) if isinstance(error, ValidationError) else texts.PROBES_NOT_YAML
            raise ValidationFailedError(texts.PROBES_INVALID.format(file=path, reason=reason),
                                        detail=repr(error)) from error
    return files


def resolve(files: Sequence[tuple[Path, ProbeFile]], chunks: Iterable[Chunk]) -> tuple[list[Probe], list[str]]:
    """The probes whose unit the index holds, and a line per unit that was not found (for the report)."""
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    probes: list[Probe] = []
    missing: list[str] = []
    for path, probe_file in files:
        candidates = by_doc.get(probe_file.doc, [])
        for unit in probe_file.units:
            found = _find(unit, candidates)
            if found is None:
                missing.append(f"{path.name}: {probe_file.doc} {unit.section or ''} "
                               f"{'ledd ' + str(unit.ledd) if unit.ledd else ''} {unit.contains[:40]}".strip())
                continue
            probes.extend(Probe(q.strip(), found.chunk_id) for q in unit.questions)
        probes.extend(Probe(q.strip(), UNANSWERED) for q in probe_file.unanswered)
    unique: dict[str, Probe] = {}
    for probe in probes:  # two wordings that differ only by an abbreviation ("IP"/"individuell plan") are one
        unique.setdefault(probe.probe_id, probe)
    return list(unique.values()), missing


def _find(unit: ProbeUnit, chunks: Sequence[Chunk]) -> Chunk | None:
    """The unit a probe entry names, or None when none (or, for a phrase, more than one) matches."""
    pool = [c for c in chunks if not unit.section or c.section_key == unit.section]
    if unit.contains:
        phrase = " ".join(unit.contains.split()).lower()
        found = [c for c in pool if phrase in " ".join(c.text.split()).lower()]
        return found[0] if len(found) == 1 else None
    if unit.ledd is not None:
        found = [c for c in pool if any(p.ledd == unit.ledd for p in c.passages)]
        return found[0] if found else None
    return pool[0] if pool else None

