"""Incremental ingest with hand-made sources: only what changed is embedded, nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain import Audience, SourceKind
from bot.privacy import MASK, is_identity_number
from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.indexer import Indexer, ensure_index, index_info, index_is_stale
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.sources import FakeSources
from tests.index.conftest import make_chunk


@pytest.fixture
def sources() -> FakeSources:
    return FakeSources({
        "krisesenterlova": [
            make_chunk("krisesenterlova", "§2", "§ 2 Kommunens ansvar. Kommunen skal sørgje for eit tilbod."),
            make_chunk("krisesenterlova", "§3", "§ 3 Krav til innhaldet. Tilbodet skal vere gratis."),
            make_chunk("krisesenterlova", "§4", "§ 4 Samarbeid og samordning."),
        ],
        "kommuneloven": [
            make_chunk("kommuneloven", "§25-1", "§ 25-1 Internkontroll. Kommunedirektøren skal ha internkontroll."),
            make_chunk("kommuneloven", "§30-4", "§ 30-4 Tilsyn med kommunens egenkontroll."),
        ],
        "brev": [
            make_chunk("brev", "Hva fant vi?", "Tre bydeler hadde lovbrudd.", kind=SourceKind.FINDING),
        ],
    })


def _ids(settings: Settings, embedder: HashingEmbedder) -> set[str]:
    return {c.chunk_id for c in ChunkStore(settings, embedder).all_chunks()}


def _run(settings: Settings, sources: FakeSources, embedder: HashingEmbedder | None = None, **kwargs):
    embedder = embedder or HashingEmbedder()
    return Indexer(settings, embedder, loader=sources).run(progress=False, **kwargs), embedder


def test_first_run_indexes_everything(settings: Settings, sources: FakeSources) -> None:
    report, embedder = _run(settings, sources)
    assert (report.new, report.chunks_added, report.chunks_embedded, report.chunks_total) == (3, 6, 6, 6)
    assert embedder.calls == 6
    assert len(_ids(settings, embedder)) == 6
    assert not report.rebuild_reason and not report.nothing_indexed


def test_unchanged_rerun_embeds_and_parses_nothing_even_in_a_new_indexer(settings: Settings,
                                                                         sources: FakeSources) -> None:
    _run(settings, sources)
    sources.loads.clear()
    report, embedder = _run(settings, sources)  # new Indexer, new embedder: state comes from disk
    assert embedder.calls == 0
    assert sources.loads == []
    assert (report.unchanged, report.changed, report.new, report.chunks_total) == (3, 0, 0, 6)
    assert (report.chunks_added, report.chunks_updated, report.chunks_removed) == (0, 0, 0)


def test_new_parser_with_the_same_output_reparses_but_reports_unchanged(settings: Settings,
                                                                       sources: FakeSources) -> None:
    _run(settings, sources)
    sources.parser_version = "2"
    sources.loads.clear()
    report, embedder = _run(settings, sources)
    assert sorted(sources.loads) == ["brev", "kommuneloven", "krisesenterlova"]
    assert embedder.calls == 0 and (report.unchanged, report.changed) == (3, 0)
    assert (report.chunks_added, report.chunks_updated, report.chunks_removed) == (0, 0, 0)


def test_changed_source_embeds_only_new_and_changed_chunks(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    law = sources.chunks["krisesenterlova"]
    law[1] = make_chunk("krisesenterlova", "§3", "§ 3 Krav til innhaldet. Tilbodet skal vere gratis og heilt.")
    law.append(make_chunk("krisesenterlova", "§5a", "§ 5 a Samiske brukarar."))
    del law[0]  # § 2 disappears
    sources.loads.clear()

    report, embedder = _run(settings, sources)

    assert embedder.calls == 2  # § 3 (new text) and § 5 a (new); § 4 untouched
    assert sources.loads == ["krisesenterlova"]
    assert (report.changed, report.unchanged) == (1, 2)
    assert (report.chunks_added, report.chunks_updated, report.chunks_removed) == (1, 1, 1)
    stored = {c.chunk_id: c for c in ChunkStore(settings, embedder).all_chunks()}
    assert "KRISESENTERLOVA|§2|1" not in stored
    assert stored["KRISESENTERLOVA|§3|1"].text.endswith("gratis og heilt.")
    assert "KRISESENTERLOVA|§5a|1" in stored and len(stored) == 6


def test_metadata_only_change_updates_without_embedding(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    chunk = sources.chunks["kommuneloven"][0]
    sources.chunks["kommuneloven"][0] = chunk.model_copy(update={"url": "https://lovdata.no/lov/2018-06-22-83/§25-1"})
    report, embedder = _run(settings, sources)
    assert embedder.calls == 0 and report.chunks_updated == 1
    [stored] = ChunkStore(settings, embedder).all_chunks({"section_key": "§25-1"})
    assert stored.url.endswith("§25-1")
    # the reused vector still finds the chunk
    hits = ChunkStore(settings, embedder).query_text("internkontroll kommunedirektøren", k=1)
    assert hits[0][0].chunk_id == chunk.chunk_id


def test_removed_source_disappears_from_the_store(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    del sources.chunks["kommuneloven"]
    report, embedder = _run(settings, sources)
    assert report.removed == 1 and report.chunks_removed == 2
    assert {c.source_id for c in ChunkStore(settings, embedder).all_chunks()} == {"krisesenterlova", "brev"}
    assert "kommuneloven" not in {s["id"] for s in index_info(settings)["sources"]}


def test_broken_source_is_reported_by_name_and_keeps_its_old_chunks(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    sources.chunks["kommuneloven"].append(make_chunk("kommuneloven", "§30-7", "§ 30-7 Pålegg om retting."))
    sources.broken["kommuneloven"] = "PDF-filen er skadet"
    sources.chunks["brev"][0] = make_chunk("brev", "Hva fant vi?", "Tre bydeler fikk lovbrudd.")

    report, embedder = _run(settings, sources)

    assert [(f.name, f.kept_chunks) for f in report.failures] == [("kommuneloven.pdf", 2)]
    assert "PDF-filen er skadet" in report.failures[0].reason
    summary = "\n".join(report.summary_lines())
    assert "kommuneloven.pdf" in summary and "beholdes" in summary and "1 feilet" in summary
    assert embedder.calls == 1  # the letter still went through
    ids = _ids(settings, embedder)
    assert {"KOMMUNELOVEN|§25-1|1", "KOMMUNELOVEN|§30-4|1"} <= ids and "KOMMUNELOVEN|§30-7|1" not in ids

    del sources.broken["kommuneloven"]  # fixed: indexed on the next run
    report, embedder = _run(settings, sources)
    assert report.failures == [] and embedder.calls == 1 and "KOMMUNELOVEN|§30-7|1" in _ids(settings, embedder)


def test_a_parser_bug_in_one_source_does_not_stop_the_others(settings: Settings, sources: FakeSources,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    _run(settings, sources)
    sources.crashing.add("krisesenterlova")
    sources.chunks["krisesenterlova"].append(make_chunk("krisesenterlova", "§5", "§ 5 Teieplikt."))
    sources.chunks["brev"].append(make_chunk("brev", "Oppfølging", "Bydelene sender plan."))

    report, embedder = _run(settings, sources)

    [failure] = report.failures
    assert failure.name == "krisesenterlova.pdf" and failure.kept_chunks == 3 and "feil-id" in failure.reason
    cid = failure.reason.split("feil-id ")[1].split(")")[0]
    assert cid in caplog.text and "parser bug" in caplog.text  # the traceback is logged under that id
    assert embedder.calls == 1 and report.chunks_total == 7


def test_new_source_that_fails_is_not_in_the_index(settings: Settings, sources: FakeSources) -> None:
    sources.chunks["tom"] = [make_chunk("tom", "x", "x")]
    sources.broken["tom"] = "filen er tom"
    report, _ = _run(settings, sources)
    assert [(f.name, f.kept_chunks) for f in report.failures] == [("tom.pdf", 0)]
    assert "ikke i indeksen" in "\n".join(report.summary_lines())
    assert report.chunks_total == 6


def test_everything_failing_means_nothing_indexed(settings: Settings) -> None:
    sources = FakeSources({"a": [make_chunk("a", "x", "x")]})
    sources.broken["a"] = "ukjent format"
    report, _ = _run(settings, sources)
    assert report.nothing_indexed
    assert "Ingen kilder kunne indekseres" in report.summary_lines()[-1]


def test_other_embedding_model_rebuilds_everything(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    report, embedder = _run(settings, sources, HashingEmbedder(dim=64))
    assert embedder.calls == 6 and report.rebuild_reason == "ny embedding-modell"
    assert index_info(settings)["embedding_model"] == "hashing-fake-64"
    hits = ChunkStore(settings, embedder).query_text("internkontroll", k=1)
    assert hits[0][0].section_key == "§25-1"


def test_rebuild_on_request(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    report, embedder = _run(settings, sources, rebuild=True)
    assert embedder.calls == 6 and report.rebuild_reason == "etter ønske" and report.chunks_total == 6


def test_store_and_state_out_of_step_are_repaired_without_a_full_rebuild(settings: Settings,
                                                                         sources: FakeSources) -> None:
    _run(settings, sources)
    store = ChunkStore(settings, HashingEmbedder())
    store.delete(["BREV|Hva fant vi?|1"])  # lost from the store
    stray = make_chunk("gammel", "§1", "Rest etter en avbrutt kjøring.")
    store.upsert([stray])  # in the store, unknown to the state

    report, embedder = _run(settings, sources)

    assert report.repaired and not report.rebuild_reason
    assert embedder.calls == 1  # only the lost chunk
    assert _ids(settings, embedder) == {c.chunk_id for chunks in sources.chunks.values() for c in chunks}
    assert "ikke i takt" in "\n".join(report.summary_lines())
    again, embedder = _run(settings, sources)
    assert embedder.calls == 0 and not again.repaired


def test_two_sources_with_the_same_chunk_ids_do_not_overwrite_each_other(settings: Settings,
                                                                         sources: FakeSources) -> None:
    sources.chunks["kopi"] = [make_chunk("kopi", "Hva fant vi?", "Annen tekst.", doc_id="BREV")]
    report, embedder = _run(settings, sources)
    assert [f.name for f in report.failures] == ["kopi.pdf"]
    [letter] = ChunkStore(settings, embedder).all_chunks({"doc_id": "BREV"})
    assert letter.text == "Tre bydeler hadde lovbrudd."


def _identity_number() -> str:
    return next(n for n in (f"010190{i:05d}" for i in range(100000)) if is_identity_number(n))


def test_identity_numbers_are_masked_before_indexing(settings: Settings, sources: FakeSources) -> None:
    number = _identity_number()
    sources.chunks["brev"].append(make_chunk("brev", "Vedlegg", f"Bruker med fnr {number} ble flyttet."))
    report, embedder = _run(settings, sources)
    assert report.chunks_redacted == 1
    [stored] = ChunkStore(settings, embedder).all_chunks({"section_key": "Vedlegg"})
    assert number not in stored.model_dump_json() and MASK in stored.text
    assert number not in (settings.data_dir / "index_state.json").read_text()


def test_dynamic_chunks_survive_runs_and_rebuilds_until_removed(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    submitted = make_chunk("intake-7", "rutine", "Rutine for oppfølging i bydelen.", kind=SourceKind.SUBMITTED,
                           audience=Audience.OFFICERS, bydel="Grorud", doc_id="intake-7")
    embedder = HashingEmbedder()
    report = Indexer(settings, embedder, loader=sources).index_chunks("intake-7", [submitted], title="Rutine")
    assert report.chunks_added == 1 and embedder.calls == 1

    info = index_info(settings)
    assert info["chunk_count"] == 7 and info["officer_sources"] == 1
    assert "intake-7" not in {s["id"] for s in info["sources"]}  # shown to everyone: not named

    again = Indexer(settings, embedder, loader=sources).index_chunks("intake-7", [submitted])
    assert again.chunks_added == 0 and embedder.calls == 1  # idempotent

    report, _ = _run(settings, sources)
    assert report.removed == 0 and "intake-7|rutine|1" in _ids(settings, embedder)
    report, _ = _run(settings, sources, rebuild=True)
    assert report.chunks_total == 7
    [kept] = ChunkStore(settings, embedder).all_chunks({"source_id": "intake-7"})
    assert kept.audience == Audience.OFFICERS and kept.bydel == "Grorud"

    assert Indexer(settings, embedder, loader=sources).remove_source("intake-7") >= 1
    assert "intake-7|rutine|1" not in _ids(settings, embedder)
    assert index_info(settings)["chunk_count"] == 6


def test_ensure_index_and_staleness(settings: Settings, sources: FakeSources) -> None:
    embedder = HashingEmbedder()
    assert index_is_stale(settings, model_name=embedder.name, loader=sources)
    first = ensure_index(settings, embedder, loader=sources, progress=False)
    assert first is not None and first.chunks_total == 6
    assert not index_is_stale(settings, model_name=embedder.name, loader=sources)
    assert ensure_index(settings, embedder, loader=sources, progress=False) is None
    assert index_is_stale(settings, model_name="another-model", loader=sources)

    sources.broken["brev"] = "skadet"  # a changed input makes it stale; once reported, an unchanged broken file does not
    assert index_is_stale(settings, model_name=embedder.name, loader=sources)
    ensure_index(settings, embedder, loader=sources, progress=False)
    assert not index_is_stale(settings, model_name=embedder.name, loader=sources)


def test_a_new_file_of_questions_makes_the_index_stale_and_the_start_up_ingest_stores_it(
        settings: Settings, sources: FakeSources, tmp_path: Path) -> None:
    """A deployment that pulls new probe or unanswered questions (`knowledge/questions/`) re-ingests at
    start-up: the answer model would otherwise read a signal the index does not have."""
    embedder = HashingEmbedder()
    settings = settings.model_copy(update={"knowledge_dir": tmp_path / "knowledge"})
    ensure_index(settings, embedder, loader=sources, progress=False)
    assert not index_is_stale(settings, model_name=embedder.name, loader=sources)
    folder = settings.knowledge_dir / "questions"
    folder.mkdir(parents=True)
    (folder / "unanswered-examples.yaml").write_text('unanswered:\n  - "Hva koster en plass?"\n', encoding="utf-8")
    assert index_is_stale(settings, model_name=embedder.name, loader=sources)
    report = ensure_index(settings, embedder, loader=sources, progress=False)
    assert report is not None and report.probes_embedded == 1 and report.chunks_embedded == 0
    assert [p.question for p in ChunkStore(settings, embedder).all_probes()] == ["Hva koster en plass?"]
    assert not index_is_stale(settings, model_name=embedder.name, loader=sources)


def test_index_info_reads_the_state_file(settings: Settings, sources: FakeSources) -> None:
    assert index_info(settings)["chunk_count"] == 0
    _run(settings, sources)
    info = index_info(settings)
    assert info["chunk_count"] == 6 and info["built_at"] and info["embedding_model"] == "hashing-fake-256"
    assert {(s["id"], s["chunks"]) for s in info["sources"]} == {("krisesenterlova", 3), ("kommuneloven", 2), ("brev", 1)}
    state = json.loads((settings.data_dir / "index_state.json").read_text())
    assert "Tre bydeler" not in json.dumps(state)  # the state holds hashes, not text


def test_a_corrupt_state_file_leads_to_a_clean_rebuild(settings: Settings, sources: FakeSources) -> None:
    _run(settings, sources)
    (settings.data_dir / "index_state.json").write_text("{not json", encoding="utf-8")
    report, embedder = _run(settings, sources)
    assert report.repaired and embedder.calls == 6
    assert report.chunks_total == 6 and len(_ids(settings, embedder)) == 6
    again, embedder = _run(settings, sources)
    assert embedder.calls == 0 and not again.repaired
