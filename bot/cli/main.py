"""`tilsynsbot` command line: one entry point, subcommands registered by area modules.

Each module in `COMMAND_MODULES` has `register(subparsers)` and sets `handler(args, settings) -> int`
on its parsers. Expected failures (`TilsynsbotError`) are printed as their Norwegian message with
exit code 1; nothing is swallowed.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from bot.errors import TilsynsbotError
from bot.settings import get_settings

COMMAND_MODULES = (
    "bot.cli.run",  # run, serve
    "bot.cli.ingest_cmd",  # ingest
    "bot.cli.ask",  # ask, search, chat, eval
    "bot.cli.findings",  # findings import/list
    "bot.cli.standard_answers",  # standardsvar import/export/list/check
    "bot.intake.cli",  # intake list/status/export/audit
    "bot.lifecycle.cli",  # tilsyn create/open/overview/events
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tilsynsbot", description="Tilsynsbot for krisesentertilsyn.")
    parser.add_argument("-v", "--verbose", action="store_true", help="mer logging")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = get_settings()
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.handler(args, settings) or 0)
    except TilsynsbotError as error:
        logging.getLogger("tilsynsbot").error("%s: %s", type(error).__name__, error.detail or error.user_message)
        print(error.user_message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
