"""Reading findings from YAML or CSV, validating every row, and writing the valid ones.

Why row by row: an officer importing a spreadsheet should get every valid row in and a clear
list of the rest (row number, field, reason in Norwegian) to fix, not an all-or-nothing failure.

Formats (see docs in `bot/cli/findings.py`):
- YAML `tilsyn:` a list of tilsyn, each with nested `outcomes:` (the seed file uses this);
- YAML `rows:` and CSV: flat rows, one outcome each, referring to a tilsyn by `tilsyn_id`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import ValidationFailedError
from bot.findings.models import ImportReport, Outcome, RowError, Tilsyn, bydel_slug, normalise_bydel
from bot.findings.store import FindingsStore
from bot.texts import findings as texts

_DATE_FIELDS = ("date_concluded", "plan_deadline", "extended_deadline", "closed_date")
_FOLLOW_FIELDS = ("plan_deadline", "extended_deadline", "status", "closed_date", "notes")
_LOVBRUDD_FIELDS = ("wording", "legal_basis", "themes", "date_concluded", "draft_conclusion")
_LIST_FIELDS = ("legal_basis", "themes")
_NO_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass
class ParsedFile:
    tilsyn: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row, header without outcomes)
    outcomes: list[tuple[int, str, dict[str, Any], int | None]] = field(default_factory=list)  # row, tilsyn_id, data, header row
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (row, what it was instead of a mapping)


def _norwegian_date(value: Any) -> Any:
    if isinstance(value, str) and (m := _NO_DATE.match(value.strip())):
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    return value


def _bool(value: Any, name: str) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("ja", "j", "yes", "true", "1", "sann"):
            return True
        if lowered in ("nei", "n", "no", "false", "0", "usann"):
            return False
        raise ValueError(f"{name}: må være «ja» eller «nei»")
    return value


def flat_to_outcome(row: dict[str, Any]) -> dict[str, Any]:
    """A flat row (CSV or YAML `rows:`) as the nested outcome shape the model validates."""
    row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
    row = {k: v for k, v in row.items() if v not in ("", None)}
    for name in _LIST_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = [p.strip() for p in row[name].split(";") if p.strip()]
    for name in ("breach", "published"):
        if name in row:
            row[name] = _bool(row[name], name)
    for name in _DATE_FIELDS:
        if name in row:
            row[name] = _norwegian_date(row[name])
    outcome = {k: v for k, v in row.items() if k not in _LOVBRUDD_FIELDS + _FOLLOW_FIELDS + ("lovbrudd_id",)}
    lovbrudd = {k: row[k] for k in _LOVBRUDD_FIELDS if k in row}
    follow = {k: row[k] for k in _FOLLOW_FIELDS if k in row}
    if lovbrudd or follow or row.get("lovbrudd_id"):
        lovbrudd["follow_up"] = follow
        if row.get("lovbrudd_id"):
            lovbrudd["id"] = row["lovbrudd_id"]
        outcome["lovbrudd"] = lovbrudd
    return outcome


def _fill_ids(tilsyn_id: str, data: dict[str, Any]) -> None:
    """Derive missing ids: `<tilsyn>/<bydel>-<year>` for a named bydel, lovbrudd id from outcome id."""
    if not data.get("id"):
        bydel = normalise_bydel(data.get("bydel"))  # raises ValueError for an unknown name
        if bydel is None:
            raise ValueError("id: mangler (påkrevd når bydelen ikke er navngitt)")
        slug = bydel_slug(bydel)
        data["id"] = f"{tilsyn_id}/{slug}-{data.get('year') or 'uten-aar'}"
    if isinstance(data.get("lovbrudd"), dict) and not data["lovbrudd"].get("id"):
        data["lovbrudd"]["id"] = f"{data['id']}/lovbrudd"


MAX_FILE_MB = 10  # the whole register is a few hundred rows; anything far larger is a mistake


MAX_EXPANDED_NODES = 200_000  # values in the file with every alias written out; the register has a few thousand


def _expanded_size(doc: Any, limit: int) -> int:
    """How many values `doc` has with aliases expanded, counting no further than `limit`.

    Why: YAML aliases (`*wording`, used by the seed file for a shared text) are shared objects after
    loading, but anything that walks the result expands them; nine lines of `&a [*b, *b, …]`
    ("billion laughs") expand to billions. The walk stops as soon as the count passes `limit`.
    """
    seen, stack = 0, [doc]
    while stack:
        value = stack.pop()
        seen += 1
        if seen > limit:
            break
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return seen


def _kind(value: Any) -> str:
    return {str: "tekst", int: "et tall", float: "et tall", bool: "ja/nei", dict: "en tabell", list: "en liste"}.get(type(value), type(value).__name__)


def _key_line(text: str, key: str) -> int:
    """The line of a top-level `key:` (for messages; 0 when not found)."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _rows(doc: dict[str, Any], key: str, path: Path, text: str) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationFailedError(
            texts.IMPORT_NOT_A_LIST.format(path=path, key=key, line=_key_line(text, key), kind=_kind(value)),
            detail=f"{key} is {type(value).__name__}",
        )
    return value


