"""The dense index: chunks and their vectors in one Chroma collection (embedded or a server).

Why Chroma holds the whole chunk: retrieval builds its keyword index and citations from
`all_chunks()`, so the store is the single source of truth for what is indexed and nothing can be
cited that is not in it. Each record keeps the full `Chunk` as JSON (metadata `chunk_json`) plus
flat scalar metadata for filtering (source_id, doc_id, kind, section_key, audience, bydel, year,
language, case_id, item_id). The document field holds the chunk text.

Why our own vectors: Chroma's default embedding function downloads an ONNX model; we always pass
embeddings computed by `ingest.index.embedder`, and the collection is created without an
embedding function, in cosine space.

Scores: `query` returns cosine SIMILARITY (1 − cosine distance), clipped to [0, 1]; higher is
more similar.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from bot.domain import Chunk
from bot.errors import IndexUnavailableError
from bot.retrieval.probes import StoredProbe
from bot.texts import ingest as texts

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.settings import Settings

log = logging.getLogger(__name__)

FILTER_FIELDS = ("source_id", "doc_id", "kind", "section_key", "audience", "bydel", "year", "language",
                 "case_id", "item_id")
_PAGE = 1000  # records per `get` page: keeps memory flat on big collections
EF_SEARCH = 1000  # graph candidates per query: (nearly) exhaustive at this corpus size (`_open_collection`)
WIDEN_ATTEMPTS = 4  # a store busy with another writer is asked this often to widen the search (`_widen`), ~1 s in all

# Failures of the store itself (not of our code): a server that went away, a broken database.
_STORE_ERRORS: tuple[type[BaseException], ...] = (ChromaError, httpx.TransportError, ConnectionError)
# chromadb reports an unreachable server as ValueError and a broken folder as RuntimeError.
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*_STORE_ERRORS, ValueError, OSError, RuntimeError)
# ... and a store that does not take the search width (`ChunkStore._open_collection`)
_WIDEN_ERRORS: tuple[type[BaseException], ...] = (*_OPEN_ERRORS, TypeError)


@retry(retry=retry_if_exception_type(_STORE_ERRORS), stop=stop_after_attempt(WIDEN_ATTEMPTS),
       wait=wait_exponential(multiplier=0.1, max=0.5), reraise=True)
def _widen(collection: Any) -> None:
    """Set the collection's search width to `EF_SEARCH`, tried again while the store is busy.

    Why: an embedded store is a SQLite file, and a write that meets another connection's write lock fails
    at once ("database is locked"); the widening then gave up with a warning although a moment later it
    would have gone through (seen on a loaded machine). A store that refuses for good still raises."""
    collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})


def _scalar(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Flat metadata for Chroma filters plus the full chunk as JSON. Chroma rejects None: omit it."""
    meta: dict[str, str | int] = {"chunk_json": chunk.model_dump_json()}
    for field in FILTER_FIELDS:
        value = _scalar(getattr(chunk, field))
        if value is not None:
            meta[field] = value
    return meta


