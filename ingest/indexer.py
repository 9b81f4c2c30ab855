"""Incremental, idempotent ingest: parse what changed, embed only new or changed chunks.

How: `index_state.json` (see `ingest.index.state`) holds per source the fingerprint of its input
and per chunk a hash of the whole chunk and of the embedded text. A run lists the sources
(`ingest.index.sources`), skips those whose fingerprint is unchanged, parses the rest, and for each
chunk decides: new or changed text → embed; only metadata changed → reuse the stored vector;
gone → delete. Sources that disappeared are deleted; a source that fails to parse is reported by
name and its previous chunks are kept. Store and state are compared by chunk id on every run, so
an interrupted run is repaired by redoing only the difference. A different embedding model,
another Chroma location, or `--rebuild` re-embeds everything (chunks indexed by other areas
through `index_chunks` are carried over from the store).

Why a lock: `make run` (ensure_index), `tilsynsbot ingest` and intake's `index_chunks` may run at
the same time; a file lock in DATA_DIR serialises them so the state and the store stay in step.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from bot import privacy
from bot.domain import Audience, Chunk
from bot.errors import IndexUnavailableError, SourceError, TilsynsbotError, ValidationFailedError
from bot.texts import ingest as texts
from ingest.index.embedder import build_embedder, chunk_embedding_text
from ingest.index.sources import SourceInput, SourceLister, default_sources
from ingest.index.state import FailedState, IndexState, SourceState, locked, read_state, write_state
from ingest.index.status import ensure_index, index_info, index_is_stale, store_id
from ingest.probes import load_probe_files, probe_fingerprint, resolve
from ingest.report import IngestReport, SourceFailure, SourceResult

__all__ = ["Indexer", "ensure_index", "index_info", "index_is_stale", "store_id"]

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.settings import Settings
    from ingest.index.chroma_store import ChunkStore

log = logging.getLogger(__name__)
EMBED_BATCH = 256  # per upsert; sentence-transformers sorts by length inside a call, so bigger wastes less padding


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _mark_unchanged(report: IngestReport, source_id: str) -> None:
    for result in report.sources:
        if result.source_id == source_id and result.status == "changed":
            result.status = "unchanged"


@dataclass
class _Plan:
    source_id: str
    title: str
    name: str
    fingerprint: str
    chunks: list[Chunk]
    previous: dict[str, tuple[str, str]]
    dynamic: bool = False


class Indexer:
    """Keeps the Chroma store in step with the sources. `loader` lists the sources (injectable)."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embeddings | None = None,
        store: ChunkStore | None = None,
        loader: SourceLister = default_sources,
    ) -> None:
        self.settings = settings
        self.embedder = embedder if embedder is not None else build_embedder(settings, lazy=True)
        self.name: str = getattr(self.embedder, "name", type(self.embedder).__name__)
        self._store = store
        self.loader = loader

    @property
    def store(self) -> ChunkStore:
        """Opened on first use: listing and fingerprinting need no Chroma."""
        if self._store is None:
            from ingest.index.chroma_store import ChunkStore

            self._store = ChunkStore(self.settings, self.embedder)
        return self._store

    # --- the full run --------------------------------------------------------------------
    def run(self, extra_paths: Sequence[Path] = (), *, rebuild: bool = False, progress: bool = True) -> IngestReport:
        started = time.perf_counter()
        with locked(self.settings.data_dir):
            state = read_state(self.settings.data_dir) or IndexState()
            report = IngestReport(embedding_model=self.name)
            remembered = [Path(p) for p in state.extra_paths if Path(p).exists()]
            inputs = self.loader(self.settings, [*remembered, *extra_paths])
            carried = self._maybe_reset(state, rebuild, report)
            plans = self._plan(inputs, state, report)
            plans += carried
            self._remove_missing(inputs, state, report)
            total = sum(len(p.chunks) for p in plans)
            with tqdm(total=total, desc=texts.PROGRESS_EMBEDDING, unit="bit", file=sys.stderr,
                      disable=not (progress and sys.stderr.isatty())) as bar:
                for plan in plans:
                    if not self._apply(plan, state, report, bar):
                        _mark_unchanged(report, plan.source_id)  # re-parsed (e.g. new parser), same chunks
                    write_state(self.settings.data_dir, state)  # resumable after a crash
            # Remember named files only when they were indexed: a path that failed is not retried
            # (and reported again) by every later run; naming it again retries it.
            failed_ids = {f.source_id for f in report.failures}
            state.extra_paths = sorted({s.extra_path for s in inputs
                                        if s.extra_path and s.error is None and s.source_id not in failed_ids})
            old = {str(p) for p in remembered}
            named = [s for s in inputs if s.extra_path and s.extra_path not in old]
            report.named_total = len(named)
            report.named_failed = [s.name for s in named if s.error is not None or s.source_id in failed_ids]
            self._sync_probes(state, report, progress=progress)
            self._finish(state, report, changed=bool(plans or report.removed or not state.built_at))
        report.seconds = round(time.perf_counter() - started, 3)
        log.debug("ingest: %s", " ".join(report.summary_lines()[1:3]))
        return report

    def _maybe_reset(self, state: IndexState, rebuild: bool, report: IngestReport) -> list[_Plan]:
        """Decide on a full rebuild; if so, empty the store and return dynamic sources to re-index."""
        reason = ""
        if rebuild:
            reason = texts.REBUILD_REASON_ASKED
        elif state.sources and state.embedding_model != self.name:
            reason = texts.REBUILD_REASON_MODEL
        elif state.sources and state.store != store_id(self.settings):
            reason = texts.REBUILD_REASON_STORE
        if not reason:
            self._reconcile(state, report)  # ids only: ~0.1 s for a thousand chunks
            return []
        report.rebuild_reason = reason
        carried: list[_Plan] = []
        for source_id, entry in state.sources.items():
            if entry.dynamic:
                chunks = self.store.get_chunks(list(entry.chunks))
                if chunks:
                    carried.append(_Plan(source_id, entry.title, entry.name, "", chunks, {}, dynamic=True))
        self.store.reset()
        state.sources.clear()
        state.failed.clear()
        return carried

    def _reconcile(self, state: IndexState, report: IngestReport) -> None:
        """Bring state and store back in step after an interrupted run or a lost state file.

        Chunks in the store that the state does not know are deleted; chunks the state expects but
        the store lacks are forgotten, and their source is re-read so they are embedded again. Only
        the difference is redone, not the whole index.
        """
        stored = set(self.store.ids())
        expected = {cid: sid for sid, entry in state.sources.items() for cid in entry.chunks}
        orphans = [cid for cid in stored if cid not in expected]
        self.store.delete(orphans)
        for cid in (c for c in expected if c not in stored):
            entry = state.sources[expected[cid]]
            del entry.chunks[cid]
            entry.fingerprint = ""  # forces a re-read of the source
            report.chunks_repaired += 1
        report.chunks_removed += len(orphans)
        if orphans or report.chunks_repaired:
            log.warning("index repaired: %d orphan chunks deleted, %d missing chunks to re-embed",
                        len(orphans), report.chunks_repaired)
            report.repaired = True

    def _plan(self, inputs: list[SourceInput], state: IndexState, report: IngestReport) -> list[_Plan]:
        """Parse the sources that changed; record unchanged and failed ones in the report."""
        plans: list[_Plan] = []
        owner: dict[str, str] = {}  # chunk_id -> source_id, to catch two sources with one doc_id
        for src in inputs:
            previous = state.sources.get(src.source_id)
            if src.skipped:  # not available on this machine: said once, what was indexed before stays
                report.skipped.append(src.skipped)
                if previous is not None:
                    owner.update(dict.fromkeys(previous.chunks, src.source_id))
                    report.sources.append(SourceResult(src.source_id, src.title, "unchanged", len(previous.chunks)))
                continue
            if src.error is None and previous is not None and previous.fingerprint == src.fingerprint:
                owner.update(dict.fromkeys(previous.chunks, src.source_id))
                state.failed.pop(src.source_id, None)
                report.sources.append(SourceResult(src.source_id, src.title, "unchanged", len(previous.chunks)))
                continue
            try:
                if src.error is not None:
                    raise src.error
                chunks = self._prepare(src, self._load(src), report)
                clash = next((owner[c.chunk_id] for c in chunks if c.chunk_id in owner), None)
                if clash is not None:
                    raise SourceError(texts.DUPLICATE_CHUNK.format(name=src.name, other=clash))
            except SourceError as error:
                self._fail(src, error, previous, state, report)
                continue
            owner.update(dict.fromkeys((c.chunk_id for c in chunks), src.source_id))
            prev_chunks = dict(previous.chunks) if previous else {}
            plans.append(_Plan(src.source_id, src.title, src.name, src.fingerprint, chunks, prev_chunks))
            report.sources.append(SourceResult(src.source_id, src.title, "changed" if previous else "new", len(chunks)))
        return plans

    @staticmethod
    def _load(src: SourceInput) -> list[Chunk]:
        """Parse one source. A parser bug must not stop the other sources or lose their updates:
        it becomes a named failure with a correlation id, and the traceback goes to the log."""
        try:
            return src.load()
        except SourceError:
            raise
        except TilsynsbotError as error:
            raise SourceError(error.user_message, detail=error.detail) from error
        except Exception as error:  # the per-source edge: rendered in the report, logged with an id
            cid = uuid.uuid4().hex[:10]
            log.exception("unexpected error while parsing %s [cid=%s]", src.name, cid)
            raise SourceError(texts.UNEXPECTED_PARSE_ERROR.format(name=src.name, cid=cid),
                              detail=repr(error)) from error

    def _prepare(self, src: SourceInput, chunks: list[Chunk], report: IngestReport) -> list[Chunk]:
        """Mask identity numbers, fill a missing source_id, drop duplicate chunk ids (last wins)."""
        if not chunks:
            raise SourceError(texts.NO_TEXT.format(name=src.name))
        by_id: dict[str, Chunk] = {}
        for chunk in chunks:
            if not chunk.source_id:
                chunk = chunk.model_copy(update={"source_id": src.source_id})
            if privacy.contains_identity_number(chunk.text):
                chunk = chunk.model_copy(update={
                    "text": privacy.redact(chunk.text),
                    "passages": [p.model_copy(update={"text": privacy.redact(p.text)}) for p in chunk.passages],
                })
                report.chunks_redacted += 1
            by_id[chunk.chunk_id] = chunk
        return list(by_id.values())

    def _fail(self, src: SourceInput, error: SourceError, previous: SourceState | None, state: IndexState,
              report: IngestReport) -> None:
        kept = len(previous.chunks) if previous else 0
        log.warning("source %s failed: %s", src.name, error.detail or error.user_message)
        state.failed[src.source_id] = FailedState(name=src.name, reason=error.user_message, fingerprint=src.fingerprint)
        report.failures.append(SourceFailure(src.source_id, src.name, error.user_message, kept))
        report.sources.append(SourceResult(src.source_id, src.title, "failed", kept))

    def _remove_missing(self, inputs: list[SourceInput], state: IndexState, report: IngestReport) -> None:
        listed = {s.source_id for s in inputs}
        for source_id in [s for s, e in state.sources.items() if s not in listed and not e.dynamic]:
            entry = state.sources.pop(source_id)
            self.store.delete(list(entry.chunks))
            report.chunks_removed += len(entry.chunks)
            report.sources.append(SourceResult(source_id, entry.title, "removed", 0))
        for source_id in [s for s in state.failed if s not in listed]:
            del state.failed[source_id]

    def _apply(self, plan: _Plan, state: IndexState, report: IngestReport, bar: tqdm) -> bool:
        """Write one source's chunks: embed new/changed text, reuse vectors for metadata-only changes."""
        hashes: dict[str, tuple[str, str]] = {}
        embed: list[Chunk] = []
        reuse: list[Chunk] = []
        for chunk in plan.chunks:
            new = (_hash(chunk.model_dump_json()), _hash(chunk_embedding_text(chunk)))
            hashes[chunk.chunk_id] = new
            old = plan.previous.get(chunk.chunk_id)
            if old is not None and tuple(old) == new:
                continue
            if old is None:
                report.chunks_added += 1
            else:
                report.chunks_updated += 1
            (embed if old is None or old[1] != new[1] else reuse).append(chunk)
        vectors = self.store.get_embeddings([c.chunk_id for c in reuse]) if reuse else {}
        embed += [c for c in reuse if c.chunk_id not in vectors]  # vector lost: embed again
        reuse = [c for c in reuse if c.chunk_id in vectors]
        if reuse:
            self.store.upsert(reuse, [vectors[c.chunk_id] for c in reuse])
        bar.update(len(plan.chunks) - len(embed))
        for start in range(0, len(embed), EMBED_BATCH):
            batch = embed[start : start + EMBED_BATCH]
            self.store.upsert(batch, self.embedder.embed_documents([chunk_embedding_text(c) for c in batch]))
            report.chunks_embedded += len(batch)
            bar.update(len(batch))
        stale = [i for i in plan.previous if i not in hashes]
        self.store.delete(stale)
        report.chunks_removed += len(stale)
        kind = str(plan.chunks[0].kind) if plan.chunks else ""
        state.sources[plan.source_id] = SourceState(title=plan.title, name=plan.name, kind=kind,
                                                    fingerprint=plan.fingerprint, dynamic=plan.dynamic, chunks=hashes)
        state.failed.pop(plan.source_id, None)
        return bool(embed or reuse or stale)

    def _sync_probes(self, state: IndexState, report: IngestReport, *, progress: bool = False) -> None:
        """Bring the probe questions (`knowledge/questions/`) in line with the files and the index.

        Cheap when nothing changed: the fingerprint covers the files' bytes, every chunk's hash and the
        model, so only a changed file, a changed unit or another model re-resolves them; a question
        already stored on the same unit keeps its vector (another model empties the store first,
        `_maybe_reset`), so adding questions embeds only those. A broken file is reported and the stored
        probes are kept (the law text is indexed regardless)."""
        try:
            files = load_probe_files(self.settings.knowledge_dir)
        except ValidationFailedError as error:
            report.probe_problems.append(error.user_message)
            return
        inputs = probe_fingerprint(self.settings.knowledge_dir, self.name, state.chunk_hashes())
        if inputs == state.probes:
            return
        chunks = self.store.all_chunks()
        probes, report.probe_problems = resolve(files, chunks) if files else ([], [])
        probed_units = {p.chunk_id for p in probes}
        probed = {c.doc_id for c in chunks if c.chunk_id in probed_units}
        report.without_probes = sorted({c.title or c.doc_id for c in chunks
                                        if c.audience is Audience.PUBLIC and c.doc_id not in probed})
        # vectors of another model are never kept (`_maybe_reset` empties the store for a new model, but
        # not when the state that names the old one is gone)
        stored = self.store.all_probes() if state.embedding_model == self.name else []
        # by the id each vector was stored under, not one derived again from its text: the id is of the
        # text embedded, so a vector embedded before the abbreviations were spelled out is not reused
        kept = {p.probe_id: p.vector for p in stored if p.probe_id}
        new = [p for p in probes if p.probe_id not in kept]
        # a first ingest embeds some twenty thousand questions (minutes on 2 cores): a bar on a terminal, as for units
        with tqdm(new, desc=texts.PROGRESS_PROBES, unit="spm", file=sys.stderr,
                  disable=not (progress and sys.stderr.isatty())) as bar:
            made = {p.probe_id: self.embedder.embed_query(p.embedded_text) for p in bar}
        vectors = [made[p.probe_id] if p.probe_id in made else kept[p.probe_id] for p in probes]
        self.store.replace_probes([(p.probe_id, p.chunk_id, p.question) for p in probes], vectors)
        report.probes_total, report.probes_embedded = len(probes), len(made)
        state.probes = inputs

    def _finish(self, state: IndexState, report: IngestReport, *, changed: bool) -> None:
        state.embedding_model = self.name
        state.store = store_id(self.settings)
        if changed:
            state.built_at = datetime.now(UTC).isoformat(timespec="seconds")
        write_state(self.settings.data_dir, state)
        report.chunks_total = state.chunk_count

    # --- dynamic content from other areas ------------------------------------------------
    def index_chunks(self, source_id: str, chunks: Sequence[Chunk], *, title: str = "") -> IngestReport:
        """Add or replace one source's chunks (e.g. an intake document, officers-only).

        Survives later ingest runs and rebuilds; remove it with `remove_source`.
        """
        started = time.perf_counter()
        with locked(self.settings.data_dir):
            state = read_state(self.settings.data_dir) or IndexState()
            if state.sources and state.embedding_model != self.name:
                raise IndexUnavailableError(texts.INDEX_MODEL_MISMATCH,
                                            detail=f"state {state.embedding_model!r} != {self.name!r}")
            report = IngestReport(embedding_model=self.name)
            previous = state.sources.get(source_id)
            src = SourceInput(source_id, title or source_id, title or source_id, "", lambda: list(chunks))
            prepared = self._prepare(src, [c.model_copy(update={"source_id": source_id}) for c in chunks], report)
            plan = _Plan(source_id, src.title, src.name, "", prepared, dict(previous.chunks) if previous else {},
                         dynamic=True)
            report.sources.append(SourceResult(source_id, src.title, "changed" if previous else "new", len(prepared)))
            with tqdm(total=len(prepared), disable=True) as bar:
                self._apply(plan, state, report, bar)
            self._finish(state, report, changed=True)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def remove_source(self, source_id: str) -> int:
        """Delete a source's chunks from the store and the state; returns how many were removed."""
        with locked(self.settings.data_dir):
            state = read_state(self.settings.data_dir) or IndexState()
            entry = state.sources.pop(source_id, None)
            ids = list(entry.chunks) if entry else []
            self.store.delete(ids)
            removed = len(ids) + self.store.delete_source(source_id)
            state.failed.pop(source_id, None)
            if entry is not None:
                self._finish(state, IngestReport(), changed=True)
        return removed

