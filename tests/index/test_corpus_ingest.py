"""The real corpus (../shared/corpus/lovdata) plus the letter go through the indexer intact."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.index.sources import default_sources
from ingest.indexer import Indexer, index_info
from tests.fakes.embedder import HashingEmbedder

pytestmark = pytest.mark.corpus


def test_corpus_ingest_is_complete_lossless_and_incremental(settings: Settings) -> None:
    embedder = HashingEmbedder()
    report = Indexer(settings, embedder).run(progress=False)

    assert report.failures == []
    ids = {s.source_id for s in report.sources}
    assert {"krisesenterlova", "krisesenterlova-endring-2025", "kommuneloven", "informasjonsskriv-2-2024"} <= ids
    assert report.chunks_total == embedder.calls > 400

    store = ChunkStore(settings, embedder)
    parsed = {c.chunk_id: c for src in default_sources(settings) if src.source_id == "krisesenterlova"
              for c in src.load()}
    stored = {c.chunk_id: c for c in store.all_chunks({"source_id": "krisesenterlova"})}
    assert stored == parsed  # every field, passages and pending-change notes included

    # one chunk per ledd: krisesenterlova § 4 has four ledd, all stored under the § key
    section4 = sorted(store.all_chunks({"doc_id": "LOV-2009-06-19-44", "section_key": "§4"}), key=lambda c: c.chunk_id)
    assert [c.chunk_id for c in section4] == [f"LOV-2009-06-19-44|§4|p{n}" for n in range(1, 5)]
    assert [[p.ledd for p in c.passages] for c in section4] == [[1], [2], [3], [4]]
    assert all(c.url.endswith("§4") and c.text.startswith("§ 4 Samarbeid og samordning\n") for c in section4)
    pbl = store.all_chunks({"doc_id": "LOV-2008-06-27-71", "section_key": "§25-1"})
    koml = store.all_chunks({"doc_id": "LOV-2018-06-22-83", "section_key": "§25-1"})
    assert pbl and koml and pbl[0].chunk_id != koml[0].chunk_id

    again = Indexer(settings, HashingEmbedder()).run(progress=False)
    assert again.chunks_embedded == 0 and again.unchanged == len(ids)
    assert index_info(settings)["chunk_count"] == report.chunks_total
