"""Helpers shared by the Lovdata parsers: reading the XHTML, the header, inline text, dates, ids.

Why: consolidated laws (`legalArticle`) and amending acts (`change`/`futureLegalArticle`) use
the same header `dl`, the same inline markup (links, footnote marks) and the same date wording
in notes ("i kraft 1 jan 2026"), so both parsers read them the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.chunking import collapse

LOVDATA_BASE = "https://lovdata.no/"

# Inline elements whose text never belongs to the running text.
SKIP_CLASSES = frozenset({"footnotereference", "footnotes", "footnote", "changesToParent"})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ACT_REF = re.compile(r"^(lov|forskrift)/(\d{4}-\d{2}-\d{2}(?:-\d+)?)$")


def local(tag: str) -> str:
    """Tag name without an XML namespace (Lovdata files have none, but XHTML may)."""
    return tag.rsplit("}", 1)[-1]


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def has_class(el: ET.Element, name: str) -> bool:
    return name in classes(el)


def parse_xml(path: Path) -> ET.Element:
    """Parse a Lovdata XHTML file; malformed XML becomes a `SourceError` naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(texts.FILE_UNREADABLE.format(file=path.name, reason=exc.strerror), detail=str(exc)) from exc
    if not data.strip():
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    # `<!DOCTYPE html>` is fine for ElementTree; entities such as &nbsp; are not used by Lovdata.
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(texts.MALFORMED_XML.format(file=path.name, reason=str(exc)), detail=str(exc)) from exc
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = local(el.tag)
    return root


def inline_text(el: ET.Element, *, skip_tags: frozenset[str] = frozenset()) -> str:
    """Text of `el` and its inline children, without footnote marks, notes and skipped children."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag not in skip_tags and not (classes(child) & SKIP_CLASSES):
            if child.tag == "br":
                parts.append(" ")
            else:
                parts.append(inline_text(child, skip_tags=skip_tags))
        parts.append(child.tail or "")
    return "".join(parts)


def clean(el: ET.Element, *, skip_tags: frozenset[str] = frozenset()) -> str:
    return collapse(inline_text(el, skip_tags=skip_tags))


def first_iso_date(value: str) -> str:
    """`2019-11-01, 2020-01-01` → `2019-11-01`; `Kongen bestemmer` → ``."""
    match = _ISO_DATE.search(value or "")
    return match.group(0) if match else ""


def act_id_from_ref(ref: str) -> str:
    """`lov/2025-06-20-42` → `LOV-2025-06-20-42`; `forskrift/2022-06-22-1110` → `FOR-...`; else ``."""
    match = _ACT_REF.match(ref.strip().strip("/"))
    if not match:
        return ""
    prefix = "LOV" if match.group(1) == "lov" else "FOR"
    return f"{prefix}-{match.group(2)}"


def url_from_lovdata_path(lovdata_url: str) -> str:
    """`NL/lov/2009-06-19-44/§4` → `https://lovdata.no/lov/2009-06-19-44/§4` (the public deep link)."""
    if not lovdata_url:
        return ""
    base, _, rest = lovdata_url.partition("/")
    if base in {"NL", "SF"}:
        return LOVDATA_BASE + rest
    return LOVDATA_BASE + "dokument/" + lovdata_url


def normalise_language(lang: str) -> str:
    """Lovdata writes `nn` for nynorsk and `no`/`nb` for bokmål."""
    return "nn" if (lang or "").lower().startswith("nn") else "nb"


@dataclass
class LovdataHeader:
    """What the document header `dl` says about the document as a whole."""

    doc_id: str
    dok_id: str
    title: str
    short_title: str
    in_force: str
    last_changed: str
    language: str
    changes_documents: list[str]


def read_header(root: ET.Element, path: Path) -> LovdataHeader:
    """Read the `dl.data-document-key-info` of a Lovdata file; a file without one is not Lovdata."""
    values: dict[str, ET.Element] = {}
    for dd in root.iter("dd"):
        for name in classes(dd):
            values.setdefault(name, dd)
    if "legacyID" not in values:
        raise SourceError(texts.NOT_LOVDATA.format(file=path.name, reason="mangler dokument-id (legacyID)"))

    def value(name: str) -> str:
        el = values.get(name)
        return clean(el) if el is not None else ""

    changes = []
    if "changesToDocuments" in values:
        changes = [act_id_from_ref(clean(li)) for li in values["changesToDocuments"].iter("li")]
    title = value("title")
    if not title:
        title_el = root.find(".//title")
        title = clean(title_el) if title_el is not None else path.stem
    return LovdataHeader(
        doc_id=value("legacyID"),
        dok_id=value("dokid"),
        title=title,
        short_title=value("titleShort"),
        in_force=first_iso_date(value("dateInForce")),
        last_changed=first_iso_date(value("lastChangeInForce")),
        language=normalise_language(root.get("lang", "")),
        changes_documents=[c for c in changes if c],
    )


def document_body(root: ET.Element, path: Path) -> ET.Element:
    for el in root.iter("main"):
        if has_class(el, "documentBody"):
            return el
    raise SourceError(texts.NOT_LOVDATA.format(file=path.name, reason="mangler dokumentkropp (documentBody)"))
