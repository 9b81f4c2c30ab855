"""`tilsynsbot tilsyn …`: create from YAML, open cases once, overview and its CSV/XLSX export, events."""

from __future__ import annotations

import argparse
import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.errors import AccessDeniedError, ValidationFailedError
from bot.lifecycle import cli
from bot.settings import Settings
from tests.lifecycle.conftest import OFFICER, TILSYN_ID

YAML = f"""
id: {TILSYN_ID}
title: Tilsyn med bolig i reetableringsfasen
theme: Bolig i reetableringsfasen
legal_basis: [krisesenterlova § 4, kommuneloven § 25-1]
bydeler: [Frogner, Sagene, Alna]
intake_template: krisesenter-reetablering-bolig
deadline: 2099-04-15
contacts: {{Alna: UALNA2}}
"""


def run(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tilsynsbot")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["tilsyn", *argv])
    return int(args.handler(args, settings))


def test_create_open_overview_and_exports(lifecycle_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "tilsyn.yaml"
    spec.write_text(YAML, encoding="utf-8")
    assert run(lifecycle_settings, "create", str(spec), "--open", "--som", OFFICER) == 0
    out = capsys.readouterr().out
    assert "er opprettet med 3 bydeler og frist 15.04.2099" in out and "Åpnet 3 innsendingssaker" in out
    assert "• Alna: INN-" in out and "(kontakt <@UALNA2>)" in out  # named contact wins over the directory

    assert run(lifecycle_settings, "open", TILSYN_ID, "--som", OFFICER) == 0
    out = capsys.readouterr().out
    assert "Åpnet 0 innsendingssaker" in out and out.count("har allerede sak INN-") == 3

    target = tmp_path / "oversikt.csv"
    assert run(lifecycle_settings, "overview", "--csv", str(target), "--som", OFFICER) == 0
    assert "Oversikten er skrevet til" in capsys.readouterr().out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    mine = [r for r in rows if r["tilsyn_id"] == TILSYN_ID]
    assert sorted(r["bydel"] for r in mine) == ["Bydel Alna", "Bydel Frogner", "Bydel Sagene"]
    assert {r["stadium"] for r in mine} == {"varslet"} and {r["frist"] for r in mine} == {"2099-04-15"}
    seed = [r for r in rows if r["tilsyn_id"] == "oslo-krisesenter-2022-2023"]
    assert sum(int(r["antall"]) for r in seed) == 15

    # the same rows as an Excel workbook: counts as numbers, deadlines as dates
    workbook_path = tmp_path / "oversikt.xlsx"
    assert run(lifecycle_settings, "overview", "--xlsx", str(workbook_path), "--som", OFFICER) == 0
    assert "Oversikten er skrevet til" in capsys.readouterr().out
    sheet = load_workbook(workbook_path).worksheets[0]
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Oversikt" and sheet.freeze_panes == "A2"
    assert header == list(rows[0])  # the CSV's columns, in order
    cells = [dict(zip(header, r, strict=True)) for r in values]
    as_text = [{k: "" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v) for k, v in r.items()}
               for r in cells]
    assert as_text == rows  # exactly the CSV's rows
    alna = next(r for r in cells if r["tilsyn_id"] == TILSYN_ID and r["bydel"] == "Bydel Alna")
    assert alna["antall"] == 1 and alna["stadium"] == "varslet" and alna["frist"] == datetime(2099, 4, 15)
    assert alna["forfalt"] == "nei" and str(alna["saker"]).startswith("INN-") and alna["utsatt_til"] is None
    unnamed = [r for r in cells if r["tilsyn_id"] == "oslo-krisesenter-2022-2023"]
    assert sum(r["antall"] for r in unnamed) == 15
    extended = [r for r in unnamed if r["utsatt_til"]]
    assert [r["utsatt_til"] for r in extended] == [datetime(2024, 4, 15)]  # the letter's extended plan deadline
    with pytest.raises(SystemExit):  # one output at a time
        run(lifecycle_settings, "overview", "--csv", str(target), "--xlsx", str(workbook_path), "--som", OFFICER)

    assert run(lifecycle_settings, "events", TILSYN_ID, "--som", OFFICER) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(f"{OFFICER}" in line and "ikke varslet → varslet" in line for line in lines)


def test_cli_refuses_non_officers_and_bad_files(lifecycle_settings: Settings, tmp_path: Path) -> None:
    spec = tmp_path / "tilsyn.yaml"
    spec.write_text(YAML.replace("Alna]", "Atlantis]"), encoding="utf-8")
    with pytest.raises(ValidationFailedError, match="ukjent bydel «Atlantis»"):
        run(lifecycle_settings, "create", str(spec), "--som", OFFICER)
    with pytest.raises(AccessDeniedError):
        run(lifecycle_settings, "overview", "--som", "UFROGNER")
