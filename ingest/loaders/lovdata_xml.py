"""Entry point for Lovdata XML: decide between a consolidated text and an amending act.

Why by markup and not by manifest kind: a file named on the command line has no manifest entry,
and a consolidated law never has `article.change`, so the markup is the reliable signal.
"""

from __future__ import annotations

from pathlib import Path

from bot.domain import Chunk, SourceKind
from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.loaders.lovdata import parse_consolidated
from ingest.loaders.lovdata_amending import parse_amending
from ingest.loaders.lovdata_common import has_class, parse_xml, read_header
from ingest.loaders.meta import DocumentMeta


def load_lovdata(path: Path, meta: DocumentMeta | None = None) -> list[Chunk]:
    """Chunks of one Lovdata XHTML file; `meta` (from the manifest) overrides ids and titles."""
    root = parse_xml(path)
    header = read_header(root, path)
    if meta is not None and meta.doc_id and meta.doc_id.upper() != header.doc_id.upper():
        reason = f"filen inneholder {header.doc_id}, men kildelisten venter {meta.doc_id}"
        raise SourceError(texts.NOT_LOVDATA.format(file=path.name, reason=reason))
    is_amending = not any(has_class(el, "legalArticle") for el in root.iter()) and any(
        has_class(el, "change") or has_class(el, "futureLegalArticle") for el in root.iter()
    )
    meta = meta or DocumentMeta()
    if "kind" not in meta.model_fields_set:  # no manifest entry or sidecar said what it is
        kind = SourceKind.LAW if header.doc_id.upper().startswith("LOV") else SourceKind.REGULATION
        meta = meta.model_copy(update={"kind": SourceKind.AMENDING_ACT if is_amending else kind})
    chunks = parse_amending(root, header, meta, path) if is_amending else parse_consolidated(root, header, meta, path)
    if not chunks:
        raise SourceError(texts.NOT_LOVDATA.format(file=path.name, reason="fant ingen paragrafer"))
    return chunks
