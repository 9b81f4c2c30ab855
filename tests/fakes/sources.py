"""A hand-made source list for `Indexer(loader=...)`: index chunk lists without files or parsers.

Why: indexer tests (and other areas' tests that need a populated index) must control exactly
which chunks each source yields, change one, break one, or drop one between runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from bot.domain import Chunk
from bot.errors import SourceError
from bot.settings import Settings
from ingest.index.sources import SourceInput


class FakeSources:
    """Callable with the `SourceLister` signature. Mutate `.chunks` / `.broken` between runs."""

    def __init__(self, chunks: dict[str, list[Chunk]] | None = None) -> None:
        self.chunks: dict[str, list[Chunk]] = dict(chunks or {})
        self.broken: dict[str, str] = {}  # source_id -> reason: loading raises SourceError
        self.loads: list[str] = []  # which sources were parsed, in order
        self.crashing: set[str] = set()  # source ids whose parser has a bug (raises RuntimeError)
        self.parser_version = ""  # part of every fingerprint: bump it to simulate a new parser

    def _load(self, source_id: str) -> list[Chunk]:
        self.loads.append(source_id)
        if source_id in self.crashing:
            raise RuntimeError("parser bug")
        if source_id in self.broken:
            raise SourceError(f"{source_id}.pdf: {self.broken[source_id]}")
        return [c.model_copy(deep=True) for c in self.chunks[source_id]]

    def __call__(self, settings: Settings, extra_paths: Sequence[Path] = ()) -> list[SourceInput]:  # noqa: ARG002
        result = []
        for source_id, chunks in self.chunks.items():
            payload = self.parser_version + "".join(c.model_dump_json() for c in chunks) + self.broken.get(source_id, "")
            fingerprint = hashlib.sha256(payload.encode()).hexdigest()
            result.append(SourceInput(source_id, f"Tittel {source_id}", f"{source_id}.pdf", fingerprint,
                                      lambda source_id=source_id: self._load(source_id)))
        return result
