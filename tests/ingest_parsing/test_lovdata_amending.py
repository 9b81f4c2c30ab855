"""Amending acts: one chunk per amended § with the new wording and what it amends."""

from __future__ import annotations

import pytest

from bot.domain import SourceKind
from ingest.loaders import load_document, load_source


@pytest.fixture
def chunks(amending_spec, amending_file):
    return {c.chunk_id: c for c in load_source(amending_spec, amending_file)}


def test_one_chunk_per_amended_section(chunks):
    amended = [c for c in chunks.values() if c.amends_section_key]
    assert [c.amends_section_key for c in amended] == ["§2-1", "§2-1a"]
    for chunk in amended:
        assert chunk.kind == SourceKind.AMENDING_ACT
        assert chunk.doc_id == "LOV-2025-06-20-99"
        assert chunk.amends_doc_id == "LOV-2015-03-20-9"
        assert chunk.in_force == "2026-01-01"
        assert chunk.language == "nn"


def test_new_wording_with_ledd_numbers_of_the_amended_law(chunks):
    chunk = chunks["LOV-2025-06-20-99|§2-1|p1"]
    assert chunk.section == "§ 2-1 (ny ordlyd frå 1.1.2026)"
    shape = [(p.ledd, p.bokstav) for p in chunk.passages if p.ledd]
    assert shape == [(1, None), (2, None), (2, "a"), (2, "b")]
    assert "og med frivillige organisasjonar" in chunk.text
    assert "b) skriftlege samarbeidsavtalar" in chunk.text
    # the instruction and the move of the old ledd stay with the § they concern
    assert "§ 2-1 første og andre ledd skal lyde:" in chunk.text
    assert "Noverande § 2-1 andre ledd blir nytt tredje ledd." in chunk.text


def test_new_section_from_future_legal_article(chunks):
    chunk = chunks["LOV-2025-06-20-99|§2-1a|p1"]
    assert chunk.section_title == "Teieplikt i prøvetilbodet"
    assert chunk.text.startswith("§ 2-1 a Teieplikt i prøvetilbodet (ny ordlyd frå 1.1.2026)")
    assert [p.ledd for p in chunk.passages if p.ledd] == [1, 2]
    assert "Teieplikta gjeld også opplysningar frå Folkeregisteret." in chunk.text


def test_in_force_part_is_its_own_chunk(chunks):
    chunk = chunks["LOV-2025-06-20-99|kapII|p1"]
    assert chunk.section == "II"
    assert "Lova gjeld frå den tida Kongen bestemmer." in chunk.text
    assert chunk.amends_section_key == ""


def test_without_manifest_the_act_is_recognised_by_its_markup(amending_file):
    chunks = load_document(amending_file)
    assert {c.kind for c in chunks} == {SourceKind.AMENDING_ACT}
    first = chunks[0]
    assert first.amends_doc_id == "LOV-2015-03-20-9"  # from the header's changesToDocuments
    assert first.section == "§ 2-1 (ny ordlyd)"  # no in-force date known without the manifest
