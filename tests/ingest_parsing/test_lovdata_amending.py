"""Amending acts: one chunk per ledd of each amended § with the new wording and what it amends."""

from __future__ import annotations

import pytest

from bot.domain import SourceKind
from ingest.loaders import load_document, load_source
from ingest.loaders import lovdata_amending as amending_loader
from tests.ingest_parsing.builders import hashes_changed_by_edit, ledd_layout

DOC = "LOV-2025-06-20-99"
LABEL = "(ny ordlyd frå 1.1.2026)"


@pytest.fixture
def chunks(amending_spec, amending_file):
    return {c.chunk_id: c for c in load_source(amending_spec, amending_file)}


def _parts(chunks, key):
    return [c for c in chunks.values() if c.amends_section_key == key]


def _body(chunk) -> str:
    return chunk.text.split("\n", 1)[1]


def test_one_chunk_per_ledd_of_each_amended_section(chunks):
    amended = [c for c in chunks.values() if c.amends_section_key]
    assert list(dict.fromkeys(c.amends_section_key for c in amended)) == ["§2-1", "§2-1a"]
    # one chunk per ledd of new wording; the instruction and the move note are no chunks of their own
    assert [c.chunk_id for c in _parts(chunks, "§2-1")] == [f"{DOC}|§2-1|p{n}" for n in range(1, 3)]
    assert [c.chunk_id for c in _parts(chunks, "§2-1a")] == [f"{DOC}|§2-1a|p{n}" for n in range(1, 3)]
    for chunk in amended:
        assert chunk.kind == SourceKind.AMENDING_ACT
        assert chunk.doc_id == DOC
        assert chunk.amends_doc_id == "LOV-2015-03-20-9"
        assert chunk.in_force == "2026-01-01"
        assert chunk.language == "nn"
        assert chunk.section_key == chunk.amends_section_key
    for key in ("§2-1", "§2-1a"):
        parts = _parts(chunks, key)
        layouts = [ledd_layout(c) for c in parts]  # each chunk holds exactly one ledd
        # text without a ledd only before the first ledd (the instruction) or after the last (a note)
        assert all(before == 0 for before, _, _ in layouts[1:]), key
        assert all(after == 0 for _, _, after in layouts[:-1]), key
        same = ("section_key", "section", "section_title", "heading_path", "url", "amends_doc_id", "amends_section_key")
        assert all({f: getattr(c, f) for f in same} == {f: getattr(parts[0], f) for f in same} for c in parts), key
    assert [ledd_layout(c) for c in _parts(chunks, "§2-1")] == [(1, 1, 0), (0, 2, 1)]
    assert [ledd_layout(c) for c in _parts(chunks, "§2-1a")] == [(1, 1, 0), (0, 2, 0)]


def test_new_wording_with_ledd_numbers_of_the_amended_law(chunks):
    parts = _parts(chunks, "§2-1")
    for chunk in parts:
        assert chunk.section == f"§ 2-1 {LABEL}"
        assert chunk.text.startswith(f"§ 2-1 {LABEL}\n")
    shapes = [[(p.ledd, p.bokstav) for p in c.passages] for c in parts]
    assert shapes == [[(None, None), (1, None)], [(2, None), (2, "a"), (2, "b"), (None, None)]]
    first, second = parts
    # the instruction is kept, first in the chunk of the first ledd it introduces
    assert first.passages[0].text == "§ 2-1 første og andre ledd skal lyde:"
    assert _body(first) == ("§ 2-1 første og andre ledd skal lyde:\n"
                            "Kommunen skal sørgje for at tilbodet samarbeider med andre delar av "
                            "tenesteapparatet og med frivillige organisasjonar.")
    # the list stays in its ledd's chunk; the move of the old ledd is kept, last in the last ledd's chunk
    assert second.passages[-1].text == "Noverande § 2-1 andre ledd blir nytt tredje ledd."
    assert _body(second) == ("Samarbeidet skal omfatte:\na) faste møte med Nav-kontoret\nb) skriftlege samarbeidsavtalar\n"
                             "Noverande § 2-1 andre ledd blir nytt tredje ledd.")
    assert [c.chunk_id for c in parts if "skal lyde" in c.text] == [f"{DOC}|§2-1|p1"]
    assert [c.chunk_id for c in parts if "Noverande" in c.text] == [f"{DOC}|§2-1|p2"]


def test_new_section_from_future_legal_article(chunks):
    parts = _parts(chunks, "§2-1a")
    for chunk in parts:
        assert chunk.section_title == "Teieplikt i prøvetilbodet"
        assert chunk.text.startswith(f"§ 2-1 a Teieplikt i prøvetilbodet {LABEL}\n")
    assert [[p.ledd for p in c.passages] for c in parts] == [[None, 1], [2]]
    # the instruction "Ny § 2-1 a skal lyde:" opens the chunk of the new §'s first ledd
    assert [_body(c) for c in parts] == [
        "Ny § 2-1 a skal lyde:\nAlle som arbeider i prøvetilbodet, har teieplikt.",
        "Teieplikta gjeld også opplysningar frå Folkeregisteret.",
    ]


def test_nothing_lost_the_ledd_chunks_make_up_the_whole_amended_section(amending_spec, amending_file, chunks, monkeypatch):
    monkeypatch.setattr(amending_loader, "split_ledd", lambda passages: [list(passages)])
    whole = {c.amends_section_key: c for c in load_source(amending_spec, amending_file) if c.amends_section_key}
    assert set(whole) == {"§2-1", "§2-1a"}
    for key, section in whole.items():
        parts = _parts(chunks, key)
        assert [p for part in parts for p in part.passages] == section.passages, key
        heading = section.text.split("\n", 1)[0]
        assert "\n".join([heading, *(_body(part) for part in parts)]) == section.text, key


@pytest.mark.parametrize(
    "old, new, changed_chunk",
    [
        ("faste møte med Nav-kontoret", "faste møte med Nav-kontoret og skulen", "§2-1|p2"),
        ("og med frivillige organisasjonar", "og med private organisasjonar", "§2-1|p1"),
        ("Teieplikta gjeld også", "Teieplikta gjeld dessutan", "§2-1a|p2"),
        # the instruction and the move note change only the ledd chunk that holds them
        ("første og andre ledd skal lyde:", "første og andre ledd skal no lyde:", "§2-1|p1"),
        ("blir nytt tredje ledd.", "blir tredje ledd.", "§2-1|p2"),
        ("Ny § 2-1 a skal lyde:", "Ny § 2-1 a skal no lyde:", "§2-1a|p1"),
    ],
)
def test_changed_sentence_changes_only_the_hash_of_its_ledd(amending_spec, amending_file, tmp_path, old, new, changed_chunk):
    assert hashes_changed_by_edit(amending_spec, amending_file, tmp_path, old, new) == [f"{DOC}|{changed_chunk}"]


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
