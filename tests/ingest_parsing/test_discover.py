"""Extra documents in the documents folder, with optional sidecar metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import Audience, SourceKind
from bot.errors import SourceError
from ingest.documents import discover_documents, unsupported_documents
from ingest.loaders import load_document
from ingest.manifest import Manifest, SourceSpec


@pytest.fixture
def manifest() -> Manifest:
    return Manifest(sources=[SourceSpec(id="brev", doc_id="brev", kind=SourceKind.FINDING, title="Brev", path="documents/brev.txt")])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "knowledge" / "documents"
    (docs / "bydel").mkdir(parents=True)
    (docs / "brev.txt").write_text("Brev\n\nTekst.\n", encoding="utf-8")  # in the manifest
    (docs / "veileder.md").write_text("# Veileder om bolig\n\nTekst om bolig.\n", encoding="utf-8")
    (docs / "bydel" / "rutine.txt").write_text("Rutine\n\nTekst om rutine.\n", encoding="utf-8")
    (docs / "bydel" / "rutine.txt.meta.yaml").write_text(
        "doc_id: rutine-alna\ntitle: Rutine for Alna\nkind: finding\naudience: officers\nbydel: Alna\npublished: 2023-05-01\n",
        encoding="utf-8",
    )
    (docs / "regneark.xlsx").write_bytes(b"PK")
    (docs / ".skjult.txt").write_text("skjult", encoding="utf-8")
    return docs


def test_discovers_supported_files_not_in_manifest(folder: Path, manifest: Manifest):
    found = discover_documents(folder, manifest, knowledge_dir=folder.parent)
    assert [p.name for p, _ in found] == ["rutine.txt", "veileder.md"]
    # also without knowledge_dir: the manifest path is matched by its tail
    assert [p.name for p, _ in discover_documents(folder, manifest)] == ["rutine.txt", "veileder.md"]
    assert [p.name for p in unsupported_documents(folder)] == ["regneark.xlsx"]


def test_defaults_and_sidecar(folder: Path, manifest: Manifest):
    found = dict((p.name, m) for p, m in discover_documents(folder, manifest))
    plain = found["veileder.md"]
    assert (plain.doc_id, plain.source_id, plain.kind) == ("veileder", "documents/veileder.md", SourceKind.GUIDANCE)
    chunks = load_document(folder / "veileder.md", plain)
    assert chunks[0].title == "Veileder om bolig"  # from the first heading
    described = found["rutine.txt"]
    assert (described.doc_id, described.kind, described.audience, described.bydel) == (
        "rutine-alna", SourceKind.FINDING, Audience.OFFICERS, "Alna",
    )
    chunk = load_document(folder / "bydel" / "rutine.txt", described)[0]
    assert (chunk.title, chunk.year, chunk.source_id) == ("Rutine for Alna", 2023, "documents/bydel/rutine.txt")


def test_bad_sidecar_is_reported_and_the_rest_goes_on(folder: Path, manifest: Manifest):
    (folder / "veileder.md.meta.yaml").write_text("kind: brosjyre\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        discover_documents(folder, manifest)
    assert "veileder.md.meta.yaml" in info.value.user_message
    errors: list[SourceError] = []
    found = discover_documents(folder, manifest, errors=errors)
    assert [p.name for p, _ in found] == ["rutine.txt"]
    assert len(errors) == 1 and "kind" in errors[0].user_message


def test_missing_folder_is_empty(tmp_path: Path, manifest: Manifest):
    assert discover_documents(tmp_path / "ingen", manifest) == []
