"""Files submitted through intake become searchable for officers only (issue 5, item 5).

Why a separate source per case (`submitted-<case id>`): re-indexing a case after a file was
replaced swaps exactly that case's chunks, and every chunk carries audience OFFICERS plus bydel,
case and item, so retrieval for bydel staff (audience PUBLIC) can never return them. Identity
numbers are masked before anything is indexed; a file whose text cannot be read is named in the
result instead of being dropped silently.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain import Audience, Chunk, Passage, SourceKind
from bot.errors import SourceError
from bot.intake.filestore import FileStore
from bot.intake.store import active_files, get_case
from bot.privacy import redact

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.services import Services

log = logging.getLogger(__name__)
MAX_CHARS = 1500
SUBMITTED_ENTITY = "submitted_case"


@dataclass
class SubmittedIndexResult:
    case_id: str
    source_id: str
    chunks: int = 0
    files: list[str] = field(default_factory=list)  # names of indexed files
    unreadable: list[str] = field(default_factory=list)  # names of files without readable text


def source_id_for(case_id: str) -> str:
    return f"submitted-{case_id.strip().upper()}"


def _pieces(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Paragraph-packed pieces of at most `limit` characters (long paragraphs split at words)."""
    pieces: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        while len(paragraph) > limit:
            cut = paragraph.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if current and len(current) + len(paragraph) + 2 > limit:
            pieces.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        pieces.append(current)
    return pieces


def _file_text(store: FileStore, name: str, sha256: str) -> str:
    from ingest.loaders import extract_text

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"innsendt{Path(name).suffix.lower()}"
        path.write_bytes(store.get(sha256))
        return extract_text(path)


def submitted_chunks(services: Services, case_id: str) -> tuple[list[Chunk], SubmittedIndexResult]:
    """The officers-only chunks of one intake case's active files."""
    with services.sessions() as session:
        case = get_case(session, case_id)
        template = services.intake.template_for(case) if services.intake is not None else None
        files = [(f.id, f.item_id, f.name, f.sha256) for f in active_files(session, case.id)]
        case_id, bydel = case.id, case.bydel
        year = (case.submitted_at or case.created_at).year
    titles = {item.id: item.title for item in template.items} if template is not None else {}
    result = SubmittedIndexResult(case_id=case_id, source_id=source_id_for(case_id))
    store = FileStore(services.settings.files_dir)
    chunks: list[Chunk] = []
    for file_id, item_id, name, sha256 in files:
        try:
            text = redact(_file_text(store, name, sha256))
        except (SourceError, OSError) as error:
            log.warning("submitted file not indexed case=%s file_id=%s: %s", case_id, file_id, type(error).__name__)
            result.unreadable.append(name)
            continue
        pieces = _pieces(text)
        if not pieces:
            result.unreadable.append(name)
            continue
        item_title = titles.get(item_id, item_id)
        for part, piece in enumerate(pieces):
            chunks.append(Chunk(
                chunk_id=f"{result.source_id}|{item_id}|{file_id}|{part}", source_id=result.source_id,
                doc_id=f"{result.source_id}-{file_id}", kind=SourceKind.SUBMITTED, title=f"{name} (Bydel {bydel}, {case_id})",
                short_title=name, section_title=item_title, heading_path=[f"Bydel {bydel}", item_title, name],
                text=piece, passages=[Passage(text=piece)], audience=Audience.OFFICERS, bydel=bydel, case_id=case_id,
                item_id=item_id, year=year,
            ))  # fmt: skip
        result.files.append(name)
    result.chunks = len(chunks)
    return chunks, result


def index_submitted_case(services: Services, case_id: str, *, embedder: Embeddings | None = None) -> SubmittedIndexResult:
    """(Re)index one case's submitted files into the officers-only part of the knowledge base."""
    from bot.assistant import ReloadableIndex
    from ingest.indexer import Indexer

    chunks, result = submitted_chunks(services, case_id)
    answering = services.answering if isinstance(services.answering, ReloadableIndex) else None
    if embedder is None and answering is not None:
        embedder = answering.embedder
    indexer = Indexer(services.settings, embedder)
    if chunks:
        indexer.index_chunks(result.source_id, chunks, title=f"Innsendte dokumenter {result.case_id}")
    else:
        indexer.remove_source(result.source_id)
    if answering is not None:
        answering.reload()  # the answering service caches the chunk list; make the new documents searchable now
    log.info("submitted case indexed case=%s chunks=%d unreadable=%d", result.case_id, result.chunks, len(result.unreadable))
    return result


def index_new_submissions(services: Services) -> list[str]:
    """Index every submitted case not yet indexed for its current submission; returns the case ids.

    A scheduler job: what was indexed is recorded in the findings audit trail (entity
    `submitted_case`, value = the case's submitted_at), so restarts never index twice and a
    case that is reopened and submitted again is indexed again.
    """
    from sqlalchemy import select

    from bot.intake.models import IntakeCase

    if services.findings is None:
        return []  # the audit trail that records what was indexed belongs to the findings registry
    with services.sessions() as session:
        cases = [(c.id, c.submitted_at) for c in session.scalars(select(IntakeCase).where(IntakeCase.status == "submitted"))]
    store = services.findings.store
    done = {entry.record_id: entry.new_value for entry in store.audit(entity=SUBMITTED_ENTITY)}
    indexed = []
    for case_id, submitted_at in cases:
        stamp = submitted_at.isoformat() if submitted_at else ""
        if done.get(case_id) == stamp:
            continue
        result = index_submitted_case(services, case_id)
        store.record_event(SUBMITTED_ENTITY, case_id, "indexed", stamp, actor="scheduler")
        if result.unreadable:
            log.warning("submitted case %s: %d file(s) without readable text", case_id, len(result.unreadable))
        indexed.append(case_id)
    return indexed
