"""The answering service: retrieval over the index plus grounded extractive answers (no LLM needed).

Why it keeps the chunks in memory: the keyword index, the §-lookup and the pending-change pairs need
every chunk, and rebuilding them per question would cost far more than the 200 ms answer budget.
`reload()` rebuilds them after an ingest; the first question loads them lazily, so the app starts
(and can tell the user to run `tilsynsbot ingest`) even when no index exists yet.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from langchain_core.embeddings import Embeddings

from bot.answering.abstention import COVERAGE_THRESHOLD
from bot.answering.citations import law_name
from bot.answering.compose import Composer
from bot.answering.named import lead_with_where_it_stands
from bot.answering.provisions import Provision, read_provision
from bot.clock import Clock, SystemClock
from bot.domain import Answer, Audience, Chunk, SearchHit, SourceKind
from bot.errors import IndexUnavailableError
from bot.privacy import redact
from bot.retrieval.hybrid import DenseIndex, HybridRetriever, Retrieval
from bot.retrieval.lc import KnowledgeRetriever
from bot.retrieval.probes import ProbeMatrix, StoredProbe
from bot.retrieval.ranker import Models
from bot.retrieval.references import ReferenceParser
from bot.retrieval.text import content_words, spell_out, without_closing_remarks
from bot.settings import Settings
from bot.texts import answers as texts

log = logging.getLogger(__name__)

RELOAD_CHECK_S = 10.0  # how often a question may look at the index state to pick up a new ingest


class ChunkSource(DenseIndex, Protocol):
    """What the service needs from the store (ingest.index.chroma_store.ChunkStore)."""

    def all_chunks(self) -> list[Chunk]: ...

    def all_probes(self) -> list[StoredProbe]: ...


@dataclass
class _Loaded:
    chunks: list[Chunk]
    retriever: HybridRetriever
    composer: Composer
    built_at: str
    plain: HybridRetriever | None = None  # the unstemmed BM25 baseline, built on demand
    plain_dense: HybridRetriever | None = None  # the dense-only baseline (no fitted models), built on demand


class AnsweringService:
    """Answers and searches over the knowledge index for one audience at a time."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: ChunkSource | None = None,
        store_factory: Callable[[], ChunkSource] | None = None,
        embedder: Embeddings | None = None,
        clock: Clock | None = None,
        law_names: Sequence[tuple[str, Sequence[str]]] = (),
        shared_law_names: Sequence[tuple[str, Sequence[str]]] = (),
        other_law_names: Sequence[tuple[str, Sequence[str]]] = (),
        info: Callable[[], Mapping[str, Any]] | None = None,
        reload_check_s: float = RELOAD_CHECK_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        if (store is None) == (store_factory is None):
            raise ValueError("give the chunk store or a factory for it, not both")
        self._store: ChunkSource | None = store
        self._store_factory = store_factory
        self.embedder = embedder
        self.clock = clock or SystemClock()
        self.law_names = list(law_names)
        self.shared_law_names = list(shared_law_names)
        self.other_law_names = list(other_law_names)  # laws the index lacks, by the abbreviations users write
        self._info = info
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._checked_at = monotonic()
        self.reload_check_s = reload_check_s

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read every chunk from the store and rebuild the in-memory indexes (after an ingest)."""
        started = time.perf_counter()
        if self._store is None:
            assert self._store_factory is not None  # one of the two is given (checked in __init__)
            self._store = self._store_factory()
        chunks = self._store.all_chunks()
        names: list[tuple[str, Sequence[str]]] = list(self.law_names)
        doc_names: dict[str, str] = {}
        for chunk in chunks:
            doc_names.setdefault(chunk.doc_id, law_name(chunk))
        names.extend((doc, [name]) for doc, name in doc_names.items())
        primary = next((c.doc_id for c in chunks if c.kind is SourceKind.LAW), None)
        primary = next((d for d, _ in self.law_names if d in doc_names), primary)
        models = Models.load(self.settings.knowledge_dir / "models", embedding_model=getattr(self.embedder, "name", ""))
        retriever = HybridRetriever(
            chunks, parser=ReferenceParser.from_names(names, self.shared_law_names, self.other_law_names), dense=self._store,
            embedder=self.embedder, primary_doc=primary, models=models,
            dense_weight=self.settings.dense_weight if self.settings.dense_weight is not None else models.dense_weight,
            probes=ProbeMatrix(self._store.all_probes()), probe_weight=models.probe_weight,
            probe_keyword_weight=models.probe_keyword_weight, probe_impute=models.probe_impute,
        )
        if (retriever.probes is not None and retriever.probes.chunk_ids and retriever.probe_keyword is None
                and models.probe_keyword_weight > 0):
            # an index whose probe questions were stored without their texts: the fitted words list is missing
            log.warning("probe questions have no texts in the index: their keyword list is off; run "
                        "`tilsynsbot ingest --rebuild` to store them")
        composer = Composer(
            retriever, doc_names=doc_names, threshold=self.settings.abstain_threshold or COVERAGE_THRESHOLD,
            answerability=models.answerability,
        )
        built_at = str(self.index_info_raw().get("built_at", "") or "")
        self._loaded = _Loaded(chunks, retriever, composer, built_at)
        log.info("knowledge index loaded: %d chunks in %.2fs", len(chunks), time.perf_counter() - started)

    def warm_up(self) -> None:
        """Load the index and the embedding model now, not at the first question (answer workers do this
        before they take questions). A missing index is left for the questions to report."""
        try:
            self._state()
        except IndexUnavailableError:
            return
        if self.embedder is not None:
            self.embedder.embed_query("krisesenter")

    def _state(self) -> _Loaded:
        seen = self._loaded
        if seen is None or self._index_changed():
            with self._lock:
                if self._loaded is seen:  # no other thread reloaded meanwhile
                    self.reload()
        assert self._loaded is not None
        if not self._loaded.chunks:
            raise IndexUnavailableError(texts.INDEX_MISSING, detail="the index holds no chunks")
        return self._loaded

    def _index_changed(self) -> bool:
        """Another process (`tilsynsbot ingest`, intake) rebuilt the index: checked at most every few seconds."""
        now = self._monotonic()
        if self._loaded is None or now - self._checked_at < self.reload_check_s:
            return False
        self._checked_at = now
        return str(self.index_info_raw().get("built_at", "") or "") != self._loaded.built_at

    def index_info_raw(self) -> Mapping[str, Any]:
        if self._info is not None:
            return self._info()
        from ingest.indexer import index_info

        return index_info(self.settings)

    def index_info(self) -> dict[str, Any]:
        """When the index was built, which sources it holds and how many chunks (for /status and --json)."""
        info = dict(self.index_info_raw())
        info.setdefault("built_at", "")
        info.setdefault("sources", [])
        if "chunks" not in info:
            info["chunks"] = len(self._loaded.chunks) if self._loaded else 0
        return info

    def sections(self) -> set[tuple[str, str]] | None:
        """(doc_id, § key) of every provision in the index, new wordings included; None without an index.

        Used to check an officer's legal basis for a new tilsyn (`bot.lifecycle.spec`)."""
        try:
            chunks = self._state().chunks
        except IndexUnavailableError:
            return None
        found = {(c.doc_id, c.section_key) for c in chunks if c.section_key}
        return found | {(c.amends_doc_id, c.amends_section_key) for c in chunks if c.amends_section_key}

    # --- questions --------------------------------------------------------------------------
    def today(self) -> date:
        return self.clock.now().astimezone(ZoneInfo(self.settings.timezone)).date()

    @contextmanager
    def probes_left_out(self, questions: Collection[str]) -> Iterator[None]:
        """Answer with these questions left out of the probe questions, for measuring a set of them
        (`HybridRetriever.probes_left_out`): a measured question must not be ranked by its own twin among the
        tuning examples. In-process and one thread only: the CLI's evaluation, never the bot. The index is not
        reloaded inside the block (an ingest meanwhile would bring back a retriever with every probe question)."""
        check_s, self.reload_check_s = self.reload_check_s, math.inf
        try:
            with self._state().retriever.probes_left_out(questions):
                yield
        finally:
            self.reload_check_s = check_s

    def retrieve(
        self, question: str, *, k: int | None = None, audience: Audience = Audience.PUBLIC,
        filters: Mapping[str, Any] | None = None, context: Sequence[str] = (),
    ) -> Retrieval:
        state = self._state()
        return state.retriever.retrieve(redact(self._asked(question)), k=k or self.settings.retrieval_k,
                                        audience=audience, filters=filters, context=[redact(c) for c in context])

    def _asked(self, question: str) -> str:
        """What is ranked and judged: the question without a remark after it (`without_closing_remarks`), unless it
        names a §. A named § is looked up, and what follows says which of its ledd is meant ("Hva står i § 3 tredje
        ledd nå? I en gammel utskrift handler det om tolk." asks for the ledd that moved too)."""
        if self._state().retriever.parser.parse(spell_out(question)):
            return question
        return without_closing_remarks(question)

    def search(
        self, query: str, *, k: int = 8, audience: Audience = Audience.PUBLIC, filters: dict[str, Any] | None = None
    ) -> list[SearchHit]:
        """Ranked chunks for a query: named §§ first, then fused keyword and dense ranks."""
        return self.retrieve(query, k=k, audience=audience, filters=filters).hits

    def as_retriever(self, *, k: int = 8, audience: Audience = Audience.PUBLIC) -> KnowledgeRetriever:
        """This service's search as a langchain retriever (for pipelines built from langchain parts)."""
        return KnowledgeRetriever(search=lambda query, n: self.search(query, k=n, audience=audience), k=k)

    def answer(
        self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC
    ) -> Answer:
        """A grounded answer with citations, or a clear "no basis" (abstained=True). Never guesses."""
        question = redact(question or "").strip()
        context = [redact(c) for c in context if c and c.strip()]
        if not question:
            return Answer(question="", text=texts.EMPTY_QUESTION, abstained=True)
        retrieval = self.retrieve(question, audience=audience, context=context)
        return self.compose(question, retrieval, context=context)

    def compose(self, question: str, retrieval: Retrieval, *, context: Sequence[str] = ()) -> Answer:
        state = self._state()
        asked = self._asked(question)  # judged and answered as it was ranked (`retrieve`)
        follow_up = bool(context) and len(content_words(asked)) < 3
        judge_text = f"{context[-1]} {asked}" if follow_up else None
        answer = state.composer.compose(asked, retrieval, today=self.today(), judge_text=judge_text)
        answer = lead_with_where_it_stands(asked, retrieval, answer, state.composer, today=self.today())
        answer.question = question
        answer.index_date = state.built_at
        return answer

    def provision(self, reference: str, *, audience: Audience = Audience.PUBLIC) -> Provision | None:
        """A typed citation ("krisesenterlova § 3 andre ledd") as the index reads it now; None when not held."""
        return read_provision(reference, self._state().retriever.provisions(reference, audience))

    def cited_chunks(self, answer: Answer) -> list[tuple[Chunk, int | None]]:
        """The chunks an answer cites, in the order shown, each with its quoted ledd (for the evaluation)."""
        by_id = self._state().retriever.by_id
        return [(by_id[c.chunk_id], c.ledd) for c in answer.citations if c.chunk_id in by_id]

    # --- baselines for the evaluation -------------------------------------------------------
    def baseline(self, question: str, name: str, *, k: int = 10) -> Retrieval:
        """Retrieval by one baseline: "bm25" (plain BM25, no stemming) or "dense" (embeddings only), each
        without the fitted models: the baselines are what plain ranking and the coverage rule give."""
        state = self._state()
        if name == "bm25":
            if state.plain is None:
                state.plain = HybridRetriever(state.chunks, parser=ReferenceParser({}), stemming=False)
            retrieval = state.plain.retrieve(question, k=k, use_dense=False, use_references=False)
        elif name == "dense":  # like BM25: no fitted models, so the coverage rule decides (the answer model
            # weighs signals, such as what a unit's probe questions cover, that a dense-only ranking lacks)
            if state.plain_dense is None:
                state.plain_dense = HybridRetriever(state.chunks, parser=ReferenceParser({}), dense=self._store,
                                                    embedder=self.embedder)
            retrieval = state.plain_dense.retrieve(question, k=k, use_keyword=False, use_references=False,
                                                   use_probes=False)
        else:
            raise ValueError(f"unknown baseline {name!r}")
        retrieval.query_terms = state.retriever.keyword.query_terms(question)
        return retrieval


def build_answering_service(
    settings: Settings, *, embedder: Embeddings | None = None, clock: Clock | None = None
) -> AnsweringService:
    """The service over the configured index. Opens Chroma and loads the model lazily, at the first question.

    It also keeps this process's BLAS (numpy's matrix library) on one thread: answering does only small
    matrix products (the question against ~1,500 probe vectors), and after each one OpenBLAS's idle
    threads spin for a while, taking the cores from the embedding engine that runs next. On this 2-core
    machine that doubled the answer time (p50 46 → 93 ms over the test split, BENCHMARKS.md)."""
    from threadpoolctl import threadpool_limits

    from ingest.index.chroma_store import ChunkStore
    from ingest.index.embedder import build_embedder
    from ingest.manifest import load_manifest

    threadpool_limits(limits=1, user_api="blas")  # for the whole process, as BLAS itself is
    if embedder is None:
        embedder = build_embedder(settings, lazy=True)
    manifest = load_manifest(settings.knowledge_dir)
    return AnsweringService(
        settings, store_factory=lambda: ChunkStore(settings, embedder), embedder=embedder, clock=clock,
        law_names=manifest.law_names(), shared_law_names=manifest.shared_law_names(),
        other_law_names=manifest.other_law_names(),
    )
