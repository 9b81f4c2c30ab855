"""`tilsynsbot ingest [PATHS...] [--rebuild] [--json]`: bring the knowledge index up to date.

Incremental by default (only new or changed chunks are embedded). Files and folders named on the
command line are indexed too and remembered for later runs. Prints a Norwegian summary (or the
report as JSON) and lists every source that could not be read. Exit code 1 when nothing at all
could be indexed, or when files were named and none of them could be; 0 otherwise. A named file that
failed is not remembered (name it again once it is fixed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings
from bot.texts import ingest as texts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="indekser lover, forskrifter og dokumenter (bare det som er nytt eller endret)",
        description="Indekser kildene i knowledge/sources.yaml, dokumentmappen og filene du nevner.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="STI",
                        help="ekstra filer eller mapper (PDF, DOCX, HTML, Markdown, tekst) som skal indekseres")
    parser.add_argument("--rebuild", action="store_true", help="bygg hele indeksen på nytt")
    parser.add_argument("--json", action="store_true", help="skriv rapporten som JSON")
    parser.add_argument("--no-progress", action="store_true", help="ingen fremdriftslinje")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.indexer import Indexer

    report = Indexer(settings).run(args.paths, rebuild=args.rebuild, progress=not args.no_progress and not args.json)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.summary_lines():
            print(line)
    _check_standard_answers(settings, quiet=args.json)
    if report.nothing_indexed:
        if args.json:
            print(texts.NOTHING_INDEXED, file=sys.stderr)
        return 1
    if report.all_named_failed:
        print(texts.NAMED_ALL_FAILED.format(count=report.named_total), file=sys.stderr)
        return 1
    return 0


def _check_standard_answers(settings: Settings, *, quiet: bool) -> None:
    """After each ingest: standard answers whose cited § is gone, reads differently or got a pending change
    are put to "må vurderes" (the running bot tells their owners)."""
    from bot.cli.standard_answers import standard_answers
    from bot.errors import IndexUnavailableError
    from bot.texts import officers as officer_texts

    try:
        marked = standard_answers(settings).check()
    except IndexUnavailableError:
        return
    if marked and not quiet:
        print(officer_texts.CHECK_DONE.format(count=len(marked)))
