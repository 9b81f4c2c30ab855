"""Helpers for the ingest tests: small PDF and DOCX files built in the test (no binary fixtures to
keep in sync with the tests), and the ledd layout of an amended § chunk.

Why hand-written PDF bytes: pypdf reads but does not write text; a minimal PDF with one
Helvetica font and a text stream per page is enough to exercise page numbers and headings.
"""

from __future__ import annotations

from pathlib import Path

from bot.domain import Chunk
from ingest.loaders import load_source
from ingest.manifest import SourceSpec


def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose page N shows the lines of `pages[N-1]`, top to bottom (WinAnsi: æøå work)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for index, lines in enumerate(pages):
        content = b"BT /F1 11 Tf 14 TL 50 780 Td\n"
        for line in lines:
            content += b"(" + _pdf_escape(line) + b") Tj T*\n"
        content += b"ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (page_ids[index] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path, blocks: list[tuple[str, str]], table: list[list[str]] | None = None) -> Path:
    """A .docx from (style, text) pairs, e.g. ("Title", ...), ("Heading 1", ...), ("List Bullet", ...).

    The pseudo-style "Bold" writes a Normal paragraph whose text is all bold.
    """
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style == "Bold":  # a heading typed by hand: Normal style, all text bold
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def ledd_layout(chunk: Chunk) -> tuple[int, int, int]:
    """(ledd-less passages before, the one ledd number, ledd-less passages after) of an amended § chunk."""
    ledd = [p.ledd for p in chunk.passages]
    numbers = set(ledd) - {None}
    assert len(numbers) == 1, chunk.chunk_id  # exactly one ledd of new wording: never none, never two
    [number] = numbers
    first, last = ledd.index(number), len(ledd) - 1 - ledd[::-1].index(number)
    assert set(ledd[first:last + 1]) == {number}, chunk.chunk_id  # no ledd-less text inside the ledd
    return first, number, len(ledd) - 1 - last


def hashes_changed_by_edit(spec: SourceSpec, path: Path, tmp_path: Path, old: str, new: str) -> list[str]:
    """Chunk ids whose content hash changes when the one occurrence of `old` in the source file becomes
    `new` (the chunk ids themselves must not change): what an incremental ingest would re-embed."""
    source = path.read_text(encoding="utf-8")
    assert source.count(old) == 1
    changed = tmp_path / path.name
    changed.write_text(source.replace(old, new), encoding="utf-8")
    before = {c.chunk_id: c.content_hash for c in load_source(spec, path)}
    after = {c.chunk_id: c.content_hash for c in load_source(spec, changed)}
    assert before.keys() == after.keys()
    return [k for k in before if before[k] != after[k]]
