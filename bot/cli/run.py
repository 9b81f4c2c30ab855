"""`tilsynsbot run` and `tilsynsbot serve`: start the bot the way an operator expects.

`run` is what `make run` calls: bring the index up to date first (ingest if missing or stale),
then start Slack when a bot token is configured (Socket Mode with `SLACK_APP_TOKEN`, otherwise
HTTP), and the terminal chat when it is not, so a fresh clone works without any Slack setup.
`serve` starts only the HTTP transport (for a deployment behind a reverse proxy).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("tilsynsbot.run")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="oppdater indeksen og start boten (Slack eller terminalchat)")
    run.add_argument("--host", default=None, help="adresse for HTTP-modus (standard: HOST)")
    run.add_argument("--port", type=int, default=None, help="port for HTTP-modus (standard: PORT)")
    run.set_defaults(handler=run_handler)
    serve = subparsers.add_parser("serve", help="start Slack-appen over HTTP (/slack/events og /healthz)")
    serve.add_argument("--host", default=None, help="adresse (standard: HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (standard: PORT)")
    serve.set_defaults(handler=serve_handler)


def _with_address(settings: Settings, args: argparse.Namespace) -> Settings:
    update = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    return settings.model_copy(update=update) if update else settings


def run_handler(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.indexer import ensure_index

    settings = _with_address(settings, args)
    report = ensure_index(settings)
    if report is not None:
        for line in report.summary_lines():
            print(line, file=sys.stderr)
    from bot.services import build_services

    if not settings.slack_enabled:
        from bot.cli.ask import in_process, run_chat

        print("SLACK_BOT_TOKEN er ikke satt: starter terminalchat (se docs/slack.md for Slack).", file=sys.stderr)
        return int(run_chat(build_services(in_process(settings))) or 0)
    return _start_slack(settings, build_services(settings))


def serve_handler(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services import build_services

    settings = _with_address(settings, args)
    services = build_services(settings)
    from bot.slack.app import create_app
    from bot.slack.server import serve_http

    serve_http(create_app(settings, services=services), services, host=settings.host, port=settings.port)
    return 0


def _start_slack(settings: Settings, services: Services) -> int:
    from bot.slack.app import create_app
    from bot.slack.server import serve_http, serve_socket_mode

    app = create_app(settings, services=services)
    if settings.socket_mode:
        serve_socket_mode(app, services, settings.slack_app_token)
    else:
        serve_http(app, services, host=settings.host, port=settings.port)
    return 0