def build_where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Turn `{"kind": "law", "doc_id": ["A", "B"]}` into a Chroma `where`.

    Lists/tuples/sets become `$in`; several keys are combined with `$and`; enums become their value.
    A dict that already uses Chroma operators at the top level (`$and`, `$or`) is passed through.
    """
    if not filters:
        return None
    if any(key.startswith("$") for key in filters):
        return dict(filters)
    clauses: list[dict[str, Any]] = []
    for key, value in filters.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            clauses.append({key: {"$in": [_scalar(v) for v in value]}})
        elif isinstance(value, dict):
            clauses.append({key: {op: _scalar(v) for op, v in value.items()}})
        else:
            clauses.append({key: _scalar(value)})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class ChunkStore:
    """Chunks with vectors in Chroma. Raises `IndexUnavailableError` when Chroma cannot be used."""

    def __init__(self, settings: Settings, embedder: Embeddings | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.collection_name = settings.chroma_collection
        self.server_mode = bool(settings.chroma_host)
        self._batch_size: int | None = None
        self._client = self._connect()
        self._collection = self._open_collection()
        self._probe_collection: Any = None

    # --- connection ----------------------------------------------------------------------
    def _unavailable_message(self) -> str:
        if self.server_mode:
            return texts.INDEX_UNAVAILABLE_SERVER.format(host=self.settings.chroma_host, port=self.settings.chroma_port)
        return texts.INDEX_UNAVAILABLE_EMBEDDED.format(path=self.settings.chroma_dir)

    def _connect(self) -> Any:
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if self.server_mode:
                return chromadb.HttpClient(
                    host=self.settings.chroma_host, port=self.settings.chroma_port, settings=chroma_settings
                )
            self.settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.settings.chroma_dir), settings=chroma_settings)
        except _OPEN_ERRORS as error:
            # chromadb reports an unreachable server as ValueError and a broken folder as RuntimeError.
            raise IndexUnavailableError(self._unavailable_message(), detail=repr(error)) from error

    def _open_collection(self, name: str = "") -> Any:
        """The collection, searched (nearly) exhaustively: `EF_SEARCH` candidates per query.

        Why: with Chroma's default (100) the graph search is approximate, and an index whose latest
        writes are not yet flushed to its HNSW segment rebuilds that graph at every load, so the same
        question found a slightly different top 50 in each process (measured 2026-12-03: three loads,
        three result sets; a letter unit at rank ~45 came and went, and an answer with it). At 1,495
        units a query cost the same either way (27–29 ms, mostly Chroma's own work), and the results
        are the same in every process. An existing collection is widened in place; a store that refuses
        (an older server) is used as it is, with a warning: narrower search is no reason to answer
        nothing."""
        with self._guard(connect=True):
            collection = self._client.get_or_create_collection(
                name or self.collection_name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}},
            )
        hnsw = (getattr(collection, "configuration", None) or {}).get("hnsw") or {}
        if int(hnsw.get("ef_search") or 0) < EF_SEARCH:
            try:
                _widen(collection)
            except _WIDEN_ERRORS as error:
                log.warning("chroma collection %s keeps its search width: %r", collection.name, error)
        return collection

    @property
    def probe_collection_name(self) -> str:
        return f"{self.collection_name}-probes"

    def _probes(self) -> Any:
        """The probe questions' vectors (`ingest.probes`) live in their own collection: a chunk query
        must never return a question instead of law text."""
        if self._probe_collection is None:
            self._probe_collection = self._open_collection(self.probe_collection_name)
        return self._probe_collection

    @contextmanager
    def _guard(self, *, connect: bool = False) -> Iterator[None]:
        """Translate Chroma/transport failures into the user-facing IndexUnavailableError."""
        try:
            yield
        except _STORE_ERRORS as error:
            message = self._unavailable_message() if connect or self.server_mode else texts.INDEX_OPERATION_FAILED
            log.error("chroma operation failed: %r", error)
            raise IndexUnavailableError(message, detail=repr(error)) from error

    def _chunk(self, meta: Mapping[str, Any] | None) -> Chunk:
        """The chunk stored in a record; a damaged record means a damaged store (not a bug to crash on)."""
        try:
            return Chunk.model_validate_json(str((meta or {})["chunk_json"]))
        except (KeyError, TypeError, ValueError) as error:
            log.error("chroma record unreadable: %s", type(error).__name__)
            raise IndexUnavailableError(texts.INDEX_OPERATION_FAILED, detail=f"unreadable record: {type(error).__name__}") from error

    @property
    def batch_size(self) -> int:
        """Chroma's own limit per call (asked once: on a server it is a network round trip)."""
        if self._batch_size is None:
            with self._guard():
                self._batch_size = max(1, min(int(self._client.get_max_batch_size()), 5000))
        return self._batch_size

    # --- writing -------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]] | None = None) -> None:
        """Insert or replace chunks by `chunk_id`. Without `embeddings`, the store's embedder is used."""
        chunks = list(chunks)
        if not chunks:
            return
        if embeddings is None:
            if self.embedder is None:
                raise ValueError("ChunkStore.upsert needs embeddings or an embedder")
            from ingest.index.embedder import chunk_embedding_text

            embeddings = self.embedder.embed_documents([chunk_embedding_text(c) for c in chunks])
        if len(embeddings) != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        size = self.batch_size
        for start in range(0, len(chunks), size):
            batch = chunks[start : start + size]
            with self._guard():
                self._collection.upsert(
                    ids=[c.chunk_id for c in batch],
                    embeddings=[list(map(float, e)) for e in embeddings[start : start + size]],
                    metadatas=[chunk_metadata(c) for c in batch],
                    documents=[c.text for c in batch],
                )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        ids = list(dict.fromkeys(chunk_ids))
        size = self.batch_size
        for start in range(0, len(ids), size):
            with self._guard():
                self._collection.delete(ids=ids[start : start + size])

    def delete_source(self, source_id: str) -> int:
        """Remove every chunk of a source; returns how many were removed."""
        ids = self.ids({"source_id": source_id})
        self.delete(ids)
        return len(ids)

    def reset(self) -> None:
        """Drop and recreate the collection (a new embedding model may have another dimension)."""
        with self._guard():
            try:
                self._client.delete_collection(self.collection_name)
            except NotFoundError:
                pass
        self._collection = self._open_collection()
        self.replace_probes([], [])

    def replace_probes(self, probes: Sequence[tuple[str, str, str]], vectors: Sequence[Sequence[float]]) -> None:
        """Store exactly these probes: (probe id, chunk id, question) with their vectors."""
        if len(probes) != len(vectors):
            raise ValueError(f"{len(probes)} probes but {len(vectors)} vectors")
        if len({p[0] for p in probes}) != len(probes):
            # checked before the old probes are dropped: the store refuses a repeated id only after, and
            # every stored vector would then have to be embedded again (17 minutes under load)
            raise ValueError("repeated probe ids")
        with self._guard():
            try:
                self._client.delete_collection(self.probe_collection_name)
            except NotFoundError:
                pass
        self._probe_collection = None
        collection = self._probes()
        size = self.batch_size
        for start in range(0, len(probes), size):
            batch = probes[start : start + size]
            with self._guard():
                collection.upsert(ids=[p[0] for p in batch],
                                  embeddings=[list(map(float, v)) for v in vectors[start : start + size]],
                                  metadatas=[{"chunk_id": p[1]} for p in batch], documents=[p[2] for p in batch])

    def all_probes(self) -> list[StoredProbe]:
        """Every stored probe question: its unit (chunk id), vector and text."""
        out: list[StoredProbe] = []
        offset = 0
        while True:
            with self._guard():
                page = self._probes().get(include=["metadatas", "embeddings", "documents"], limit=_PAGE,
                                          offset=offset)
            for probe_id, meta, vector, question in zip(page["ids"], page["metadatas"], page["embeddings"],
                                                        page["documents"], strict=True):
                chunk_id = (meta or {}).get("chunk_id")
                if chunk_id is None:  # a damaged row: never read as a question no unit answers (UNANSWERED)
                    continue
                out.append(StoredProbe(str(chunk_id), [float(v) for v in vector], str(question or ""), str(probe_id)))
            if len(page["ids"]) < _PAGE:
                return out
            offset += _PAGE

    # --- reading -------------------------------------------------------------------------
    def count(self) -> int:
        with self._guard():
            return int(self._collection.count())

    def _pages(self, where: dict[str, Any] | None, include: list[str]) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            with self._guard():
                page = self._collection.get(where=where, include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def ids(self, filters: Mapping[str, Any] | None = None) -> list[str]:
        return [i for page in self._pages(build_where(filters), []) for i in page["ids"]]

    def all_chunks(self, filters: Mapping[str, Any] | None = None) -> list[Chunk]:
        """Every stored chunk (optionally filtered), in a stable order (by chunk_id)."""
        chunks = [
            self._chunk(meta)
            for page in self._pages(build_where(filters), ["metadatas"])
            for meta in page["metadatas"]
        ]
        return sorted(chunks, key=lambda c: c.chunk_id)

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks with these ids (missing ids are skipped)."""
        ids = list(chunk_ids)
        chunks: list[Chunk] = []
        size = self.batch_size
        for start in range(0, len(ids), size):
            with self._guard():
                page = self._collection.get(ids=ids[start : start + size], include=["metadatas"])
            chunks += [self._chunk(meta) for meta in page["metadatas"]]
        return chunks

    def get_embeddings(self, chunk_ids: Sequence[str]) -> dict[str, list[float]]:
        """Stored vectors by id: lets the indexer update metadata without embedding again."""
        result: dict[str, list[float]] = {}
        ids = list(chunk_ids)
        size = self.batch_size
        for start in range(0, len(ids), size):
            with self._guard():
                page = self._collection.get(ids=ids[start : start + size], include=["embeddings"])
            for chunk_id, vector in zip(page["ids"], page["embeddings"], strict=True):
                result[chunk_id] = [float(v) for v in vector]
        return result

    def query(
        self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The `k` nearest chunks with cosine similarity in [0, 1], best first."""
        if k <= 0:
            return []
        with self._guard():
            result = self._collection.query(
                query_embeddings=[list(map(float, vector))],
                n_results=k,
                where=build_where(where),
                include=["metadatas", "distances"],
            )
        metadatas = result["metadatas"][0] if result["metadatas"] else []
        distances = result["distances"][0] if result["distances"] else []
        return [
            (self._chunk(meta), min(1.0, max(0.0, 1.0 - float(distance))))
            for meta, distance in zip(metadatas, distances, strict=True)
        ]

    def query_text(self, text: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[Chunk, float]]:
        """`query` with the question embedded by the store's embedder."""
        if self.embedder is None:
            raise ValueError("ChunkStore.query_text needs an embedder")
        return self.query(self.embedder.embed_query(text), k, where)
