"""ChunkStore over an embedded Chroma: chunks survive the round trip and filters narrow queries."""

from __future__ import annotations

import pytest

from bot.domain import Audience, Chunk, Passage, SourceKind
from bot.errors import IndexUnavailableError
from bot.settings import Settings
from ingest.index.chroma_store import EF_SEARCH, ChunkStore, build_where
from ingest.index.embedder import chunk_embedding_text
from tests.fakes.embedder import HashingEmbedder
from tests.index.conftest import make_chunk


def _rich_chunk() -> Chunk:
    return make_chunk(
        "krisesenterlova",
        "§3",
        "§ 3 Krav til innhaldet i tilbodet. Tilbodet skal vere gratis.",
        section_title="Krav til innhaldet i tilbodet",
        heading_path=["Kapittel 1", "§ 3 Krav til innhaldet i tilbodet"],
        passages=[
            Passage(text="Tilbodet skal vere gratis.", ledd=1),
            Passage(text="tilgjengeleg heile døgnet", ledd=2, bokstav="a"),
            Passage(text="Side to", page=2),
        ],
        footnotes=["Endra ved lov 20 juni 2025 nr. 42."],
        amendment_notes=["Vert endra ved lov 20 juni 2025 nr. 42 (i kraft 1 jan 2026)."],
        pending_change="Vert endra ved lov 20 juni 2025 nr. 42",
        pending_change_act="LOV-2025-06-20-42",
        pending_change_in_force="2026-01-01",
        language="nn",
        url="https://lovdata.no/lov/2009-06-19-44/§3",
        content_hash="abc",
    )


def test_chunk_round_trips_with_nested_passages(store: ChunkStore, fake_embedder: HashingEmbedder) -> None:
    chunk = _rich_chunk()
    store.upsert([chunk], fake_embedder.embed_documents([chunk.text]))

    [back] = store.all_chunks()
    assert back == chunk
    assert back.passages[1].bokstav == "a" and back.passages[2].page == 2
    assert back.year is None


def test_upsert_without_vectors_uses_the_store_embedder(store: ChunkStore, sample_chunks: list[Chunk],
                                                        fake_embedder: HashingEmbedder) -> None:
    store.upsert(sample_chunks)
    assert fake_embedder.calls == len(sample_chunks)
    assert store.count() == len(sample_chunks)
    assert [c.chunk_id for c in store.all_chunks()] == sorted(c.chunk_id for c in sample_chunks)


def test_query_returns_the_nearest_chunk_first_with_similarity(store: ChunkStore, sample_chunks: list[Chunk],
                                                              fake_embedder: HashingEmbedder) -> None:
    store.upsert(sample_chunks)
    hits = store.query(fake_embedder.embed_query("internkontroll kommunedirektøren"), k=3)
    assert hits[0][0].section_key == "§25-1"
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    # The text that was embedded for a chunk finds it with similarity (nearly) 1.
    exact = store.query(fake_embedder.embed_query(chunk_embedding_text(sample_chunks[0])), k=1)
    assert exact[0][0].chunk_id == sample_chunks[0].chunk_id and exact[0][1] > 0.99


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"source_id": "krisesenterlova"}, {"KRISESENTERLOVA|§4|1", "KRISESENTERLOVA|§2|1"}),
        ({"audience": Audience.OFFICERS}, {"case-7-rutine|vedlegg|1"}),
        ({"kind": [SourceKind.LAW], "year": 2018}, {"KOMMUNELOVEN|§25-1|1"}),
        ({"bydel": "Grorud", "year": {"$gte": 2020}}, {"case-7-rutine|vedlegg|1"}),
        ({"audience": {"$ne": "officers"}}, {"KRISESENTERLOVA|§4|1", "KRISESENTERLOVA|§2|1", "KOMMUNELOVEN|§25-1|1"}),
    ],
)
def test_query_filters(store: ChunkStore, sample_chunks: list[Chunk], fake_embedder: HashingEmbedder,
                       where: dict, expected: set[str]) -> None:
    store.upsert(sample_chunks)
    hits = store.query(fake_embedder.embed_query("kommunen"), k=10, where=where)
    assert {c.chunk_id for c, _ in hits} == expected
    assert {c.chunk_id for c in store.all_chunks(where)} == expected


def test_query_with_k_larger_than_the_collection(store: ChunkStore, sample_chunks: list[Chunk]) -> None:
    store.upsert(sample_chunks[:2])
    assert len(store.query_text("kommunen", k=50)) == 2


def test_delete_and_delete_source(store: ChunkStore, sample_chunks: list[Chunk]) -> None:
    store.upsert(sample_chunks)
    store.delete(["KOMMUNELOVEN|§25-1|1"])
    assert store.delete_source("krisesenterlova") == 2
    assert [c.chunk_id for c in store.all_chunks()] == ["case-7-rutine|vedlegg|1"]


def test_reset_empties_the_collection_and_accepts_another_dimension(store: ChunkStore,
                                                                    sample_chunks: list[Chunk]) -> None:
    store.upsert(sample_chunks)
    store.reset()
    assert store.count() == 0
    store.upsert(sample_chunks[:1], [[1.0, 0.0, 0.0]])
    assert store.count() == 1


