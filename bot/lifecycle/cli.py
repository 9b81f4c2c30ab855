"""`tilsynsbot tilsyn …`: create a tilsyn from YAML, open its cases, the overview and its export.

Why a CLI beside Slack: an officer prepares a tilsyn as a reviewed file, and the overview must be
exportable for reporting without Slack. As in `tilsynsbot intake`, the person at the terminal
names the officer they act as (`--som`, a Slack id in OFFICER_USER_IDS), so every event records
a person. Cases opened here get no Slack message; the contact starts with `/tilsyn intake fortsett`
(open them from Slack, `/tilsyn forløp åpne <id>`, to send the introduction).

    tilsynsbot tilsyn create TILSYN.yaml --som U123 [--open]
    tilsynsbot tilsyn open TILSYN_ID --som U123
    tilsynsbot tilsyn overview [TILSYN_ID] --som U123 [--csv FIL.csv | --xlsx FIL.xlsx | --json]
    tilsynsbot tilsyn events [TILSYN_ID] --som U123

TILSYN.yaml: id, title, theme, legal_basis (list), bydeler (list), intake_template, deadline
(ÅÅÅÅ-MM-DD), and optionally authority, kommune and contacts ({bydel: Slack-id}).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.access import Directory
from bot.dates import short_date
from bot.db import make_engine, migrate, session_factory
from bot.errors import AccessDeniedError
from bot.findings.service import build_findings_service
from bot.intake.service import Actor, build_intake_service
from bot.lifecycle.export import overview_csv, overview_xlsx
from bot.lifecycle.overview import TilsynOverview
from bot.lifecycle.service import LifecycleService, build_lifecycle_service
from bot.lifecycle.spec import load_spec
from bot.settings import Settings
from bot.texts import lifecycle as t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("tilsyn", help="tilsyn som arbeidsenhet: opprett, åpne saker, oversikt, hendelser")
    sub = parser.add_subparsers(dest="tilsyn_command", required=True)
    p_create = sub.add_parser("create", help="opprett et tilsyn fra en YAML-fil")
    p_create.add_argument("file", type=Path)
    p_create.add_argument("--open", action="store_true", help="åpne innsendingssakene for alle bydelene med en gang")
    p_create.set_defaults(handler=handle_create)
    p_open = sub.add_parser("open", help="åpne innsendingssakene for bydelene som ikke har en")
    p_open.add_argument("tilsyn_id")
    p_open.set_defaults(handler=handle_open)
    p_overview = sub.add_parser("overview", help="hver bydels stadium og neste frist (forfalt først)")
    p_overview.add_argument("tilsyn_id", nargs="?")
    output = p_overview.add_mutually_exclusive_group()
    output.add_argument("--csv", type=Path, help="skriv oversikten som CSV til denne filen")
    output.add_argument("--xlsx", type=Path, help="skriv oversikten som Excel-regneark (XLSX) til denne filen")
    output.add_argument("--json", action="store_true")
    p_overview.set_defaults(handler=handle_overview)
    p_events = sub.add_parser("events", help="revisjonsloggen: hver overgang med hvem, når, fra → til og kommentar")
    p_events.add_argument("tilsyn_id", nargs="?")
    p_events.set_defaults(handler=handle_events)
    for p in (p_create, p_open, p_overview, p_events):
        p.add_argument("--som", required=True, help="Slack-id til saksbehandleren du handler som")


def _service(settings: Settings, *, with_index: bool = False) -> LifecycleService:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)
    findings = build_findings_service(settings, sessions)
    intake = build_intake_service(settings, sessions, directory=directory)
    index = None
    if with_index:  # the legal basis is checked against the index only where a tilsyn is created
        from bot.answering.service import build_answering_service

        index = build_answering_service(settings)
    return build_lifecycle_service(settings, sessions, findings, intake, directory=directory, index=index)


def _officer(service: LifecycleService, user_id: str) -> Actor:
    actor = Actor(user_id)
    if not service.is_officer(actor):
        raise AccessDeniedError(t.NOT_OFFICER, detail=f"cli --som {user_id}")
    return actor


def handle_create(args: argparse.Namespace, settings: Settings) -> int:
    spec = load_spec(args.file)
    service = _service(settings, with_index=True)
    actor = _officer(service, args.som)
    tilsyn = service.create_tilsyn(actor, spec)
    print(t.TILSYN_CREATED.format(title=tilsyn.title, id=tilsyn.id, count=len(tilsyn.bydeler_covered),
                                  deadline=short_date(spec.deadline)))
    if args.open:
        print(service.open_cases(actor, tilsyn.id, spec.contacts).text(tilsyn.title))
    return 0


def handle_open(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    actor = _officer(service, args.som)
    print(service.open_cases(actor, args.tilsyn_id).text(service.tilsyn(args.tilsyn_id).title))
    return 0


def overview_text(overviews: list[TilsynOverview]) -> str:
    lines = []
    for overview in overviews:
        lines.append(f"{overview.title} ({overview.tilsyn_id})")
        for row in overview.rows:
            count = t.OVERVIEW_COUNT_SUFFIX.format(count=row.count) if row.count > 1 else ""
            deadline = t.DEADLINE.format(date=short_date(row.deadline)) if row.deadline else ""
            lines.append(f"  {'!' if row.overdue else ' '} {row.label + count:<42} {row.stage_label:<26} {deadline:<17} "
                         f"{' '.join(row.cases)}".rstrip())
    return "\n".join(lines) if lines else t.OVERVIEW_EMPTY


def handle_overview(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    overviews = service.overview(_officer(service, args.som), args.tilsyn_id)
    if args.csv:
        args.csv.write_text(overview_csv(overviews), encoding="utf-8")
        print(t.EXPORT_WRITTEN.format(path=args.csv))
        return 0
    if args.xlsx:
        args.xlsx.write_bytes(overview_xlsx(overviews))
        print(t.EXPORT_WRITTEN.format(path=args.xlsx))
        return 0
    if args.json:
        rows = [{"tilsyn_id": o.tilsyn_id, "bydel": r.label, "count": r.count, "stage": r.stage.value if r.stage else None,
                 "deadline": r.deadline.isoformat() if r.deadline else None, "overdue": r.overdue, "cases": list(r.cases)}
                for o in overviews for r in o.rows]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(overview_text(overviews))
    return 0


def handle_events(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    for e in service.history(_officer(service, args.som), args.tilsyn_id):
        before = e.from_stage.label if e.from_stage else t.NO_STAGE
        deadline = " " + t.DEADLINE.format(date=short_date(e.deadline)) if e.deadline else ""
        print(f"{e.at.astimezone(service.tz):%Y-%m-%d %H:%M}  {e.actor:<14} {e.tilsyn_id} {e.subject}: "
              f"{before} → {e.to_stage.label} ({t.EVENT_KINDS[e.kind.value]}){deadline}"
              f"{f' – {e.comment}' if e.comment else ''}{f' [{e.case_id}]' if e.case_id else ''}")
    return 0
