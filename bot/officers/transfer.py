"""Standard answers to and from YAML/CSV files, validated like the findings import.

Why row by row (as `bot.findings.importer`, whose file checks are reused): an officer importing a
spreadsheet gets every valid row in and a list of the rest (row, field, reason in Norwegian). A row
is valid only when its citations are in the index, as in Slack. The export writes every field the
import reads, so a file exported from one installation imports into another.

YAML: a list under `standardsvar:`; CSV: one row per answer. Fields: id (optional: new when empty),
question, alternatives (list, or «;»-separated in CSV), answer, citations (likewise), status
(utkast/godkjent/trukket), owner (the Slack user id of the responsible officer), review_on (ÅÅÅÅ-MM-DD);
the export adds approved_on and review_reason (read-only).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.domain import Audience
from bot.errors import TilsynsbotError
from bot.findings.importer import read_table
from bot.findings.models import ImportReport, RowError
from bot.officers.standard import StandardAnswers, StandardInput
from bot.officers.tables import StandardAnswerRow
from bot.texts import findings as finding_texts
from bot.texts import officers as t

COLUMNS = ("id", "question", "alternatives", "answer", "citations", "status", "owner", "review_on", "approved_on",
           "review_reason")
_LISTS = ("alternatives", "citations")


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(";") if p.strip()]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise ValueError(t.IMPORT_NOT_A_LIST)


def import_standard_answers(answers: StandardAnswers, path: Path, *, actor: str) -> ImportReport:
    """Validate and save every row of `path`; invalid rows are reported with row, field and reason."""
    rows, invalid = read_table(path, "standardsvar")
    report = ImportReport()
    report.rejected.extend(RowError(row=n, field="", reason=finding_texts.IMPORT_ROW_NOT_MAPPING.format(kind=kind))
                           for n, kind in invalid)
    for number, raw in rows:
        row = {str(k).strip(): (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k}
        owner = str(row.get("owner") or "").strip()
        if not owner:
            report.rejected.append(RowError(row=number, field="owner", reason=t.IMPORT_OWNER_MISSING))
            continue
        try:
            lists = {name: _as_list(row.get(name)) for name in _LISTS}
            data = StandardInput(question=str(row.get("question") or ""), answer_text=str(row.get("answer") or ""),
                                 status=str(row.get("status") or "godkjent"), review_on=row.get("review_on") or None,
                                 **lists)
            saved = answers.save(data, actor=actor, audience=Audience.OFFICERS, owner=owner,
                                 standard_answer_id=str(row.get("id") or ""), origin="import", create_missing=True)
        except ValidationError as error:
            report.rejected.extend(RowError(row=number, field="answer" if str(e["loc"][0]) == "answer_text" else str(e["loc"][0]),
                                            reason=finding_texts.reason_of(e)) for e in error.errors())
            continue
        except ValueError as error:
            report.rejected.append(RowError(row=number, field="alternatives/citations", reason=str(error)))
            continue
        except TilsynsbotError as error:
            report.rejected.append(RowError(row=number, field=error.field, reason=error.user_message))
            continue
        report.imported.append(saved.id)
    return report


def row_dict(row: StandardAnswerRow) -> dict[str, Any]:
    return {"id": row.id, "question": row.question, "alternatives": list(row.alternatives), "answer": row.answer_text,
            "citations": [c["ref"] for c in row.citations], "status": row.status, "owner": row.owner,
            "review_on": row.review_on.isoformat() if row.review_on else "",
            "approved_on": row.approved_on.isoformat() if row.approved_on else "", "review_reason": row.review_reason}


def export_standard_answers(rows: list[StandardAnswerRow], path: Path) -> None:
    """Write `rows` as YAML (`.yaml`/`.yml`) or CSV (anything else ending in `.csv`)."""
    items = [row_dict(r) for r in rows]
    if path.suffix.lower() == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
        writer.writeheader()
        for item in items:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in item.items()})
        path.write_text(out.getvalue(), encoding="utf-8")
        return
    path.write_text(yaml.safe_dump({"standardsvar": items}, allow_unicode=True, sort_keys=False), encoding="utf-8")