def test_embedded_store_persists_across_instances(settings: Settings, sample_chunks: list[Chunk],
                                                  fake_embedder: HashingEmbedder) -> None:
    ChunkStore(settings, fake_embedder).upsert(sample_chunks)
    assert ChunkStore(settings, fake_embedder).count() == len(sample_chunks)


def test_build_where_combines_clauses() -> None:
    assert build_where(None) is None
    assert build_where({"kind": "law"}) == {"kind": "law"}
    assert build_where({"kind": ["law", "regulation"], "doc_id": "X"}) == {
        "$and": [{"kind": {"$in": ["law", "regulation"]}}, {"doc_id": "X"}]
    }
    assert build_where({"$or": [{"a": 1}, {"b": 2}]}) == {"$or": [{"a": 1}, {"b": 2}]}


def test_unreachable_server_gives_a_norwegian_message(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": 9})
    with pytest.raises(IndexUnavailableError) as info:
        ChunkStore(unreachable)
    assert "Chroma-serveren på 127.0.0.1:9" in info.value.user_message


def test_unusable_folder_gives_a_norwegian_message(settings: Settings, tmp_path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    broken = settings.model_copy(update={"data_dir": blocker})
    with pytest.raises(IndexUnavailableError) as info:
        ChunkStore(broken)
    assert "kan ikke åpnes" in info.value.user_message


def test_a_damaged_record_is_reported_as_an_unavailable_index(settings) -> None:  # noqa: ANN001
    from bot.errors import IndexUnavailableError
    from ingest.index.chroma_store import ChunkStore

    store = ChunkStore(settings)
    store._collection.add(ids=["x"], embeddings=[[0.1, 0.2, 0.3]], metadatas=[{"chunk_json": "{not json"}],
                          documents=["x"])
    with pytest.raises(IndexUnavailableError):
        store.all_chunks()


def test_an_existing_collection_is_searched_near_exhaustively(settings: Settings, sample_chunks: list[Chunk]) -> None:
    """A collection made with Chroma's default search width (an index built before this setting) is
    widened when it is opened: an approximate search found another top 50 in each process."""
    store = ChunkStore(settings, HashingEmbedder())
    client = store._client  # the store's own client: Chroma allows one per folder and settings
    client.get_or_create_collection("built-before", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    assert client.get_collection("built-before").configuration["hnsw"]["ef_search"] < EF_SEARCH
    store._open_collection("built-before")
    assert client.get_collection("built-before").configuration["hnsw"]["ef_search"] == EF_SEARCH
    store.upsert(sample_chunks)
    assert client.get_collection(settings.chroma_collection).configuration["hnsw"]["ef_search"] == EF_SEARCH


class _NarrowOnlyCollection:
    """A collection on a store that refuses a new search width (an older Chroma server)."""

    name = "narrow"
    configuration = {"hnsw": {"space": "cosine", "ef_search": 100}}

    def modify(self, **_: object) -> None:
        raise ValueError("unsupported configuration")


class _NarrowOnlyClient:
    def get_or_create_collection(self, *_: object, **__: object) -> _NarrowOnlyCollection:
        return _NarrowOnlyCollection()


def test_a_store_that_refuses_the_wider_search_is_still_used(settings: Settings,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    store = ChunkStore(settings, HashingEmbedder())
    store._client = _NarrowOnlyClient()
    assert isinstance(store._open_collection("narrow"), _NarrowOnlyCollection)  # not IndexUnavailableError
    assert "keeps its search width" in caplog.text


def test_repeated_probe_ids_are_refused_before_the_stored_probes_are_dropped(store: ChunkStore) -> None:
    vector = [1.0] + [0.0] * (HashingEmbedder().dim - 1)
    store.replace_probes([("p1", "c1", "Hvem fører tilsyn?")], [vector])
    with pytest.raises(ValueError):
        store.replace_probes([("p2", "c1", "a"), ("p2", "c1", "b")], [vector, vector])
    assert [p.question for p in store.all_probes()] == ["Hvem fører tilsyn?"]  # nothing lost


class _BusyOnce:
    """A collection whose store is locked by another writer for its first `busy` changes (what SQLite says
    when two connections write at once)."""

    def __init__(self, busy: int) -> None:
        self.busy = busy
        self.configuration: dict = {"hnsw": {"ef_search": 100}}
        self.name = "busy"

    def modify(self, configuration: dict) -> None:
        if self.busy:
            self.busy -= 1
            from chromadb.errors import InternalError

            raise InternalError("database is locked")
        self.configuration["hnsw"].update(configuration["hnsw"])


def test_a_busy_store_is_asked_again_to_widen_the_search() -> None:
    """A lock held a moment by another writer is waited out (bounded), not taken as a refusal."""
    from chromadb.errors import InternalError

    from ingest.index.chroma_store import WIDEN_ATTEMPTS, _widen

    collection = _BusyOnce(busy=1)
    _widen(collection)
    assert collection.configuration["hnsw"]["ef_search"] == EF_SEARCH
    always = _BusyOnce(busy=WIDEN_ATTEMPTS)  # busy every time: the error reaches the caller, which warns
    with pytest.raises(InternalError):
        _widen(always)
    assert always.configuration["hnsw"]["ef_search"] == 100