def _csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect from the header line; a single column has no delimiter to sniff (comma then)."""
    try:
        return csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_text(path: Path) -> str:
    """The file's text (size-limited, UTF-8 with or without BOM); a Norwegian error when it cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_MB * 1_048_576:
            raise ValidationFailedError(texts.IMPORT_TOO_LARGE.format(path=path, size_mb=path.stat().st_size / 1_048_576,
                                                                        max_mb=MAX_FILE_MB))
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationFailedError(texts.IMPORT_UNREADABLE.format(path=path), detail=str(error)) from error


def csv_rows(path: Path, raw_text: str) -> list[tuple[int, dict[str, Any]]]:
    """Every CSV row with its line number (the header is line 1)."""
    try:
        return [(line_no, dict(row)) for line_no, row in
                enumerate(csv.DictReader(io.StringIO(raw_text), dialect=_csv_dialect(raw_text)), start=2)]
    except csv.Error as error:
        raise ValidationFailedError(texts.IMPORT_UNREADABLE.format(path=path), detail=str(error)) from error


def yaml_document(path: Path, raw_text: str) -> dict[str, Any]:
    """The YAML top-level mapping, refusing bad YAML (with its line) and alias bombs."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise ValidationFailedError(texts.IMPORT_BAD_FORMAT.format(path=path))
    try:
        doc = yaml.safe_load(raw_text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or "ugyldig YAML"
        message = (texts.IMPORT_BAD_YAML_AT.format(path=path, line=mark.line + 1, reason=reason) if mark
                   else texts.IMPORT_BAD_YAML.format(path=path))
        raise ValidationFailedError(message, detail=str(error)) from error
    if not isinstance(doc, dict):
        raise ValidationFailedError(texts.IMPORT_BAD_YAML.format(path=path), detail=f"top level is {type(doc).__name__}")
    if _expanded_size(doc, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
        raise ValidationFailedError(texts.IMPORT_YAML_EXPANDS.format(path=path, max=MAX_EXPANDED_NODES),
                                    detail="alias expansion over the limit")
    return doc


def read_table(path: Path, key: str) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Flat rows from a CSV file or a YAML list under `key`, with the same checks as the findings import:
    (row number, row) for each mapping, and (row number, what it was instead) for the rest.
    Used by other registries' imports (standard answers) so every import reads files the same way."""
    raw_text = read_text(path)
    if path.suffix.lower() == ".csv":
        return csv_rows(path, raw_text), []
    doc = yaml_document(path, raw_text)
    rows: list[tuple[int, dict[str, Any]]] = []
    invalid: list[tuple[int, str]] = []
    for number, item in enumerate(_rows(doc, key, path, raw_text), start=1):
        if isinstance(item, dict):
            rows.append((number, dict(item)))
        else:
            invalid.append((number, _kind(item)))
    return rows, invalid


