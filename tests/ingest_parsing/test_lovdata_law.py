"""Consolidated Lovdata XHTML: one chunk per ledd of each legalArticle, with the metadata citations need."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.domain import SourceKind
from bot.errors import SourceError
from ingest.loaders import load_document, load_source
from ingest.loaders import lovdata as lovdata_loader
from tests.ingest_parsing.builders import hashes_changed_by_edit

DOC = "LOV-2015-03-20-9"
HEADINGS = {
    "§1-1": "§ 1-1 Formål",
    "§1-2": "§ 1-2 Krav til tilbodet",
    "§2-1": "§ 2-1 Samarbeid og samordning",
    "§2-1a": "§ 2-1 a Teieplikt i prøvetilbodet",
    "§2-2": "§ 2-2 Rapportering",
    "§3-1": "§ 3-1 (Oppheva)",
}


@pytest.fixture
def chunks(law_spec, law_file):
    return {c.chunk_id: c for c in load_source(law_spec, law_file)}


def _parts(chunks, key):
    return [c for c in chunks.values() if c.section_key == key]


def _body(chunk) -> str:
    """The chunk text without its heading line (the § heading every ledd chunk starts with)."""
    return chunk.text.split("\n", 1)[1]


def test_one_chunk_per_ledd_all_keyed_by_the_articles_data_name(chunks):
    keys = list(dict.fromkeys(c.section_key for c in chunks.values()))
    assert keys[:6] == ["§1-1", "§1-2", "§2-1", "§2-1a", "§2-2", "§3-1"]
    expected_parts = {"§1-1": 1, "§1-2": 2, "§2-1": 1, "§2-1a": 1, "§2-2": 6, "§3-1": 1}
    for key, count in expected_parts.items():
        assert [c.chunk_id for c in _parts(chunks, key)] == [f"{DOC}|{key}|p{n}" for n in range(1, count + 1)], key
    # the positional id (kapittel-1-paragraf-2) is never used as a key
    assert not any("paragraf" in c.chunk_id for c in chunks.values())


def test_every_ledd_chunk_of_a_section_carries_the_sections_heading_and_metadata(chunks):
    for key, heading in HEADINGS.items():
        parts = _parts(chunks, key)
        for part in parts:
            assert part.text.startswith(heading + "\n"), part.chunk_id
            # one ledd per chunk (a § without ledd, e.g. a placeholder, is one ledd-less chunk)
            assert len({p.ledd for p in part.passages}) == 1, part.chunk_id
        first = parts[0]
        same = ("section_key", "section", "section_title", "heading_path", "url", "footnotes",
                "amendment_notes", "pending_change", "pending_change_act", "pending_change_in_force")
        for part in parts[1:]:
            assert {f: getattr(part, f) for f in same} == {f: getattr(first, f) for f in same}, part.chunk_id


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
    first = chunks["LOV-2015-03-20-9|§1-2|p1"]
    second = chunks["LOV-2015-03-20-9|§1-2|p2"]
    assert [(p.ledd, p.bokstav) for p in first.passages] == [(1, None)]
    # the list items and the text after the list stay in their ledd's chunk
    assert [(p.ledd, p.bokstav) for p in second.passages] == [(2, None), (2, "a"), (2, "b"), (2, None)]
    assert second.passages[2].text == "eit gratis dagtilbod, jf. § 2-1."
    assert second.passages[3].text == "Første punktum gjeld ikkje for Svalbard."
    assert first.text == "§ 1-2 Krav til tilbodet\nKommunen skal sørgje for eit prøvetilbod."
    assert second.text == (
        "§ 1-2 Krav til tilbodet\n"
        "Tilbodet skal omfatte:\n"
        "a) eit trygt butilbod, og\n"
        "b) eit gratis dagtilbod, jf. § 2-1.\n"
        "Første punktum gjeld ikkje for Svalbard."
    )
    assert "butilbod" not in first.text


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


def test_each_ledd_of_a_long_article_is_one_whole_chunk(chunks, law_file):
    parts = _parts(chunks, "§2-2")
    assert [c.chunk_id for c in parts] == [f"{DOC}|§2-2|p{n}" for n in range(1, 7)]
    assert [[p.ledd for p in part.passages] for part in parts] == [[1], [2], [3], [4], [5], [6]]
    # each chunk holds its whole ledd, word for word as in the file, none cut in half
    article = _xml_article(law_file, "§2-2")
    ledd_texts = [_collapse("".join(el.itertext())) for el in article if "legalP" in el.get("class", "")]
    assert [_body(part) for part in parts] == ledd_texts


def test_nothing_lost_the_ledd_chunks_make_up_the_whole_section(law_spec, law_file, chunks, monkeypatch):
    """The ledd texts of a §, in chunk order, are exactly the text of the § as one window."""
    monkeypatch.setattr(lovdata_loader, "split_ledd", lambda passages: [list(passages)])
    whole = {c.section_key: c for c in load_source(law_spec, law_file) if c.section_key.startswith("§")}
    assert set(whole) == set(HEADINGS)
    for key, section in whole.items():
        parts = _parts(chunks, key)
        assert [p for part in parts for p in part.passages] == section.passages, key
        assert "\n".join([HEADINGS[key], *(_body(part) for part in parts)]) == section.text, key
    # and the words of every ledd in the file are in the chunks (list letters come from data-name)
    for key in ("§1-1", "§1-2", "§2-1", "§2-2"):
        article = _xml_article(law_file, key)
        in_file = "".join(_xml_text(el) for el in article if "legalP" in el.get("class", ""))
        in_chunks = "".join(re.sub(r"^[a-z]\) ", "", line) for part in _parts(chunks, key) for line in _body(part).split("\n"))
        assert re.sub(r"\s", "", in_chunks) == re.sub(r"\s", "", in_file), key


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _xml_article(path: Path, key: str) -> ET.Element:
    root = ET.fromstring(path.read_text(encoding="utf-8").removeprefix("<!DOCTYPE html>"))
    return next(el for el in root.iter("article") if el.get("data-name") == key)


def _xml_text(el: ET.Element) -> str:
    """Text of an element without footnote marks (they are metadata, not law text)."""
    if "footnotereference" in el.get("class", ""):
        return el.tail or ""
    inner = (el.text or "") + "".join(_xml_text(child) for child in el)
    return inner + (el.tail or "")


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


@pytest.mark.parametrize(
    "old, new, changed_chunk",
    [
        ("eit trygt butilbod", "eit sikkert butilbod", "§1-2|p2"),  # a list item: its ledd's chunk
        ("Første punktum gjeld ikkje", "Første punktum gjeld heller ikkje", "§1-2|p2"),  # text after the list
        ("Kommunen skal sørgje for eit prøvetilbod.", "Kommunen skal sørgje for eit godt prøvetilbod.", "§1-2|p1"),
        ("Statsforvaltaren skal få kopi", "Statsforvaltaren skal straks få kopi", "§2-2|p6"),
    ],
)
def test_changed_sentence_changes_only_the_hash_of_its_ledd(law_spec, law_file, tmp_path, old, new, changed_chunk):
    assert hashes_changed_by_edit(law_spec, law_file, tmp_path, old, new) == [f"{DOC}|{changed_chunk}"]


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
