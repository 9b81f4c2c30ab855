"""Turn a source file into `Chunk`s, dispatching on the file suffix.

Public API (other areas import these names):
- `load_source(spec, path)`: a manifest entry's file (Lovdata XML or a project document).
- `load_document(path, meta=None)`: any supported file, with optional metadata.
- `extract_text(path)`: the plain text of a file (intake scans uploads for identity numbers and
  emptiness with it); never masked, so callers can detect what they must reject.
Every failure is a `bot.errors.SourceError` whose `user_message` names the file and the reason.
"""

from __future__ import annotations

from pathlib import Path

from bot.domain import Chunk
from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.chunking import finalize
from ingest.loaders.meta import DocumentMeta
from ingest.loaders.structure import Section
from ingest.manifest import GuidancePage, SourceSpec

__all__ = ["DocumentMeta", "SUPPORTED_SUFFIXES", "extract_text", "load_document", "load_guidance_page", "load_source"]

SUPPORTED_SUFFIXES = (".xml", ".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt")


def _check_file(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(texts.UNKNOWN_FORMAT.format(file=path.name, suffix=suffix or "uten filendelse"))
    if not path.is_file():
        raise SourceError(texts.FILE_MISSING.format(file=path.name))
    if path.stat().st_size == 0:
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    return suffix


def _sections(path: Path, suffix: str) -> list[Section]:
    if suffix == ".pdf":
        from ingest.loaders.pdf import pdf_sections

        return pdf_sections(path)
    if suffix == ".docx":
        from ingest.loaders.docx import docx_sections

        return docx_sections(path)
    if suffix in (".html", ".htm"):
        from ingest.loaders.html import html_sections

        return html_sections(path)
    from ingest.loaders.text import markdown_sections, text_sections

    return markdown_sections(path) if suffix in (".md", ".markdown") else text_sections(path)


def _document_title(path: Path, suffix: str) -> str:
    if suffix in (".html", ".htm"):
        from ingest.loaders.html import html_title

        return html_title(path)
    if suffix == ".docx":
        from ingest.loaders.docx import docx_title

        return docx_title(path)
    return ""


def load_document(path: Path, meta: DocumentMeta | None = None) -> list[Chunk]:
    """Chunks of any supported file. Lovdata XML is recognised by its markup."""
    path = Path(path)
    suffix = _check_file(path)
    if suffix == ".xml":
        from ingest.loaders.lovdata_xml import load_lovdata

        return finalize(load_lovdata(path, meta))
    from ingest.loaders.structure import resolve_meta, sections_to_chunks

    all_sections = _sections(path, suffix)
    first_heading = _document_title(path, suffix) or next((s.path[0] for s in all_sections if s.path), "")
    sections = [s for s in all_sections if s.passages]
    if not sections:
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    chunks = sections_to_chunks(sections, resolve_meta(path, meta, first_heading))
    if not chunks:
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    return finalize(chunks)


def meta_from_spec(spec: SourceSpec) -> DocumentMeta:
    """The manifest entry as document metadata (manifest values win over what the file says)."""
    return DocumentMeta(
        source_id=spec.id,
        doc_id=spec.doc_id,
        title=spec.title,
        short_title=spec.short_title,
        kind=spec.kind,
        url=spec.url,
        published=spec.published,
        in_force=spec.in_force,
        language=spec.language,
        authority=spec.authority or spec.publisher,
        amends=spec.amends,
        explains=spec.explains,
    )


def load_source(spec: SourceSpec, path: Path) -> list[Chunk]:
    """Chunks of a manifest source's file, carrying the manifest's ids, kind and titles."""
    return load_document(Path(path), meta_from_spec(spec))


def load_guidance_page(spec: SourceSpec, page: GuidancePage, path: Path) -> list[Chunk]:
    """Chunks of one web page of a guidance source, each section tied to the § it comments on."""
    stem = Path(page.file).stem
    meta = meta_from_spec(spec).model_copy(update={
        "source_id": f"{spec.id}/{stem}", "doc_id": f"{spec.doc_id}/{stem}", "url": page.url,
    })
    return load_document(Path(path), meta)


def extract_text(path: Path) -> str:
    """Plain text of a PDF, DOCX, HTML, Markdown, text or Lovdata XML file (unmasked)."""
    path = Path(path)
    suffix = _check_file(path)
    if suffix == ".pdf":
        from ingest.loaders.pdf import pdf_pages

        text = "\n\n".join(pdf_pages(path))
    elif suffix == ".docx":
        from ingest.loaders.docx import docx_text

        text = docx_text(path)
    elif suffix in (".html", ".htm"):
        from ingest.loaders.html import html_text

        text = html_text(path)
    elif suffix == ".xml":
        from ingest.loaders.lovdata_common import clean, document_body, parse_xml

        text = clean(document_body(parse_xml(path), path))
    else:
        from ingest.loaders.text import read_text

        text = read_text(path)
    if not text.strip():
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    return text
