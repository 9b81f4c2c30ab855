"""Cheap questions about the index, answered from the state file: is it stale, what does it hold?

Why separate from the indexer: start-up (`ensure_index`) and the answering service ask these on
every launch; they must not import torch or open Chroma. Only file fingerprints are computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.index.embedder import embedder_name
from ingest.index.sources import SourceLister, default_sources
from ingest.index.state import read_state
from ingest.probes import probe_fingerprint

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.settings import Settings
    from ingest.report import IngestReport


def store_id(settings: Settings) -> str:
    """Where the vectors live; a state written for another store does not describe this one."""
    if settings.chroma_host:
        return f"http://{settings.chroma_host}:{settings.chroma_port}/{settings.chroma_collection}"
    return f"embedded:{settings.chroma_collection}"


def index_is_stale(settings: Settings, *, model_name: str | None = None,
                   loader: SourceLister = default_sources) -> bool:
    """True when an ingest would change something: no index, another model or store, changed sources or
    probe questions.

    A source that failed before and whose input is unchanged does not count (it would fail again);
    `tilsynsbot ingest` still reports it.
    """
    state = read_state(settings.data_dir)
    if state is None or not state.built_at:
        return True
    if state.embedding_model != (model_name or embedder_name(settings)) or state.store != store_id(settings):
        return True
    if not settings.chroma_host and not settings.chroma_dir.is_dir():
        return True
    remembered = [Path(p) for p in state.extra_paths]
    if any(not p.exists() for p in remembered):
        return True
    inputs = loader(settings, remembered)
    for src in inputs:
        if src.skipped:  # not available here (a guidance page offline): an ingest would change nothing
            continue
        failed = state.failed.get(src.source_id)
        if failed is not None and failed.fingerprint == src.fingerprint:
            continue
        previous = state.sources.get(src.source_id)
        if src.error is not None or previous is None or previous.fingerprint != src.fingerprint:
            return True
    listed = {s.source_id for s in inputs}
    if any(sid not in listed and not entry.dynamic for sid, entry in state.sources.items()):
        return True
    # the probe questions (`knowledge/questions/`): a changed or new file is read only by an ingest
    return probe_fingerprint(settings.knowledge_dir, state.embedding_model, state.chunk_hashes()) != state.probes


def index_info(settings: Settings) -> dict[str, Any]:
    """What the index holds, from the state file: for `/tilsynsbot status`, answers and the CLI."""
    state = read_state(settings.data_dir)
    if state is None:
        return {"built_at": "", "embedding_model": "", "chunk_count": 0, "chunks": 0, "sources": [], "failed": [],
                "officer_sources": 0}
    return {
        "built_at": state.built_at,
        "embedding_model": state.embedding_model,
        "chunk_count": state.chunk_count,
        "chunks": state.chunk_count,
        # Sources indexed by other areas (submitted documents) are officers-only: counted, not named,
        # because this dict is shown to everyone (Slack Home tab, `/tilsynsbot status`).
        "sources": [
            {"id": sid, "title": entry.title, "kind": entry.kind, "chunks": len(entry.chunks)}
            for sid, entry in state.sources.items() if not entry.dynamic
        ],
        "officer_sources": sum(1 for entry in state.sources.values() if entry.dynamic),
        "failed": [{"id": sid, "name": f.name, "reason": f.reason} for sid, f in state.failed.items()],
    }


def ensure_index(settings: Settings, embedder: Embeddings | None = None, *,
                 loader: SourceLister = default_sources, progress: bool = True) -> IngestReport | None:
    """Ingest when the index is missing or stale (start-up of `make run`); None when it is current."""
    name = getattr(embedder, "name", None) if embedder is not None else None
    if not index_is_stale(settings, model_name=name, loader=loader):
        return None
    from ingest.indexer import Indexer

    return Indexer(settings, embedder, loader=loader).run(progress=progress)
