"""Consolidated Lovdata XHTML: one chunk per legalArticle with the metadata citations need."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import SourceKind
from bot.errors import SourceError
from ingest.loaders import load_document, load_source


@pytest.fixture
def chunks(law_spec, law_file):
    return {c.chunk_id: c for c in load_source(law_spec, law_file)}


def test_one_chunk_per_article_keyed_by_data_name(chunks):
    keys = [c.section_key for c in chunks.values()]
    assert keys[:5] == ["§1-1", "§1-2", "§2-1", "§2-1a", "§2-2"]
    assert "LOV-2015-03-20-9|§1-2|p1" in chunks
    # the positional id (kapittel-1-paragraf-2) is never used as a key
    assert not any("paragraf" in c.chunk_id for c in chunks.values())


def test_document_metadata_from_manifest_and_header(chunks):
    chunk = chunks["LOV-2015-03-20-9|§1-2|p1"]
    assert chunk.doc_id == "LOV-2015-03-20-9"
    assert chunk.source_id == "provelova"
    assert chunk.kind == SourceKind.LAW
    assert chunk.title == "Lov om prøvedrift av krisesentertilbod (prøvelova)"
    assert chunk.short_title == "prøvelova"
    assert chunk.language == "nn"
    assert chunk.in_force == "2016-01-01"
    assert chunk.last_changed == "2024-07-01"
    assert chunk.url == "https://lovdata.no/lov/2015-03-20-9/§1-2"


def test_section_title_and_heading_path_with_chapter(chunks):
    chunk = chunks["LOV-2015-03-20-9|§2-1|p1"]
    assert chunk.section == "§ 2-1"
    assert chunk.section_title == "Samarbeid og samordning"
    assert chunk.heading_path == ["Kapittel 2. Samarbeid", "§ 2-1 Samarbeid og samordning"]
    assert chunk.text.startswith("§ 2-1 Samarbeid og samordning\n")


def test_ledd_and_bokstav_passages(chunks):
    chunk = chunks["LOV-2015-03-20-9|§1-2|p1"]
    shape = [(p.ledd, p.bokstav) for p in chunk.passages]
    assert shape == [(1, None), (2, None), (2, "a"), (2, "b"), (2, None)]
    assert chunk.passages[3].text == "eit gratis dagtilbod, jf. § 2-1."
    assert chunk.passages[4].text == "Første punktum gjeld ikkje for Svalbard."
    assert "a) eit trygt butilbod, og" in chunk.text


def test_footnotes_and_notes_are_metadata_not_text(chunks):
    chunk = chunks["LOV-2015-03-20-9|§1-1|p1"]
    assert chunk.footnotes == ["[1] Frå 1 jan 2016 iflg. res. 1 okt 2015 nr. 1111."]
    assert "Frå 1 jan 2016" not in chunk.text
    assert "prøve ut eit godt krisesentertilbod. Lova gjeld" in chunk.text  # footnote mark removed
    changed = chunks["LOV-2015-03-20-9|§1-2|p1"]
    assert changed.amendment_notes == ["Endra med lov 1 juni 2024 nr. 3 (i kraft 1 juli 2024 iflg. res. 1 juni 2024 nr. 900)."]
    assert "Endra med lov" not in changed.text


def test_pending_change_from_note_after_last_change(chunks):
    chunk = chunks["LOV-2015-03-20-9|§2-1|p1"]
    assert chunk.pending_change_act == "LOV-2025-06-20-99"
    assert chunk.pending_change_in_force == "2026-01-01"
    assert chunk.pending_change.startswith("Vert endra ved lov 20 juni 2025 nr. 99")
    # a change already in force is not pending
    assert chunks["LOV-2015-03-20-9|§1-2|p1"].pending_change == ""
    assert chunks["LOV-2015-03-20-9|§1-2|p1"].pending_change_act == ""


def test_empty_heading_still_becomes_a_chunk(chunks):
    chunk = chunks["LOV-2015-03-20-9|§2-1a|p1"]
    assert chunk.section == "§ 2-1 a"
    assert chunk.section_title == "Teieplikt i prøvetilbodet"
    assert "ingen tekst i den konsoliderte utgaven" in chunk.text
    assert chunk.pending_change_act == "LOV-2025-06-20-99"
    assert chunk.pending_change_in_force == "2026-01-01"


def test_long_article_split_by_whole_ledd(chunks):
    parts = [c for c in chunks.values() if c.section_key == "§2-2"]
    assert [c.chunk_id for c in parts] == ["LOV-2015-03-20-9|§2-2|p1", "LOV-2015-03-20-9|§2-2|p2"]
    for part in parts:
        assert part.text.startswith("§ 2-2 Rapportering\n")
        assert len(part.text) <= 1600
    ledd = [p.ledd for part in parts for p in part.passages]
    assert ledd == [1, 2, 3, 4, 5, 6]  # every ledd exactly once, none cut in half


def test_text_outside_sections_kept_as_commentary_per_section(chunks):
    comments = [c for c in chunks.values() if not c.section_key.startswith("§")]
    assert [c.section_key for c in comments] == ["KAPITTEL_4/§1-1", "KAPITTEL_4/§2-1"]
    first = comments[0]
    assert first.section == "Merknader til dei enkelte føresegnene: Til § 1-1"
    assert first.heading_path == ["Merknader til dei enkelte føresegnene", "Til § 1-1"]
    assert "seier kva lova skal oppnå" in first.text and "skriftleg forankra" not in first.text
    # a near-empty appendix ("see the pdf link") gives nothing to answer from and is left out
    assert not any("pdf-lenke" in c.text for c in chunks.values())


def test_chunk_ids_and_hashes_stable_across_runs(law_spec, law_file):
    first = load_source(law_spec, law_file)
    second = load_source(law_spec, law_file)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert [c.content_hash for c in first] == [c.content_hash for c in second]
    assert len({c.content_hash for c in first}) == len(first)


def test_changed_text_changes_only_that_hash(law_spec, law_file, tmp_path):
    changed = tmp_path / law_file.name
    changed.write_text(law_file.read_text(encoding="utf-8").replace("eit trygt butilbod", "eit sikkert butilbod"), encoding="utf-8")
    before = {c.chunk_id: c.content_hash for c in load_source(law_spec, law_file)}
    after = {c.chunk_id: c.content_hash for c in load_source(law_spec, changed)}
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == ["LOV-2015-03-20-9|§1-2|p1"]


def test_without_manifest_metadata_comes_from_the_file(law_file):
    chunks = load_document(law_file)
    assert chunks[0].doc_id == "LOV-2015-03-20-9"
    assert chunks[0].source_id == "LOV-2015-03-20-9"
    assert chunks[0].kind == SourceKind.LAW
    assert chunks[0].short_title == "Prøvelova"


def test_wrong_file_for_manifest_entry_is_reported(law_spec, amending_file):
    with pytest.raises(SourceError) as info:
        load_source(law_spec, amending_file)
    assert "fixture-endringslov.xml" in info.value.user_message
    assert "LOV-2015-03-20-9" in info.value.user_message


@pytest.mark.parametrize(
    "content, reason",
    [
        ("<html><body><main class='documentBody'><article", "ødelagt"),
        ("<html lang='nb'><body><p>Ingen Lovdata her</p></body></html>", "Lovdata"),
    ],
)
def test_broken_xml_raises_source_error_naming_the_file(tmp_path: Path, content, reason):
    path = tmp_path / "lov-feil.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_document(path)
    assert "lov-feil.xml" in info.value.user_message
    assert reason in info.value.user_message
