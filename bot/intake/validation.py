"""Checks on an uploaded document before it is stored: size, type, readability, identity numbers.

Why here (and not only in Slack): whatever the surface, a file is accepted only when it is of an
accepted type, within the size limit, really is the format its name says, can be opened, has
content, and holds no national identity number. A file with an identity number is rejected and
never written anywhere: documents should describe routines, not residents, and keeping such a
file would put a resident's identity in the archive. A PDF with pages but no extractable text
(a scan) is accepted with a note, because scanned routines are common and legitimate.

Bounded work: a DOCX is a zip, checked from its directory (entry count, inflated sizes) before it
is opened, so a zip bomb is refused in milliseconds; PDFs and DOCX are then parsed in a child
process with memory, CPU and time limits (`bot.sandbox`), and PDFs have a page limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum

from bot.display import display_name
from bot.errors import ValidationFailedError
from bot.privacy import contains_identity_number, redact
from bot.sandbox import SandboxError, SandboxLimits, run_limited
from bot.texts import intake as texts
from bot.zipcheck import ZipLimitError, ZipLimits, check_zip


class FileNote(StrEnum):
    """What is worth telling about an accepted file (stored in `intake_files.note`)."""

    NO_TEXT = "no_text"  # a PDF without a text layer (scanned): accepted, but not searchable


@dataclass(frozen=True)
class CheckedFile:
    file_type: str  # pdf | docx | txt
    size: int
    note: FileNote | None = None


def file_type_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_label(types: list[str]) -> str:
    return ", ".join(texts.TYPE_NAMES.get(t, t.upper()) for t in types)


MAX_PDF_PAGES = 2_000


@dataclass(frozen=True)
class ParseLimits:
    """How much work one upload may cost: zip container limits, PDF pages, the parsing process."""

    zip: ZipLimits = field(default_factory=ZipLimits)
    pdf_pages: int = MAX_PDF_PAGES
    sandbox: SandboxLimits = field(default_factory=SandboxLimits)


def extract_text(file_type: str, data: bytes, max_pages: int) -> tuple[str, str, int]:
    """(outcome, text or detail, pages) for a PDF or DOCX. Runs in the sandbox's child process.

    Outcomes: "ok", "corrupt", "pages" (over `max_pages`). Exceptions are not pickled across the
    process boundary with their messages, so the outcome is data and the parent raises.
    """
    if file_type == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages = len(reader.pages)
            if pages > max_pages:
                return "pages", "", pages
            return "ok", "\n".join((page.extract_text() or "") for page in reader.pages), pages
        except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
            return "corrupt", f"pypdf: {type(error).__name__}", 0
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as error:
        return "corrupt", f"docx: {type(error).__name__}", 0
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "ok", "\n".join(parts), 0


def _parsed_text(name: str, file_type: str, data: bytes, limits: ParseLimits) -> tuple[str, int]:
    """Text and page count of a PDF or DOCX, parsed in a limited child process after cheap checks."""
    label = "PDF" if file_type == "pdf" else "Word (DOCX)"
    if file_type == "pdf" and not data.lstrip()[:5].startswith(b"%PDF"):
        raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type=label), detail="no %PDF header")
    if file_type == "docx":
        try:
            check_zip(data, limits.zip)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" not in archive.namelist():
                    raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type=label), detail="no word/document.xml")
        except zipfile.BadZipFile as error:
            raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type=label), detail="docx: BadZipFile") from error
        except ZipLimitError as error:
            raise ValidationFailedError(texts.FILE_TOO_COMPLEX.format(name=name), detail=f"zip {error.reason}: {error}") from error
    try:
        outcome, text, pages = run_limited(extract_text, file_type, data, limits.pdf_pages, limits=limits.sandbox)
    except SandboxError as error:
        raise ValidationFailedError(texts.FILE_TOO_COMPLEX.format(name=name), detail=f"parser {error.reason}: {error}") from error
    if outcome == "pages":
        raise ValidationFailedError(texts.FILE_TOO_MANY_PAGES.format(name=name, pages=pages, max=limits.pdf_pages),
                                    detail=f"{pages} pages")
    if outcome != "ok":
        raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type=label), detail=text)
    return text, pages


def _txt_text(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailedError(texts.FILE_CORRUPT.format(name=name, type="tekst"), detail="not decodable")


def check_upload(
    name: str, data: bytes, *, accepted: list[str], max_bytes: int, limits: ParseLimits = ParseLimits()
) -> CheckedFile:
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
    note: FileNote | None = None
    if file_type in ("pdf", "docx"):
        text, pages = _parsed_text(shown, file_type, data, limits)
        if file_type == "pdf" and pages == 0:
            raise ValidationFailedError(texts.FILE_NO_TEXT.format(name=shown), detail="0 pages")
        if file_type == "pdf" and not text.strip():
            note = FileNote.NO_TEXT
    else:
        text = _txt_text(shown, data)
    if note is None and not text.strip():
        raise ValidationFailedError(texts.FILE_NO_TEXT.format(name=shown), detail="no text")
    if contains_identity_number(text) or contains_identity_number(name):
        raise ValidationFailedError(texts.FILE_ID_NUMBER.format(name=shown), detail="identity number in document")
    return CheckedFile(file_type=file_type, size=size, note=note)
