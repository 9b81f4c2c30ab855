"""Ingest from real files with the real parsers: manifest, documents folder, command-line paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.indexer import Indexer, index_is_stale
from tests.fakes.embedder import HashingEmbedder

MANIFEST = """\
attribution: Test.
sources:
  - id: brevet
    doc_id: brev-1-2024
    kind: finding
    title: "Brev 1/2024: Tilsyn med bydelene"
    short_names: [Brev 1/2024]
    path: documents/brev.txt
  - id: lova
    doc_id: LOV-2009-06-19-44
    kind: law
    title: Lov om krisesentertilbod
    lovdata: {file: finnes-ikke.xml}
"""

LETTER = """Brev 1/2024

Hva fant vi i tilsynet?

Tre bydeler hadde lovbrudd i arbeidet med krisesentertilbudet.

Oppfølging

Bydelene skal sende en plan innen fristen.
"""

GUIDE = "# Veileder om samarbeid\n\nBydelen skal samarbeide med krisesenteret om oppfølging.\n"


@pytest.fixture
def knowledge(tmp_path: Path, settings: Settings) -> Settings:
    root = tmp_path / "knowledge"
    docs = root / "documents"
    docs.mkdir(parents=True)
    (root / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
    (docs / "brev.txt").write_text(LETTER, encoding="utf-8")
    (docs / "veileder.md").write_text(GUIDE, encoding="utf-8")
    (docs / "notater.xyz").write_text("ukjent format", encoding="utf-8")
    (docs / "tom.txt").write_text("", encoding="utf-8")
    lovdata = tmp_path / "lovdata"
    lovdata.mkdir()
    return settings.model_copy(update={"knowledge_dir": root, "lovdata_dir": lovdata})


def _run(settings: Settings, *paths: Path):
    embedder = HashingEmbedder()
    return Indexer(settings, embedder).run(list(paths), progress=False), embedder


def test_documents_are_indexed_and_broken_ones_named(knowledge: Settings) -> None:
    report, embedder = _run(knowledge)

    assert {s.source_id for s in report.sources if s.status == "new"} == {"brevet", "documents/veileder.md"}
    failed = {f.name: f.reason for f in report.failures}
    assert set(failed) == {"finnes-ikke.xml", "notater.xyz", "tom.txt"}
    assert "LOVDATA_DIR" in failed["finnes-ikke.xml"]
    assert "støttes ikke" in failed["notater.xyz"] or "ikke støttes" in failed["notater.xyz"]
    assert "tom" in failed["tom.txt"]
    summary = "\n".join(report.summary_lines())
    assert "notater.xyz" in summary and "3 feilet" in summary

    chunks = ChunkStore(knowledge, embedder).all_chunks()
    letter = [c for c in chunks if c.doc_id == "brev-1-2024"]
    assert letter and all(c.short_title == "Brev 1/2024" for c in letter)
    assert any("Tre bydeler hadde lovbrudd" in c.text for c in letter)
    assert any("samarbeide med krisesenteret" in c.text for c in chunks if c.source_id == "documents/veileder.md")


def test_unchanged_files_are_not_parsed_again_and_edits_are_picked_up(knowledge: Settings) -> None:
    _run(knowledge)
    assert not index_is_stale(knowledge, model_name=HashingEmbedder().name)

    report, embedder = _run(knowledge)
    assert embedder.calls == 0 and report.unchanged == 2 and report.failed == 3

    guide = knowledge.knowledge_dir / "documents" / "veileder.md"
    guide.write_text(GUIDE + "\n## Kontakt\n\nKontaktpersonen i bydelen følger opp.\n", encoding="utf-8")
    assert index_is_stale(knowledge, model_name=HashingEmbedder().name)
    report, embedder = _run(knowledge)
    assert report.changed == 1 and 1 <= embedder.calls <= 2

    guide.unlink()
    report, embedder = _run(knowledge)
    assert report.removed == 1
    assert not [c for c in ChunkStore(knowledge, embedder).all_chunks() if c.source_id == "documents/veileder.md"]


def test_command_line_paths_are_indexed_and_remembered(knowledge: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "rapport.md"
    extra.write_text("# Rapport\n\nBydel Grorud har ny rutine for oppfølging av voldsutsatte.\n", encoding="utf-8")
    missing = tmp_path / "borte.pdf"

    report, embedder = _run(knowledge, extra, missing)
    assert f"file:{extra.resolve()}" in {s.source_id for s in report.sources if s.status == "new"}
    assert str(missing) in {f.name for f in report.failures}

    report, embedder = _run(knowledge)  # not named again: still in the index
    assert report.removed == 0 and embedder.calls == 0
    assert any("ny rutine" in c.text for c in ChunkStore(knowledge, embedder).all_chunks())

    extra.unlink()  # the file is gone: so is its source
    report, embedder = _run(knowledge)
    assert report.removed == 1
    assert not any("ny rutine" in c.text for c in ChunkStore(knowledge, embedder).all_chunks())
