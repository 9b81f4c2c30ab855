"""Fixtures for index and ingest tests: hand-made chunks and a ChunkStore in a temp folder."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from bot.domain import Audience, Chunk, Passage, SourceKind
from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from tests.fakes.embedder import HashingEmbedder


def make_chunk(source_id: str, key: str, text: str, **fields: Any) -> Chunk:
    """A small chunk as the parsers would produce it; `key` is the § key or heading."""
    doc_id = str(fields.pop("doc_id", source_id.upper()))
    values: dict[str, Any] = {
        "chunk_id": f"{doc_id}|{key}|1",
        "source_id": source_id,
        "doc_id": doc_id,
        "kind": SourceKind.LAW,
        "title": f"Lov om {source_id}",
        "short_title": source_id,
        "section_key": key,
        "section": key.replace("§", "§ "),
        "text": text,
        "passages": [Passage(text=text, ledd=1)],
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
    }
    values.update(fields)
    return Chunk(**values)


@pytest.fixture
def store(settings: Settings, fake_embedder: HashingEmbedder) -> ChunkStore:
    return ChunkStore(settings, fake_embedder)


@pytest.fixture
def sample_chunks() -> list[Chunk]:
    return [
        make_chunk("krisesenterlova", "§4", "§ 4 Samarbeid og samordning. Kommunen skal sørgje for samordning."),
        make_chunk("krisesenterlova", "§2", "§ 2 Kommunens ansvar. Kommunen skal sørgje for eit krisesentertilbod."),
        make_chunk("kommuneloven", "§25-1", "§ 25-1 Internkontroll. Kommunedirektøren skal ha internkontroll.",
                   language="nb", year=2018),
        make_chunk("intake-case-7", "vedlegg", "Rutine for oppfølging av brukere i bydelen.",
                   kind=SourceKind.SUBMITTED, audience=Audience.OFFICERS, bydel="Grorud", year=2024,
                   doc_id="case-7-rutine"),
    ]
