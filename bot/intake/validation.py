"""Checks on an uploaded document before it is stored: size, type, readability, identity numbers.

Why here (and not only in Slack): whatever the surface, a file is accepted only when it is of an
accepted type, within the size limit, really is the format its name says, can be opened, has
content, and holds no national identity number. A file with an identity number is rejected and
never written anywhere: documents should describe routines, not residents, and keeping such a
file would put a resident's identity in the archive. A PDF with pages but no extractable text
(a scan) is accepted with a note, because scanned routines are common and legitimate.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from bot.display import display_name
from bot.errors import ValidationFailedError
from bot.privacy import contains_identity_number, redact
from bot.texts import intake as texts


@dataclass(frozen=True)
class CheckedFile:
    file_type: str  # pdf | docx | txt
    size: int
    note: str | None = None  # "no_text": a PDF without a text layer


def file_type_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_label(types: list[str]) -> str:
    return ", ".join(texts.TYPE_NAMES.get(t, t.upper()) for t in types)


def _pdf_text(name: str, data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type="PDF"), detail="no %PDF header")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationFailedError(
            texts.FILE_CORRUPT.format(name=name, type="PDF"), detail=f"pypdf: {type(error).__name__}"
        ) from error
    return text, pages


def _docx_text(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type="Word (DOCX)"), detail="no word/document.xml")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise ValidationFailedError(
            texts.FILE_CORRUPT.format(name=name, type="Word (DOCX)"), detail=f"docx: {type(error).__name__}"
        ) from error
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _txt_text(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type="tekst"), detail="not decodable")


def check_upload(name: str, data: bytes, *, accepted: list[str], max_bytes: int) -> CheckedFile:
    """Validate one file; raises `ValidationFailedError` whose message tells the user what to do."""
    shown = display_name(redact(name))  # echoed to the user: no identity number, no bidi tricks
    size = len(data)
    if size > max_bytes:
        raise ValidationFailedError(
            texts.FILE_TOO_LARGE.format(name=shown, size_mb=size / 1_048_576, max_mb=max_bytes // 1_048_576),
            detail=f"size {size} > {max_bytes}",
        )
    if size == 0:
        raise ValidationFailedError(texts.FILE_EMPTY.format(name=shown), detail="0 bytes")
    file_type = file_type_of(name)
    if file_type not in accepted:
        raise ValidationFailedError(
            texts.FILE_TYPE.format(name=shown, accepted=accepted_label(accepted)), detail=f"type {file_type!r}"
        )
    note = None
    if file_type == "pdf":
        text, pages = _pdf_text(shown, data)
        if pages == 0:
            raise ValidationFailedError(texts.FILE_NO_TEXT.format(name=shown), detail="0 pages")
        if not text.strip():
            note = "no_text"
    elif file_type == "docx":
        text = _docx_text(shown, data)
    else:
        text = _txt_text(shown, data)
    if note is None and not text.strip():
        raise ValidationFailedError(texts.FILE_NO_TEXT.format(name=shown), detail="no text")
    if contains_identity_number(text) or contains_identity_number(name):
        raise ValidationFailedError(texts.FILE_ID_NUMBER.format(name=shown), detail="identity number in document")
    return CheckedFile(file_type=file_type, size=size, note=note)
