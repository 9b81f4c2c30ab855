"""The sources manifest: the real one loads; mistakes are named by file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import SourceKind
from bot.errors import ValidationFailedError
from bot.settings import PROJECT_ROOT
from ingest.manifest import load_manifest


def test_project_manifest_loads():
    manifest = load_manifest(PROJECT_ROOT / "knowledge")
    assert "NLOD" in manifest.attribution
    ids = {s.doc_id for s in manifest.sources}
    assert {"LOV-2009-06-19-44", "LOV-2025-06-20-42", "LOV-2018-06-22-83", "FOR-2017-03-07-282"} <= ids
    act = manifest.by_id("krisesenterlova-endring-2025")
    assert act.kind == SourceKind.AMENDING_ACT
    assert act.amends == "LOV-2009-06-19-44"
    assert act.in_force == "2026-01-01"
    assert act.lovdata.member == "lti/2025/nl-20250620-042.xml"
    letter = manifest.by_id("informasjonsskriv-2-2024")
    assert letter.path == "documents/informasjonsskriv-2-2024.txt" and letter.lovdata is None
    assert letter.short_title == "Informasjonsskriv 2/2024"


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_unknown_kind_names_entry_and_field(tmp_path: Path):
    folder = _write(tmp_path, "attribution: x\nsources:\n  - {id: a, doc_id: A, kind: law, title: A, path: a.txt}\n"
                              "  - {id: veileder, doc_id: V, kind: brosjyre, title: V, path: v.txt}\n")
    with pytest.raises(ValidationFailedError) as info:
        load_manifest(folder)
    message = info.value.user_message
    assert "sources.yaml" in message and "kilde nr. 2" in message and "veileder" in message and "«kind»" in message


def test_missing_location_and_unknown_field(tmp_path: Path):
    folder = _write(tmp_path, "sources:\n  - {id: a, doc_id: A, kind: law, title: A, tittel: feil}\n")
    with pytest.raises(ValidationFailedError) as info:
        load_manifest(folder)
    assert "tittel" in info.value.user_message


def test_duplicate_ids(tmp_path: Path):
    entry = "  - {id: a, doc_id: A, kind: law, title: A, path: a.txt}\n"
    with pytest.raises(ValidationFailedError) as info:
        load_manifest(_write(tmp_path, "sources:\n" + entry + entry))
    assert "«a»" in info.value.user_message


def test_broken_yaml_and_missing_file(tmp_path: Path):
    with pytest.raises(ValidationFailedError) as info:
        load_manifest(_write(tmp_path, "sources: [\n"))
    assert "ikke gyldig YAML" in info.value.user_message
    with pytest.raises(ValidationFailedError) as info:
        load_manifest(tmp_path / "finnes-ikke")
    assert "KNOWLEDGE_DIR" in info.value.user_message


def test_yaml_dates_become_iso_strings(tmp_path: Path):
    folder = _write(tmp_path, "sources:\n  - {id: a, doc_id: A, kind: guidance, title: A, path: a.txt, in_force: 2026-01-01, published: 2024}\n")
    spec = load_manifest(folder).sources[0]
    assert spec.in_force == "2026-01-01" and spec.published == "2024"
