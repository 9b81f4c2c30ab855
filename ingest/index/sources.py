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
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain import Chunk
from bot.errors import SourceError
from bot.texts import ingest as texts

if TYPE_CHECKING:
    from bot.settings import Settings
    from ingest.loaders.meta import DocumentMeta
    from ingest.manifest import Manifest, SourceSpec

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
    skipped: str = ""  # set: not available here (a guidance page offline); noted, previous chunks kept


SourceLister = Callable[["Settings", Sequence[Path]], list[SourceInput]]


@lru_cache(maxsize=1)
def loader_version() -> str:
    """Hash of the parser code (ingest/*.py, ingest/loaders/**.py), the Chunk schema and the
    embedding text function.

    Why code, not a version number: a fixed parser must re-parse every source without anyone
    remembering to bump a constant; chunk hashes then decide what is actually re-embedded.
    """
    files = [p for p in INGEST_DIR.glob("*.py") if p.name not in _NOT_PARSER_CODE]
    files += sorted((INGEST_DIR / "loaders").rglob("*.py"))
    files.append(INGEST_DIR.parent / "bot" / "domain.py")
    files.append(INGEST_DIR.parent / "bot" / "texts" / "ingest_parsing.py")  # some of it goes into chunk text
    files.append(INGEST_DIR / "index" / "embedder.py")  # chunk_embedding_text: what is embedded
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


def _manifest_sources(settings: Settings, manifest: Manifest) -> list[SourceInput]:
    from ingest.loaders import load_source
    from ingest.lovdata_source import resolve_lovdata_file

    result: list[SourceInput] = []
    for spec in manifest.sources:
        if spec.pages:
            result += _guidance_sources(settings, spec)
            continue
        relative = spec.path or ""  # set whenever `lovdata` is not (checked when the manifest is loaded)
        name = spec.lovdata.file if spec.lovdata else Path(relative).name
        try:
            path = resolve_lovdata_file(spec, settings) if spec.lovdata else settings.knowledge_dir / relative
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
        result.append(SourceInput(spec.id, spec.title, name, fp, partial(load_source, spec, path)))
    return result


def _guidance_sources(settings: Settings, spec: SourceSpec) -> list[SourceInput]:
    """One source per web page of a guidance entry: a page that cannot be had is named alone."""
    from ingest.guidance_source import resolve_guidance_page, skipped_note
    from ingest.loaders import load_guidance_page

    result: list[SourceInput] = []
    for page in spec.pages:
        source_id = f"{spec.id}/{Path(page.file).stem}"
        try:
            path = resolve_guidance_page(spec, page, settings)
            if path is None:
                result.append(SourceInput(source_id, spec.title, page.file, "", list, skipped=skipped_note(spec, page)))
                continue
            fp = fingerprint(path, spec.model_dump_json(), page.model_dump_json())
        except SourceError as error:
            result.append(_failed(source_id, spec.title, page.file, error))
            continue
        except OSError as error:
            result.append(_failed(source_id, spec.title, page.file,
                                  SourceError(texts.FILE_NOT_FOUND.format(name=page.file), detail=repr(error))))
            continue
        result.append(SourceInput(source_id, spec.title, page.file, fp, partial(load_guidance_page, spec, page, path)))
    return result


def _document_source(path: Path, meta: DocumentMeta, extra_path: str = "") -> SourceInput:
    from ingest.loaders import load_document

    source_id = meta.source_id or meta.doc_id or path.stem
    title = meta.title or path.name
    try:
        fp = fingerprint(path, meta.model_dump_json())
    except OSError as error:
        return _failed(source_id, title, path.name,
                       SourceError(texts.FILE_NOT_FOUND.format(name=path.name), detail=repr(error)), extra_path)
    return SourceInput(source_id, title, path.name, fp, lambda: load_document(path, meta), extra_path=extra_path)


def _visible_files(folder: Path) -> list[Path]:
    """Files a user put in the folder (hidden files and sidecars are not documents)."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and not p.name.endswith(".meta.yaml")
    )


def _folder_sources(folder: Path, settings: Settings, manifest: Manifest, seen: set[Path], *,
                    extra: bool = False) -> list[SourceInput]:
    """Every file in a documents folder: supported ones as sources, the rest as named failures.

    A file skipped by `discover_documents` (broken sidecar) or with an unknown format is still
    listed, under the id it would have, so the report names it and its old chunks are kept.
    """
    from ingest.documents import discover_documents
    from ingest.loaders.meta import DocumentMeta

    errors: list[SourceError] = []
    found = dict(discover_documents(folder, manifest, knowledge_dir=settings.knowledge_dir, errors=errors))
    result: list[SourceInput] = []
    for path in _visible_files(folder):
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        meta = found.get(path)
        if meta is None:
            relative = path.relative_to(folder).as_posix()
            error = next((e for e in errors if path.name in e.user_message), None)
            meta = DocumentMeta(source_id=f"documents/{relative}", doc_id=path.stem)
            if error is not None:
                result.append(_failed(meta.source_id, path.name, path.name, error))
                continue
        if extra:
            meta = meta.model_copy(update={"source_id": f"file:{resolved}"})
        result.append(_document_source(path, meta, extra_path=str(resolved) if extra else ""))
    return result


def _extra_sources(paths: Sequence[Path], settings: Settings, manifest: Manifest, seen: set[Path]) -> list[SourceInput]:
    """Files and folders named on the command line (source ids `file:<absolute path>`)."""
    from ingest.documents import read_sidecar
    from ingest.loaders.meta import DocumentMeta

    result: list[SourceInput] = []
    for given in dict.fromkeys(Path(p).expanduser().resolve() for p in paths):
        if given.is_dir():
            result += _folder_sources(given, settings, manifest, seen, extra=True)
            continue
        if given in seen:
            continue
        seen.add(given)
        source_id = f"file:{given}"
        if not given.is_file():
            error = SourceError(texts.FILE_NOT_FOUND.format(name=given), detail=str(given))
            result.append(_failed(source_id, given.name, str(given), error, extra_path=str(given)))
            continue
        try:
            meta = read_sidecar(given) or DocumentMeta()
        except SourceError as error:
            result.append(_failed(source_id, given.name, given.name, error, extra_path=str(given)))
            continue
        doc_id = meta.doc_id or ("" if given.suffix.lower() == ".xml" else given.stem)
        meta = meta.model_copy(update={"source_id": source_id, "doc_id": doc_id})
        result.append(_document_source(given, meta, extra_path=str(given)))
    return result


def default_sources(settings: Settings, extra_paths: Sequence[Path] = ()) -> list[SourceInput]:
    """Manifest entries, the documents folder and `extra_paths`, in that order, without duplicates.

    A broken manifest raises `ValidationFailedError` (nothing sensible can be indexed without it).
    """
    from ingest.manifest import load_manifest

    manifest = load_manifest(settings.knowledge_dir)
    sources = _manifest_sources(settings, manifest)
    seen = set(manifest.document_paths(settings.knowledge_dir))
    documents_dir = settings.resolved_documents_dir
    if documents_dir.is_dir():
        sources += _folder_sources(documents_dir, settings, manifest, seen)
    sources += _extra_sources(extra_paths, settings, manifest, seen)
    return sources
