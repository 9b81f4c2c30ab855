"""Which sources an ingest run covers, each with a cheap fingerprint and a deferred loader.

Sources: every manifest entry (Lovdata XML via `resolve_lovdata_file`, project documents via
`path` under KNOWLEDGE_DIR), every supported file in the documents folder, and files or folders
named on the command line. Listing does not parse anything: the fingerprint (file bytes + parser
code + manifest entry / sidecar metadata) decides whether parsing is needed at all.

Why injectable: `Indexer(loader=...)` takes any function with the `SourceLister` signature, so
tests (and other areas) can index hand-made chunk lists without files or parsers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.domain import Chunk
from bot.errors import SourceError
from bot.texts import ingest as texts

if TYPE_CHECKING:
    from bot.settings import Settings

INGEST_DIR = Path(__file__).resolve().parent.parent
# Our own modules are not parser code: changing them must not force re-parsing.
_NOT_PARSER_CODE = {"indexer.py", "report.py"}


@dataclass
class SourceInput:
    """One source to index. `error` set: it could not even be located (reported, nothing loaded)."""

    source_id: str
    title: str
    name: str  # what the report calls it: the file name
    fingerprint: str
    load: Callable[[], list[Chunk]]
    error: SourceError | None = None
    extra_path: str = ""  # set for files named on the command line (remembered in the state)


SourceLister = Callable[["Settings", Sequence[Path]], list[SourceInput]]


@lru_cache(maxsize=1)
def loader_version() -> str:
    """Hash of the parser code (ingest/*.py, ingest/loaders/**.py) and the Chunk schema.

    Why code, not a version number: a fixed parser must re-parse every source without anyone
    remembering to bump a constant; chunk hashes then decide what is actually re-embedded.
    """
    files = [p for p in INGEST_DIR.glob("*.py") if p.name not in _NOT_PARSER_CODE]
    files += sorted((INGEST_DIR / "loaders").rglob("*.py"))
    files.append(INGEST_DIR.parent / "bot" / "domain.py")
    digest = hashlib.sha256()
    for path in sorted(files):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(path: Path, *parts: str) -> str:
    digest = hashlib.sha256(loader_version().encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    digest.update(b"\0")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _failed(source_id: str, title: str, name: str, error: SourceError, extra_path: str = "") -> SourceInput:
    def _raise() -> list[Chunk]:
        raise error

    return SourceInput(source_id, title, name, "", _raise, error=error, extra_path=extra_path)


def _manifest_sources(settings: Settings, manifest: Any) -> list[SourceInput]:
    from ingest.loaders import load_source
    from ingest.lovdata_source import resolve_lovdata_file

    result: list[SourceInput] = []
    for spec in manifest.sources:
        name = spec.lovdata.file if spec.lovdata else Path(spec.path).name
        try:
            path = resolve_lovdata_file(spec, settings) if spec.lovdata else settings.knowledge_dir / spec.path
            if not path.is_file():
                raise SourceError(texts.FILE_NOT_FOUND.format(name=path), detail=str(path))
            fp = fingerprint(path, spec.model_dump_json())
        except SourceError as error:
            result.append(_failed(spec.id, spec.title, name, error))
            continue
        except OSError as error:
            result.append(_failed(spec.id, spec.title, name, SourceError(texts.FILE_NOT_FOUND.format(name=name),
                                                                          detail=repr(error))))
            continue
        result.append(SourceInput(spec.id, spec.title, name, fp, lambda spec=spec, path=path: load_source(spec, path)))
    return result


def _document_source(path: Path, meta: Any, extra_path: str = "") -> SourceInput:
    from ingest.loaders import load_document

    source_id = meta.source_id or meta.doc_id or path.stem
    title = meta.title or path.name
    try:
        fp = fingerprint(path, meta.model_dump_json())
    except OSError as error:
        return _failed(source_id, title, path.name,
                       SourceError(texts.FILE_NOT_FOUND.format(name=path.name), detail=repr(error)), extra_path)
    return SourceInput(source_id, title, path.name, fp, lambda: load_document(path, meta), extra_path=extra_path)


def _extra_sources(paths: Sequence[Path], manifest: Any, seen: set[Path]) -> list[SourceInput]:
    from ingest.documents import discover_documents

    result: list[SourceInput] = []
    for given in paths:
        path = Path(given).expanduser().resolve()
        if path.is_dir():
            found = discover_documents(path, manifest)
        elif path.is_file():
            # Discover in the file's folder so a sidecar <file>.meta.yaml applies as usual.
            found = [(p, m) for p, m in discover_documents(path.parent, manifest) if p.resolve() == path]
            if not found:
                from ingest.loaders.meta import DocumentMeta

                found = [(path, DocumentMeta())]
        else:
            error = SourceError(texts.FILE_NOT_FOUND.format(name=given), detail=str(path))
            result.append(_failed(f"file:{path}", path.name, str(given), error, extra_path=str(path)))
            continue
        for doc_path, meta in found:
            if doc_path.resolve() in seen:
                continue
            seen.add(doc_path.resolve())
            result.append(_document_source(doc_path, meta, extra_path=str(doc_path.resolve())))
    return result


def default_sources(settings: Settings, extra_paths: Sequence[Path] = ()) -> list[SourceInput]:
    """Manifest entries, the documents folder and `extra_paths`, in that order, without duplicates.

    A broken manifest raises `ValidationFailedError` (nothing sensible can be indexed without it).
    """
    from ingest.documents import discover_documents
    from ingest.manifest import load_manifest

    manifest = load_manifest(settings.knowledge_dir)
    sources = _manifest_sources(settings, manifest)
    seen = set(manifest.document_paths(settings.knowledge_dir))
    documents_dir = settings.resolved_documents_dir
    if documents_dir.is_dir():
        for path, meta in discover_documents(documents_dir, manifest):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                sources.append(_document_source(path, meta))
    sources += _extra_sources(extra_paths, manifest, seen)
    return sources