def parse_file(path: Path) -> ParsedFile:
    """Parse without validating: rows keep their number for the report.

    Every shape problem ends as `ValidationFailedError` (file level, with the line) or a `RowError`
    (one row), never as a traceback: the file comes from a person, and a person fixes it.
    """
    raw_text = read_text(path)
    parsed = ParsedFile()
    if path.suffix.lower() == ".csv":
        for line_no, row in csv_rows(path, raw_text):
            parsed.outcomes.append((line_no, str(row.pop("tilsyn_id", "") or "").strip(), row, None))
        return parsed
    doc = yaml_document(path, raw_text)
    row_no = 0
    for header in _rows(doc, "tilsyn", path, raw_text):
        row_no += 1
        if not isinstance(header, dict):
            parsed.invalid.append((row_no, _kind(header)))
            continue
        header = dict(header)
        outcomes = header.pop("outcomes", None) or []
        parsed.tilsyn.append((row_no, header))
        header_row = row_no
        for outcome in outcomes if isinstance(outcomes, list) else [outcomes]:
            row_no += 1
            if not isinstance(outcome, dict):
                parsed.invalid.append((row_no, _kind(outcome)))
                continue
            parsed.outcomes.append((row_no, str(header.get("id", "")), dict(outcome), header_row))
    for flat in _rows(doc, "rows", path, raw_text):
        row_no += 1
        if not isinstance(flat, dict):
            parsed.invalid.append((row_no, _kind(flat)))
            continue
        flat = dict(flat)
        parsed.outcomes.append((row_no, str(flat.pop("tilsyn_id", "") or ""), flat, None))
    return parsed


def _errors(row: int, error: ValidationError | ValueError) -> list[RowError]:
    if isinstance(error, ValidationError):
        return [RowError(row=row, field=texts.field_of(e), reason=texts.reason_of(e)) for e in error.errors()]
    field_name, _, reason = str(error).partition(": ")
    return [RowError(row=row, field=field_name if reason else "", reason=reason or str(error))]


def import_file(store: FindingsStore, path: Path, *, actor: str) -> ImportReport:
    """Validate and write every row of `path`; invalid rows are reported, valid rows imported."""
    parsed = parse_file(path)
    report = ImportReport()
    report.rejected.extend(RowError(row=row, field="", reason=texts.IMPORT_ROW_NOT_MAPPING.format(kind=kind))
                           for row, kind in parsed.invalid)
    rejected_headers: set[int] = set()
    known = {t.id for t in store.load()}
    for row_no, header in parsed.tilsyn:
        try:
            tilsyn = Tilsyn.model_validate(header)
        except (ValidationError, ValueError, TypeError) as error:
            report.rejected.extend(_errors(row_no, error if not isinstance(error, TypeError) else ValueError(str(error))))
            rejected_headers.add(row_no)
            continue
        (report.imported if store.save_tilsyn(tilsyn, actor=actor) else report.unchanged).append(tilsyn.id)
        known.add(tilsyn.id)
    for row_no, tilsyn_id, data, header_row in parsed.outcomes:
        if header_row in rejected_headers:
            report.rejected.append(RowError(row=row_no, field="tilsyn", reason=texts.IMPORT_HEADER_REJECTED.format(row=header_row)))
            continue
        if not tilsyn_id or tilsyn_id not in known:
            report.rejected.append(RowError(row=row_no, field="tilsyn_id", reason=texts.IMPORT_UNKNOWN_TILSYN.format(id=tilsyn_id or "–")))
            continue
        try:
            if header_row is None:
                data = flat_to_outcome(data)
            _fill_ids(tilsyn_id, data)
            outcome = Outcome.model_validate(data)
        except (ValidationError, ValueError, TypeError, AttributeError) as error:  # a value of the wrong kind
            report.rejected.extend(_errors(row_no, error if isinstance(error, ValueError) else ValueError(str(error))))
            continue
        changed = store.save_outcome(tilsyn_id, outcome, actor=actor)
        (report.imported if changed else report.unchanged).append(outcome.id)
    return report
