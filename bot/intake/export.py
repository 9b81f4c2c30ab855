"""Archive export of one case: a zip with the files, `manifest.json` and a readable summary.

Why this shape: the archive (and anyone checking it years later) needs the documents byte for
byte, a machine-readable record of each item's status, hashes and answers, and a text a person
can read without tools. Hashes are re-checked against the stored bytes while packing, so an
export never silently ships a damaged file.
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.dates import date_time, short_date
from bot.display import strip_controls
from bot.errors import TilsynsbotError
from bot.intake.filestore import FileStore
from bot.intake.views import CaseView
from bot.texts import intake as texts

# Most file systems and unzip tools allow 255 bytes per path component; the file id prefix
# ("<id>-", under 40 bytes) and some margin for tools that add a suffix keep us well inside it.
MAX_NAME_BYTES = 180
MAX_SUFFIX_CHARS = 12  # ".docx", ".pdf" … a longer "extension" is part of the name


def _safe(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """A portable path component: letters, digits and ._- kept, at most `limit` bytes in UTF-8, cut
    before the extension so "rapport….pdf" stays a .pdf."""
    clean = "".join(c if c.isalnum() or c in "._- " else "_" for c in strip_controls(name)).strip(" .") or "fil"
    stem, dot, suffix = clean.rpartition(".")
    if not dot or not stem or len(suffix) > MAX_SUFFIX_CHARS:
        stem, suffix = clean, ""
    ending = f".{suffix}" if suffix else ""
    budget = limit - len(ending.encode())
    encoded = stem.encode()
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", errors="ignore").rstrip(" .") or "fil"
    return stem + ending


def manifest(view: CaseView, audit_rows: list[tuple[datetime, str, str, str]]) -> dict[str, Any]:
    return {
        "case_id": view.id,
        "tilsyn": view.tilsyn,
        "template": view.template.id,
        "bydel": view.bydel,
        "deadline": view.deadline.isoformat(),
        "status": view.status,
        "submitted_at": view.submitted_at.isoformat() if view.submitted_at else None,
        "submitted_by": view.submitted_by,
        "items": [
            {
                "id": i.item.id,
                "title": i.item.title,
                "required": i.item.required,
                "status": i.status,
                "complete": i.complete,
                "explanation": i.explanation or None,
                "files": [
                    {
                        "name": f.name,
                        "path": f"filer/{i.item.id}/{f.id}-{_safe(f.name)}",
                        "sha256": f.sha256,
                        "size": f.size,
                        "uploaded_by": f.uploaded_by,
                        "uploaded_at": f.uploaded_at.isoformat(),
                    }
                    for f in i.files
                ],
            }
            for i in view.items
        ],
        "answers": [
            {
                "id": a.question.id,
                "question": a.question.text,
                "answer": a.text,
                "answered_by": a.updated_by,
                "answered_at": a.updated_at.isoformat() if a.updated_at else None,
            }
            for a in view.answers
        ],
        "audit": [{"at": at.isoformat(), "actor": actor, "action": action, "detail": detail} for at, actor, action, detail in audit_rows],
    }


def summary_text(view: CaseView, tz: ZoneInfo) -> str:
    progress = view.progress
    lines = [
        f"Innsending {view.id} – bydel {view.bydel}",
        view.template.title,
        f"Frist: {short_date(view.deadline)}",
        f"Status: {'sendt inn ' + date_time(view.submitted_at, tz) if view.submitted_at else 'ikke sendt inn'}",
        f"{progress.docs_done} av {progress.docs_total} dokumenter, {progress.questions_done} av {progress.questions_total} spørsmål",
        "",
        "DOKUMENTER",
    ]
    for i in view.items:
        lines.append(f"- {i.item.title}: {texts.STATUS_LABELS[i.status]}")
        lines += [f"    {f.name}  SHA-256 {f.sha256}" for f in i.files]
        if i.explanation:
            lines.append(f"    Forklaring: {i.explanation}")
    lines += ["", "SVAR"]
    for a in view.answers:
        lines += [f"- {a.question.text}", f"    {a.text or '(ikke besvart)'}"]
    return "\n".join(lines) + "\n"


def write_export(view: CaseView, audit_rows: list[tuple[datetime, str, str, str]], files: FileStore, target: Path, tz: ZoneInfo) -> Path:
    """Write the zip to `target` (via a temporary name, so a half-written zip never looks finished)."""
    import hashlib

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    data = manifest(view, audit_rows)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in data["items"]:
            for f in item["files"]:
                content = files.get(f["sha256"])
                if hashlib.sha256(content).hexdigest() != f["sha256"]:
                    raise TilsynsbotError(texts.EXPORT_FILE_CORRUPT, detail=f"hash mismatch {f['sha256']}")
                archive.writestr(f["path"], content)
        archive.writestr("manifest.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("sammendrag.txt", summary_text(view, tz))
    tmp.replace(target)
    return target
