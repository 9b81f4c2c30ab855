"""`tilsynsbot intake …` from the terminal: officers only; export writes a zip and prints its path."""

from __future__ import annotations

import argparse
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bot.errors import AccessDeniedError
from bot.intake import cli
from tests.intake.conftest import CONTACT, OFFICER


def run(argv: list[str], settings) -> int:
    parser = argparse.ArgumentParser(prog="tilsynsbot")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args, settings)


def test_list_status_export_and_audit(service, officer, intake_settings, capsys) -> None:
    case = service.open_case(officer, bydel="Frogner", deadline=date(2026, 4, 15), contact=CONTACT)
    assert run(["intake", "list", "--som", OFFICER], intake_settings) == 0
    assert f"{case.id}  Frogner" in capsys.readouterr().out
    assert run(["intake", "status", case.id, "--som", OFFICER], intake_settings) == 0
    assert "0 av 8 dokumenter, 0 av 4 spørsmål" in capsys.readouterr().out
    assert run(["intake", "export", case.id, "--som", OFFICER], intake_settings) == 0
    path = Path(capsys.readouterr().out.strip())
    with zipfile.ZipFile(path) as archive:
        assert "manifest.json" in archive.namelist()
    assert run(["intake", "audit", case.id, "--som", OFFICER], intake_settings) == 0
    out = capsys.readouterr().out
    assert "opened" in out and "exported" in out
    with pytest.raises(AccessDeniedError):
        run(["intake", "list", "--som", CONTACT], intake_settings)
