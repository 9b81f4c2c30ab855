"""`tilsynsbot intake …`: the officers' view of intake cases from the server's terminal.

Why: the archive export must not depend on Slack being reachable (an upload can fail; an archivist
may have no Slack account). The person at the terminal names the officer they act as (`--som`,
a Slack user id from OFFICER_USER_IDS), so the audit log records a person, not "the server".

    tilsynsbot intake list [--json] --som U123
    tilsynsbot intake status INN-ABC123 --som U123
    tilsynsbot intake export INN-ABC123 --som U123        # prints the path of the zip in DATA_DIR/exports
    tilsynsbot intake audit INN-ABC123 --som U123
"""

from __future__ import annotations

import argparse
import json

from bot.db import make_engine, migrate, session_factory
from bot.errors import AccessDeniedError
from bot.intake.service import Actor, IntakeService, build_intake_service
from bot.intake.views import CaseView
from bot.settings import Settings
from bot.texts import intake as texts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("intake", help="innsendingssaker (liste, status, eksport, revisjonslogg)")
    sub = parser.add_subparsers(dest="intake_command", required=True)
    for name, helptext, handler, needs_case in (
        ("list", "list sakene", handle_list, False),
        ("status", "sjekkliste for en sak", handle_status, True),
        ("export", "eksporter en sak som zip til DATA_DIR/exports", handle_export, True),
        ("audit", "revisjonsloggen for en sak", handle_audit, True),
    ):
        p = sub.add_parser(name, help=helptext)
        if needs_case:
            p.add_argument("case_id")
        p.add_argument("--som", required=True, help="Slack-id til saksbehandleren du handler som")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)


def _service(settings: Settings) -> IntakeService:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return build_intake_service(settings, session_factory(engine))


def _officer(service: IntakeService, user_id: str) -> Actor:
    actor = Actor(user_id)
    if not service.is_officer(actor):
        raise AccessDeniedError(texts.NOT_OFFICER, detail=f"cli --som {user_id}")
    return actor


def _summary(view: CaseView) -> dict[str, object]:
    p = view.progress
    return {"case_id": view.id, "bydel": view.bydel, "deadline": view.deadline.isoformat(), "status": view.status,
            "documents": f"{p.docs_done}/{p.docs_total}", "questions": f"{p.questions_done}/{p.questions_total}",
            "contacts": view.contacts}


def handle_list(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    views = service.cases_for(_officer(service, args.som))
    if args.json:
        print(json.dumps([_summary(v) for v in views], ensure_ascii=False, indent=2))
        return 0
    for v in views:
        s = _summary(v)
        print(f"{s['case_id']}  {s['bydel']:<20} frist {s['deadline']}  {s['status']:<9} "
              f"dokumenter {s['documents']}  spørsmål {s['questions']}")
    if not views:
        print(texts.NO_CASES)
    return 0


def handle_status(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    view = service.get(args.case_id, _officer(service, args.som))
    if args.json:
        print(json.dumps(_summary(view) | {"missing": view.missing()}, ensure_ascii=False, indent=2))
        return 0
    from bot.intake.export import summary_text

    print(summary_text(view, service.tz), end="")
    return 0


def handle_export(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    path = service.export(args.case_id, _officer(service, args.som))
    print(json.dumps({"path": str(path)}) if args.json else path)
    return 0


def handle_audit(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    rows = service.audit_log(args.case_id, _officer(service, args.som))
    if args.json:
        print(json.dumps([{"at": at.isoformat(), "actor": a, "action": act, "detail": d} for at, a, act, d in rows],
                         ensure_ascii=False, indent=2))
        return 0
    for at, actor, action, detail in rows:
        print(f"{at.astimezone(service.tz):%Y-%m-%d %H:%M:%S}  {actor:<12} {action:<18} {detail}")
    return 0
