"""Find extra documents (PDF, DOCX, HTML, Markdown, text, Lovdata XML) in the documents folder.

Why: officers add guidance and reports by dropping files in a folder, without editing the
manifest. A sidecar `<file>.meta.yaml` can say what a file is (kind, title, audience, bydel ...);
without one the file is guidance with its id from the file name and its title from its first heading.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.loaders.meta import DocumentMeta
from ingest.manifest import Manifest

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.yaml"

__all__ = ["DocumentMeta", "SIDECAR_SUFFIX", "discover_documents", "read_sidecar", "unsupported_documents"]


def _candidates(documents_dir: Path) -> list[Path]:
    """Visible files under the folder, sidecars excluded, in a stable order."""
    if not documents_dir.is_dir():
        return []
    return sorted(
        p for p in documents_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(documents_dir).parts)
        and not p.name.endswith(SIDECAR_SUFFIX)
    )


def _in_manifest(path: Path, manifest: Manifest, knowledge_dir: Path | None) -> bool:
    """True when a manifest entry already names this file (it is indexed with the manifest's metadata)."""
    resolved = path.resolve()
    for spec in manifest.sources:
        if not spec.path:
            continue
        if knowledge_dir is not None and (knowledge_dir / spec.path).resolve() == resolved:
            return True
        parts = Path(spec.path).parts
        if knowledge_dir is None and resolved.parts[-len(parts):] == parts:
            return True
    return False


def read_sidecar(path: Path) -> DocumentMeta | None:
    """The metadata in `<file>.meta.yaml`, or None when there is none."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return None
    try:
        raw = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(texts.BAD_SIDECAR.format(file=sidecar.name, reason="ikke gyldig YAML"), detail=str(exc)) from exc
    if not isinstance(raw, dict):
        raise SourceError(texts.BAD_SIDECAR.format(file=sidecar.name, reason="må være en liste med felt: verdi"))
    try:
        return DocumentMeta.model_validate(raw)
    except ValidationError as exc:
        reasons = "; ".join(
            f"felt «{'.'.join(str(p) for p in err['loc'])}»: {err['msg']}" for err in exc.errors()[:3]
        )
        raise SourceError(texts.BAD_SIDECAR.format(file=sidecar.name, reason=reasons), detail=str(exc)) from exc


def discover_documents(
    documents_dir: Path,
    manifest: Manifest,
    *,
    knowledge_dir: Path | None = None,
    errors: list[SourceError] | None = None,
) -> list[tuple[Path, DocumentMeta]]:
    """Every supported file in `documents_dir` that the manifest does not already name.

    `source_id` is the path relative to the folder (stable and unique); `doc_id` defaults to the
    file stem. A broken sidecar raises `SourceError`, or, when `errors` is given, is appended
    there and its file skipped, so one bad sidecar does not stop the rest.
    """
    documents_dir = Path(documents_dir)
    found: list[tuple[Path, DocumentMeta]] = []
    for path in _candidates(documents_dir):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or _in_manifest(path, manifest, knowledge_dir):
            continue
        try:
            meta = read_sidecar(path) or DocumentMeta()
        except SourceError as exc:
            if errors is None:
                raise
            errors.append(exc)
            log.warning("Hopper over %s: %s", path.name, exc.detail or exc.user_message)
            continue
        relative = path.relative_to(documents_dir).as_posix()
        meta = meta.model_copy(update={
            # Lovdata XML carries its own id (LOV-...); everything else is named by its file.
            "doc_id": meta.doc_id or ("" if path.suffix.lower() == ".xml" else path.stem),
            "source_id": meta.source_id or f"documents/{relative}",
        })
        found.append((path, meta))
    return found


def unsupported_documents(documents_dir: Path) -> list[Path]:
    """Files in the folder that will not be indexed (so the ingest report can name them)."""
    return [p for p in _candidates(Path(documents_dir)) if p.suffix.lower() not in SUPPORTED_SUFFIXES]
