"""Integration over the real Lovdata files in ../shared/corpus/lovdata (skipped when absent)."""

from __future__ import annotations

import re

import pytest

from bot.domain import SourceKind
from bot.settings import PROJECT_ROOT
from ingest.loaders import load_source
from ingest.lovdata_source import resolve_lovdata_file
from ingest.manifest import load_manifest

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus():
    from tests.conftest import CORPUS_DIR
    from bot.settings import Settings

    settings = Settings(_env_file=None, lovdata_dir=CORPUS_DIR)
    manifest = load_manifest(PROJECT_ROOT / "knowledge")
    return {
        spec.id: load_source(spec, resolve_lovdata_file(spec, settings))
        for spec in manifest.sources
        if spec.lovdata is not None
    }


def _by_key(chunks):
    return {c.section_key: c for c in chunks if c.chunk_id.endswith("|p1")}


def test_all_seven_files_parse(corpus):
    assert len(corpus) == 7
    for source_id, chunks in corpus.items():
        assert chunks, source_id
        ids = [c.chunk_id for c in chunks]
        assert len(ids) == len(set(ids)), source_id
        assert all(c.text and c.content_hash for c in chunks)


def test_krisesenterlova(corpus):
    chunks = _by_key(corpus["krisesenterlova"])
    expected = ["§1", "§2", "§3", "§4", "§5", "§5a", "§5b", "§6", "§6a", "§7", "§8", "§9", "§10", "§11", "§12"]
    assert list(chunks) == expected
    four = chunks["§4"]
    assert four.text.startswith("§ 4 Samarbeid og samordning")
    assert four.language == "nn" and four.url == "https://lovdata.no/lov/2009-06-19-44/§4"
    assert (four.in_force, four.last_changed) == ("2010-01-01", "2023-01-01")
    for key in ("§2", "§3", "§5a", "§5b"):
        assert chunks[key].pending_change_act == "LOV-2025-06-20-42", key
        assert chunks[key].pending_change_in_force == "2026-01-01", key
    assert chunks["§4"].pending_change == ""
    assert [(p.ledd, p.bokstav) for p in chunks["§2"].passages][1:6] == [(2, None), (2, "a"), (2, "b"), (2, "c"), (2, "d")]
    assert chunks["§11"].footnotes and "Frå 1 jan 2010" not in chunks["§11"].text


def test_kommuneloven_chapters(corpus):
    chunks = _by_key(corpus["kommuneloven"])
    assert chunks["§25-1"].heading_path[-2:] == ["Kapittel 25. Internkontroll", "§ 25-1 Internkontroll i kommunen og fylkeskommunen"]
    assert chunks["§25-1"].section == "§ 25-1"
    assert "Kapittel 30. Statlig tilsyn" in " ".join(chunks["§30-4"].heading_path)
    assert chunks["§30-4"].url == "https://lovdata.no/lov/2018-06-22-83/§30-4"
    assert chunks["§3-2"].pending_change_in_force == "2026-01-01"
    assert chunks["§25-1"].language == "nb"


def test_pbl_has_its_own_25_1(corpus):
    pbl = _by_key(corpus["plan-og-bygningsloven"])["§25-1"]
    koml = _by_key(corpus["kommuneloven"])["§25-1"]
    assert pbl.doc_id == "LOV-2008-06-27-71" and koml.doc_id == "LOV-2018-06-22-83"
    assert pbl.chunk_id != koml.chunk_id and pbl.text != koml.text
    assert "Kapittel 10. Kommunal planstrategi" in _by_key(corpus["plan-og-bygningsloven"])["§10-1"].heading_path


def test_amending_act_new_wording(corpus):
    chunks = {c.amends_section_key: c for c in corpus["krisesenterlova-endring-2025"] if c.amends_section_key}
    assert set(chunks) == {"§2", "§3", "§5a", "§5b"}
    assert all(c.amends_doc_id == "LOV-2009-06-19-44" and c.kind == SourceKind.AMENDING_ACT for c in chunks.values())
    assert "eit gratis dagtilbod" in chunks["§2"].text
    assert "likeverdige alternative krisesentertilbod" in chunks["§3"].text
    assert "samiske brukarar" in chunks["§3"].text
    assert "innhente opplysningar frå Folkeregisteret" in chunks["§5b"].text
    assert chunks["§5a"].section_title == "Behandling av personopplysningar"
    assert chunks["§3"].section == "§ 3 (ny ordlyd frå 1.1.2026)"
    # the move of the old § 3 ledd stays with § 3 (Lovdata's move attribute names the wrong §)
    assert "Noverande § 3 andre og tredje ledd" in chunks["§3"].text
    assert "Noverande § 3" not in chunks["§2"].text
    in_force = [c for c in corpus["krisesenterlova-endring-2025"] if not c.amends_section_key]
    assert len(in_force) == 1 and "Kongen bestemmer" in in_force[0].text


def test_regulations(corpus):
    ip = _by_key(corpus["forskrift-individuell-plan"])
    assert ip["§2"].url == "https://lovdata.no/forskrift/2022-06-22-1110/§2"
    assert ip["§2"].kind == SourceKind.REGULATION
    sikkerheit = corpus["forskrift-fysisk-sikkerheit"]
    assert {"§1", "§2", "§3", "§4", "§5"} <= {c.section_key for c in sikkerheit}
    # the ministry's comments (outside any §) are kept, one group per commented §
    comment = next(c for c in sikkerheit if c.section_key == "KAPITTEL_1/§3")
    assert comment.section == "Kommentarer til de enkelte bestemmelsene: Til § 3"
    assert comment.heading_path == ["Kommentarer til de enkelte bestemmelsene", "Til § 3"]
    assert "sikre et byggs utvendige fasade" in comment.text


def test_no_markup_or_notes_leak_into_text(corpus):
    for chunks in corpus.values():
        for chunk in chunks:
            assert not re.search(r"<[a-z]+[ >]", chunk.text)
            assert "iflg. res." not in chunk.text or "ingen tekst" in chunk.text or chunk.kind == SourceKind.AMENDING_ACT
