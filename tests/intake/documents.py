"""Small real documents (PDF, DOCX, TXT) built in memory for upload tests."""

from __future__ import annotations

import io


def pdf_bytes(text: str = "Rutine for samarbeid mellom krisesenteret og Nav.") -> bytes:
    """A one-page PDF whose text layer holds `text` (hand-written PDF, no extra dependency)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_bytes(text: str = "Rutine for individuell plan.") -> bytes:
    import docx

    document = docx.Document()
    if text:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def valid_identity_number() -> str:
    """An 11-digit number that passes both mod-11 checks (generated, not a real person's)."""
    from bot.privacy import is_identity_number

    for serial in range(100, 1000):
        base = f"010190{serial}"
        for k1 in range(10):
            for k2 in range(10):
                candidate = f"{base}{k1}{k2}"
                if is_identity_number(candidate):
                    return candidate
    raise AssertionError("no valid number found")


def docx_bomb(inflated_mb: int = 110) -> bytes:
    """A small .docx whose word/document.xml inflates to `inflated_mb` MB (a zip bomb)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes("x"))) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "word/document.xml":
                dst.writestr(item, data)
                continue
            head, tail = data.split(b"<w:body>")
            paragraph = b"<w:p><w:r><w:t>" + b"A" * 1_048_576 + b"</w:t></w:r></w:p>"
            with dst.open("word/document.xml", "w") as part:
                part.write(head + b"<w:body>")
                for _ in range(inflated_mb):
                    part.write(paragraph)
                part.write(tail)
    return out.getvalue()


def docx_with_entries(count: int) -> bytes:
    """A valid .docx with `count` extra empty entries (an entry-count bomb)."""
    import zipfile

    out = io.BytesIO(docx_bytes("Rutine."))
    with zipfile.ZipFile(out, "a") as archive:
        for n in range(count):
            archive.writestr(f"customXml/item{n}.xml", b"")
    return out.getvalue()
