"""`tilsynsbot standardsvar …`: import, export, list and re-check the officers' standard answers.

    tilsynsbot standardsvar import FILE.yaml|FILE.csv --officer   # report of rejected rows (row, field, reason)
    tilsynsbot standardsvar export FILE.yaml|FILE.csv
    tilsynsbot standardsvar list [--json]
    tilsynsbot standardsvar check                                 # citations against the index (also after ingest)

Formats: `bot/officers/transfer.py`. As for findings, `--officer` is the statement of the person at
the terminal that they act as an officer; changes are audited as `cli:<user>`.
"""

from __future__ import annotations

import argparse
import getpass
import json
from pathlib import Path

from bot.errors import AccessDeniedError, TilsynsbotError
from bot.officers.standard import REVIEW, StandardAnswers
from bot.officers.transfer import export_standard_answers, import_standard_answers, row_dict
from bot.settings import Settings
from bot.texts import findings as finding_texts
from bot.texts import officers as texts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("standardsvar", help="Statsforvalterens standardsvar (import, eksport, liste, sjekk)")
    sub = parser.add_subparsers(dest="standard_command", required=True)
    p_import = sub.add_parser("import", help="les inn standardsvar fra YAML eller CSV")
    p_import.add_argument("file", type=Path)
    p_import.add_argument("--json", action="store_true")
    p_import.add_argument("--officer", action="store_true", help="som saksbehandler (påkrevd for å endre)")
    p_import.set_defaults(handler=handle_import)
    p_export = sub.add_parser("export", help="skriv alle standardsvar til YAML eller CSV")
    p_export.add_argument("file", type=Path)
    p_export.set_defaults(handler=handle_export)
    p_list = sub.add_parser("list", help="list standardsvar")
    p_list.add_argument("--json", action="store_true")
    p_list.set_defaults(handler=handle_list)
    p_check = sub.add_parser("check", help="sjekk kildene mot kunnskapsbasen")
    p_check.set_defaults(handler=handle_check)


def standard_answers(settings: Settings) -> StandardAnswers:
    """The standard answers over the configured database and index, by the builder the bot and `ask` use."""
    from bot.answering.service import build_answering_service
    from bot.clock import SystemClock
    from bot.db import make_engine, migrate, session_factory
    from bot.officers.serving import build_standard_answers

    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    service = build_answering_service(settings)
    built = build_standard_answers(settings, session_factory(engine), SystemClock(), service, service.embedder)
    if built is None:  # the real answering service always reads citations; say so plainly if it ever cannot
        raise TilsynsbotError(texts.STANDARD_NEEDS_INDEX)
    return built[0]


def handle_import(args: argparse.Namespace, settings: Settings) -> int:
    if not args.officer:
        raise AccessDeniedError(finding_texts.IMPORT_NEEDS_OFFICER)
    report = import_standard_answers(standard_answers(settings), args.file, actor=f"cli:{getpass.getuser()}")
    if args.json:
        print(report.model_dump_json(indent=2))
    elif report.rejected:
        print(texts.IMPORT_FAILED_ROWS.format(imported=len(report.imported), rejected=len({e.row for e in report.rejected})))
        for error in report.rejected:
            print(texts.IMPORT_ROW_ERROR.format(row=error.row, field=error.field or "–", reason=error.reason))
    else:
        print(texts.IMPORT_DONE.format(count=len(report.imported)))
    return 1 if report.rejected else 0


def handle_export(args: argparse.Namespace, settings: Settings) -> int:
    rows = standard_answers(settings).all()
    export_standard_answers(rows, args.file)
    print(texts.EXPORT_DONE.format(count=len(rows), path=args.file))
    return 0


def handle_list(args: argparse.Namespace, settings: Settings) -> int:
    rows = standard_answers(settings).all()
    if args.json:
        print(json.dumps([row_dict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(texts.STANDARD_LIST_EMPTY)
    for row in rows:
        status = texts.STATUS_LABELS.get(row.status, row.status)
        print(f"{row.id}  {status}  {row.question}")
        if row.review_reason and row.status == REVIEW:
            print(f"    {row.review_reason}")
    return 0


def handle_check(args: argparse.Namespace, settings: Settings) -> int:
    del args
    marked = standard_answers(settings).check()
    print(texts.CHECK_DONE.format(count=len(marked)))
    for row in marked:
        print(f"  {row.id}  {row.question}")
    return 0
