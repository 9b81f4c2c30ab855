"""Is the vector store really there, holding what the state file says? For /healthz and answers.

Why: `/healthz` and the Home tab read the state file written by the last ingest, which says
nothing about the store today. A deleted, emptied or unreachable store left `/healthz` reporting
the index with its chunk count while answers said "Kunnskapsbasen er ikke bygd ennå", and answers
that lost the dense ranker went on from keywords without a word. The probe opens the store and
counts what is there; `latest()` never waits on it (answers must not), `check()` does (/healthz).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreHealth:
    ok: bool
    chunks: int | None = None  # what the store holds now (None: could not ask)
    reason: str = ""  # "" | "not_built" | "unavailable" | "missing_chunks"


class StoreProbe:
    """Counts the store's chunks against the state file's count; results kept `ttl_s` seconds."""

    def __init__(
        self,
        settings: Settings,
        *,
        count: Callable[[], int] | None = None,
        expected: Callable[[], int] | None = None,
        ttl_s: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._count = count or self._count_store
        self._expected = expected or self._expected_from_state
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._last: tuple[float, StoreHealth] | None = None
        self._refreshing = threading.Lock()

    def _count_store(self) -> int:
        from ingest.index.chroma_store import ChunkStore

        return ChunkStore(self.settings).count()

    def _expected_from_state(self) -> int:
        from ingest.indexer import index_info

        return int(index_info(self.settings).get("chunk_count") or 0)

    def check(self) -> StoreHealth:
        """Ask the store now (may take as long as the store takes to answer)."""
        expected = self._expected()
        if expected <= 0:
            health = StoreHealth(ok=False, chunks=None, reason="not_built")
        else:
            try:
                found = self._count()
            except Exception as error:  # noqa: BLE001 - any failure to count means "not usable"
                log.warning("vector store unavailable: %s", type(error).__name__)
                health = StoreHealth(ok=False, chunks=None, reason="unavailable")
            else:
                health = StoreHealth(ok=found >= expected, chunks=found, reason="" if found >= expected else "missing_chunks")
        self._last = (self._monotonic(), health)
        return health

    def latest(self) -> StoreHealth:
        """The last result without waiting; a stale one is refreshed in the background."""
        last = self._last
        stale = last is None or self._monotonic() - last[0] > self.ttl_s
        if stale and self._refreshing.acquire(blocking=False):
            threading.Thread(target=self._refresh, name="store-probe", daemon=True).start()
        return last[1] if last else StoreHealth(ok=True)  # unknown yet: assume fine, say nothing

    def _refresh(self) -> None:
        try:
            self.check()
        finally:
            self._refreshing.release()

    def __call__(self) -> Any:
        return self.latest()
