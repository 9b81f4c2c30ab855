"""`tilsynsbot findings …`: import, list, change status and audit the findings registry.

Officer mode: the CLI shows published fields only unless `--officer` is given. With `--officer`
it also shows internal fields (notes, draft conclusions, unpublished records) and may change the
registry (import, status). The flag is a statement by the person at the terminal, who already
has access to the server and its database; it exists so that output pasted into a channel or a
ticket does not carry internal fields by accident.

    tilsynsbot findings import FILE.yaml|FILE.csv --officer     # report of rejected rows (row, field, reason)
    tilsynsbot findings list [--open] [--bydel X] [--year N] [--json] [--officer]
    tilsynsbot findings status LOVBRUDD_ID --status lukket --closed-date 2024-05-02 [--note TEKST] --officer
    tilsynsbot findings audit [RECORD_ID] --officer

CSV columns (header row; lists separated by «;», dates ÅÅÅÅ-MM-DD or DD.MM.ÅÅÅÅ, ja/nei for booleans):
tilsyn_id, id, bydel, year, season, breach, count, summary, remarks, published, lovbrudd_id, wording,
legal_basis, themes, date_concluded, draft_conclusion, plan_deadline, extended_deadline, status,
closed_date, notes. `bydel` empty = not named in the report (then `id` is required).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from bot.db import make_engine, migrate, session_factory
from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.findings.service import FindingsService, build_findings_service
from bot.findings.views import FindingView
from bot.settings import Settings
from bot.texts import findings as texts

INTERNAL_FIELDS = ("notes", "draft_conclusion")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("findings", help="registeret over tilsynsfunn (import, liste, status)")
    sub = parser.add_subparsers(dest="findings_command", required=True)

    def officer_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--officer", action="store_true", help="som saksbehandler: vis interne felt, tillat endringer")

    p_import = sub.add_parser("import", help="importer funn fra YAML eller CSV")
    p_import.add_argument("file", type=Path)
    p_import.add_argument("--json", action="store_true")
    officer_flag(p_import)
    p_import.set_defaults(handler=handle_import)

    p_list = sub.add_parser("list", help="list funn")
    p_list.add_argument("--open", action="store_true", help="bare lovbrudd som ikke er lukket")
    p_list.add_argument("--bydel")
    p_list.add_argument("--year", type=int)
    p_list.add_argument("--json", action="store_true")
    officer_flag(p_list)
    p_list.set_defaults(handler=handle_list)

    p_status = sub.add_parser("status", help="endre status for et lovbrudd")
    p_status.add_argument("lovbrudd_id")
    p_status.add_argument("--status", help="åpen eller lukket")
    p_status.add_argument("--closed-date", type=date.fromisoformat)
    p_status.add_argument("--extended-deadline", type=date.fromisoformat)
    p_status.add_argument("--note", help="intern merknad (kun saksbehandlere)")
    officer_flag(p_status)
    p_status.set_defaults(handler=handle_status)

    p_audit = sub.add_parser("audit", help="endringslogg")
    p_audit.add_argument("record_id", nargs="?")
    officer_flag(p_audit)
    p_audit.set_defaults(handler=handle_audit)


def _service(settings: Settings) -> FindingsService:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return build_findings_service(settings, session_factory(engine))


def _audience(args: argparse.Namespace) -> Audience:
    return Audience.OFFICERS if getattr(args, "officer", False) else Audience.PUBLIC


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def handle_import(args: argparse.Namespace, settings: Settings) -> int:
    if not args.officer:
        raise AccessDeniedError(texts.IMPORT_NEEDS_OFFICER)
    report = _service(settings).import_file(args.file, actor=_actor(), audience=Audience.OFFICERS)
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(texts.IMPORT_SUMMARY.format(imported=len(report.imported), unchanged=len(report.unchanged), rejected=len({e.row for e in report.rejected})))
        for error in report.rejected:
            print(texts.IMPORT_REJECTED_LINE.format(row=error.row, field=error.field or "–", reason=error.reason))
    return 1 if report.rejected else 0


def row_dict(row: FindingView, *, officer: bool) -> dict[str, Any]:
    data = asdict(row)
    if not officer:
        for name in INTERNAL_FIELDS:
            data.pop(name, None)
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def format_row(row: FindingView, *, officer: bool) -> str:
    ident = row.lovbrudd_id or row.outcome_id
    bydel = texts.bydel_label(row.bydel)
    when = f"{row.season + ' ' if row.season else ''}{row.year}" if row.year else texts.YEAR_NOT_GIVEN
    if row.breach:
        status = texts.STATUS_LABELS.get(row.status, row.status)
        deadline = f", frist {texts.fmt_date(row.deadline)}{' (utsatt)' if row.extended_deadline else ''}" if row.deadline else ""
        closed = f", lukket {texts.fmt_date(row.closed_date)}" if row.closed_date else ""
        line = f"{ident}\n  {bydel} · {when} · {texts.OUTCOME_BREACH} · {status}{deadline}{closed}\n  {row.wording}"
    else:
        count = f"{row.count} bydeler" if row.count > 1 else bydel
        line = f"{ident}\n  {count} · {when} · {texts.OUTCOME_NO_BREACH}\n  {row.summary}"
    if row.remarks:
        line += "\n  " + texts.REMARK.format(text=row.remarks)
    if officer and row.notes:
        line += "\n  " + texts.INTERNAL_NOTE.format(text=row.notes)
    if officer and row.draft_conclusion:
        line += "\n  " + texts.DRAFT_CONCLUSION.format(text=row.draft_conclusion)
    return line


def handle_list(args: argparse.Namespace, settings: Settings) -> int:
    audience = _audience(args)
    officer = audience is Audience.OFFICERS
    rows = _service(settings).list_findings(audience=audience, only_open=args.open, bydel=args.bydel, year=args.year)
    if args.json:
        print(json.dumps([row_dict(r, officer=officer) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not officer:
        print(texts.NOT_OFFICER_CLI, file=sys.stderr)
    if not rows:
        print(texts.LIST_EMPTY)
    for row in rows:
        print(format_row(row, officer=officer))
    return 0


def handle_status(args: argparse.Namespace, settings: Settings) -> int:
    if args.status is None and args.closed_date is None and args.extended_deadline is None and args.note is None:
        raise ValidationFailedError(texts.STATUS_NOTHING_TO_CHANGE)
    follow = _service(settings).change_status(
        args.lovbrudd_id, actor=_actor(), audience=_audience(args), status=args.status, closed_date=args.closed_date,
        extended_deadline=args.extended_deadline, notes=args.note,
    )  # fmt: skip
    closed = f" ({texts.fmt_date(follow.closed_date)})" if follow.closed_date else ""
    print(texts.STATUS_SAVED.format(id=args.lovbrudd_id, status=follow.status.label, closed=closed))
    return 0


def handle_audit(args: argparse.Namespace, settings: Settings) -> int:
    for entry in _service(settings).audit(args.record_id, audience=_audience(args)):
        print(f"{entry.at.isoformat(timespec='seconds')}  {entry.actor}  {entry.entity} {entry.record_id}  "
              f"{entry.field}: {entry.old_value!s} -> {entry.new_value!s}")  # fmt: skip
    return 0
