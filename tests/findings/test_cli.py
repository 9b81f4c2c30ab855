"""`tilsynsbot findings …`: published fields by default, internal fields only with --officer."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.cli import findings as cli
from bot.errors import AccessDeniedError
from bot.settings import Settings
from tests.findings.conftest import OPEN_ID

NOTE = "Kontaktperson i bydelen er sykmeldt"


def run(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tilsynsbot")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["findings", *argv])
    return args.handler(args, settings)


def test_list_shows_seed_records_and_hides_internal_note(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(settings, "status", OPEN_ID, "--note", NOTE, "--officer") == 0
    capsys.readouterr()

    assert run(settings, "list", "--open") == 0
    out, err = capsys.readouterr()
    assert OPEN_ID in out and "frist 15. april 2024 (utsatt)" in out
    assert NOTE not in out and "Bruk --officer" in err

    assert run(settings, "list", "--open", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["lovbrudd_id"] for r in rows] == [OPEN_ID]
    assert "notes" not in rows[0] and "draft_conclusion" not in rows[0]

    assert run(settings, "list", "--open", "--officer") == 0
    assert NOTE in capsys.readouterr().out
    assert run(settings, "list", "--json", "--officer", "--year", "2023") == 0
    assert [r["notes"] for r in json.loads(capsys.readouterr().out)] == [NOTE]


def test_list_filters_by_bydel(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(settings, "list", "--bydel", "Frogner") == 0
    assert "Ingen tilsynsfunn passer filteret." in capsys.readouterr().out


def test_import_requires_officer_and_reports_rejected_rows(settings: Settings, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = tmp_path / "funn.csv"
    path.write_text("tilsyn_id;id;bydel;year;breach\n"
                    "oslo-krisesenter-2022-2023;;Alna;2022;nei\n"
                    "oslo-krisesenter-2022-2023;;Atlantis;2022;nei\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(AccessDeniedError):
        run(settings, "import", str(path))
    assert run(settings, "import", str(path), "--officer") == 1
    out = capsys.readouterr().out
    assert "Importert: 1 post(er). Uendret: 0. Avvist: 1 rad(er)." in out
    assert "rad 3, felt «bydel»: ukjent bydel «Atlantis»" in out


def test_status_change_without_officer_is_refused(settings: Settings) -> None:
    with pytest.raises(AccessDeniedError):
        run(settings, "status", OPEN_ID, "--status", "lukket", "--closed-date", "2024-03-01")


def test_audit_lists_who_changed_what(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    run(settings, "status", OPEN_ID, "--status", "lukket", "--closed-date", "2024-03-01", "--officer")
    capsys.readouterr()
    assert run(settings, "audit", OPEN_ID, "--officer") == 0
    out = capsys.readouterr().out
    assert "status: open -> closed" in out and "closed_date: None -> 2024-03-01" in out and "cli:" in out


def test_unknown_bydel_is_refused_with_the_valid_names(settings: Settings) -> None:
    from bot.errors import ValidationFailedError

    with pytest.raises(ValidationFailedError) as caught:
        run(settings, "list", "--bydel", "Frogne")
    assert "Ukjent bydel «Frogne»" in caught.value.user_message and "Frogner" in caught.value.user_message


BOMB = "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9) if p else ', '.join(['x'] * 9)}]\n"
               for n, p in zip("abcdefg", ["", *"abcdef"], strict=True)) + "rows: [*g]\n"


@pytest.mark.parametrize("name, content, expected", [
    ("one-column.csv", "tilsyn_id\nT-ukjent\n", "rad 2"),
    ("tall.yaml", "tilsyn: 5\n", "«tilsyn» (linje 1) må være en liste"),
    ("tekst.yaml", "# register\nrows: \"abc\"\n", "«rows» (linje 2) må være en liste"),
    ("rader.yaml", "rows:\n  - 5\n  - abc\n", "raden må ha felt"),
    ("bombe.yaml", BOMB, "henvisningene (*alias)"),
    ("brutt.yaml", "tilsyn:\n  - id: X\n    title: [\n", "linje 4"),
])
def test_malformed_imports_give_a_line_and_reason_not_a_traceback(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, expected: str
) -> None:
    from bot.errors import ValidationFailedError

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    try:
        code = run(settings, "import", str(path), "--officer")
        shown = capsys.readouterr().out
    except ValidationFailedError as error:  # file-level problems: the CLI prints this message, exit 1
        code, shown = 1, error.user_message
    assert code == 1 and expected in shown
