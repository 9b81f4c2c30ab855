"""Integration over the real Lovdata files in ../shared/corpus/lovdata (skipped when absent)."""

from __future__ import annotations

import re

import pytest

from bot.domain import SourceKind
from bot.settings import PROJECT_ROOT
from ingest.loaders import load_source
from ingest.lovdata_source import resolve_lovdata_file
from ingest.manifest import load_manifest
from tests.ingest_parsing.builders import ledd_layout

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus():
    from bot.settings import Settings
    from tests.conftest import CORPUS_DIR

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


def _parts(chunks, key):
    return [c for c in chunks if c.section_key == key]


def test_krisesenterlova(corpus):
    chunks = _by_key(corpus["krisesenterlova"])
    expected = ["§1", "§2", "§3", "§4", "§5", "§5a", "§5b", "§6", "§6a", "§7", "§8", "§9", "§10", "§11", "§12"]
    assert list(chunks) == expected
    assert list(dict.fromkeys(c.section_key for c in corpus["krisesenterlova"])) == expected
    four = chunks["§4"]
    assert four.text.startswith("§ 4 Samarbeid og samordning")
    assert four.language == "nn" and four.url == "https://lovdata.no/lov/2009-06-19-44/§4"
    assert (four.in_force, four.last_changed) == ("2010-01-01", "2023-01-01")
    for key in ("§2", "§3", "§5a", "§5b"):
        assert chunks[key].pending_change_act == "LOV-2025-06-20-42", key
        assert chunks[key].pending_change_in_force == "2026-01-01", key
    assert chunks["§4"].pending_change == ""
    # one chunk per ledd; § 2 andre ledd keeps its list a–d
    two = _parts(corpus["krisesenterlova"], "§2")
    assert [c.chunk_id for c in two] == [f"LOV-2009-06-19-44|§2|p{n}" for n in range(1, 7)]
    assert [(p.ledd, p.bokstav) for p in two[1].passages] == [(2, None), (2, "a"), (2, "b"), (2, "c"), (2, "d")]
    assert [{p.ledd for p in c.passages} for c in two] == [{1}, {2}, {3}, {4}, {5}, {6}]
    assert all(c.text.startswith("§ 2 Krav til krisesentertilbodet\n") for c in two)
    assert {(c.section, c.section_title, c.url, c.pending_change_act) for c in two} == {
        ("§ 2", "Krav til krisesentertilbodet", "https://lovdata.no/lov/2009-06-19-44/§2", "LOV-2025-06-20-42")}
    assert len(_parts(corpus["krisesenterlova"], "§4")) == 4
    assert chunks["§11"].footnotes and "Frå 1 jan 2010" not in chunks["§11"].text


def test_every_law_is_chunked_one_ledd_per_chunk(corpus):
    """In every law and regulation: a § is split into its ledd, in order, each with the § heading line first."""
    for source_id, chunks in corpus.items():
        if source_id == "krisesenterlova-endring-2025":
            continue
        sections = [c for c in chunks if c.section_key.startswith("§")]
        for key in dict.fromkeys(c.section_key for c in sections):
            parts = _parts(sections, key)
            assert [c.chunk_id.rsplit("|", 1)[1] for c in parts] == [f"p{n}" for n in range(1, len(parts) + 1)], key
            heading = f"{parts[0].section} {parts[0].section_title}".strip()
            ledd = []
            for part in parts:
                assert part.text.startswith(heading + "\n"), part.chunk_id
                numbers = {p.ledd for p in part.passages}
                assert len(numbers) == 1, part.chunk_id  # a ledd's list items never leave its chunk
                ledd.append(numbers.pop())
                same = ("section", "section_title", "heading_path", "url", "footnotes", "amendment_notes", "pending_change")
                assert {f: getattr(part, f) for f in same} == {f: getattr(parts[0], f) for f in same}, part.chunk_id
            assert ledd == [None] or ledd == list(range(1, len(parts) + 1)), (source_id, key, ledd)


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
    act = corpus["krisesenterlova-endring-2025"]
    amended = [c for c in act if c.amends_section_key]
    assert list(dict.fromkeys(c.amends_section_key for c in amended)) == ["§2", "§3", "§5a", "§5b"]
    assert all(c.amends_doc_id == "LOV-2009-06-19-44" and c.kind == SourceKind.AMENDING_ACT for c in amended)
    parts = {key: _parts(act, key) for key in ("§2", "§3", "§5a", "§5b")}

    def holding(key, phrase):
        """(ledd, bokstav) of every passage, in the one chunk of `key` whose text holds `phrase`."""
        [chunk] = [c for c in parts[key] if phrase in c.text]
        return [(p.ledd, p.bokstav) for p in chunk.passages]

    # one chunk per ledd of new wording, which keeps the ledd numbers of the amended law (§ 2 andre og
    # tredje ledd); the instruction opens the first ledd's chunk, a move note closes the last one's
    doc = "LOV-2025-06-20-42"
    assert {key: [c.chunk_id for c in chunks] for key, chunks in parts.items()} == {
        key: [f"{doc}|{key}|p{n}" for n in range(1, count + 1)]
        for key, count in {"§2": 2, "§3": 2, "§5a": 3, "§5b": 1}.items()}
    assert {key: [ledd_layout(c) for c in chunks] for key, chunks in parts.items()} == {
        "§2": [(1, 2, 0), (0, 3, 1)],
        "§3": [(1, 1, 0), (0, 2, 1)],
        "§5a": [(1, 1, 0), (0, 2, 0), (0, 3, 0)],
        "§5b": [(1, 1, 0)],
    }
    for key, chunks in parts.items():  # no chunk is only an instruction or a note: the instruction is kept
        assert "skal lyde:" in chunks[0].passages[0].text and chunks[0].passages[0].ledd is None, key
        assert not any("skal lyde" in c.text for c in chunks[1:]), key
    assert holding("§2", "eit gratis dagtilbod") == [(None, None), (2, None), (2, "a"), (2, "b"), (2, "c"), (2, "d")]
    assert holding("§3", "likeverdige alternative krisesentertilbod") == [(None, None), (1, None)]
    assert holding("§3", "samiske brukarar") == [(2, None), (None, None)]  # with the move note
    assert holding("§5b", "innhente opplysningar frå Folkeregisteret") == [(None, None), (1, None)]
    assert {c.section_title for c in parts["§5a"]} == {"Behandling av personopplysningar"}
    assert {c.section for c in parts["§3"]} == {"§ 3 (ny ordlyd frå 1.1.2026)"}
    assert all(c.text.startswith("§ 3 (ny ordlyd frå 1.1.2026)\n") for c in parts["§3"])
    assert [c.passages[0].text for c in parts["§2"][:1] + parts["§3"][:1]] == [
        "§ 2 andre og tredje ledd skal lyde:", "§ 3 første og andre ledd skal lyde:"]
    # the move notes are kept, each last in the last ledd's chunk of its §
    assert parts["§2"][-1].passages[-1].text == "Noverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande ledd."
    # the move of the old § 3 ledd stays with § 3 (Lovdata's move attribute names the wrong §)
    assert parts["§3"][-1].passages[-1].text == "Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd."
    assert holding("§3", "Noverande § 3 andre og tredje ledd") == [(2, None), (None, None)]
    assert not any("Noverande § 3" in c.text for c in parts["§2"])
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


def test_nothing_lost_the_ledd_chunks_of_a_section_make_up_the_whole_section(corpus, monkeypatch):
    """Per §, the passages and text lines of its ledd chunks, in order, are those of the § as one window."""
    from bot.settings import Settings
    from ingest.loaders import lovdata, lovdata_amending
    from tests.conftest import CORPUS_DIR

    for module in (lovdata, lovdata_amending):
        monkeypatch.setattr(module, "split_ledd", lambda passages: [list(passages)])
    settings = Settings(_env_file=None, lovdata_dir=CORPUS_DIR)
    checked = 0
    for spec in load_manifest(PROJECT_ROOT / "knowledge").sources:
        if spec.lovdata is None:
            continue
        whole = [c for c in load_source(spec, resolve_lovdata_file(spec, settings)) if c.section_key.startswith("§")]
        assert len({c.section_key for c in whole}) == len(whole), spec.id  # one window per §
        for section in whole:
            parts = _parts(corpus[spec.id], section.section_key)
            assert [p for part in parts for p in part.passages] == section.passages, section.chunk_id
            heading, *_ = section.text.split("\n", 1)
            assert all(part.text.split("\n", 1)[0] == heading for part in parts), section.chunk_id
            assert "\n".join([heading, *(part.text.split("\n", 1)[1] for part in parts)]) == section.text, section.chunk_id
            checked += 1
    assert checked > 400
