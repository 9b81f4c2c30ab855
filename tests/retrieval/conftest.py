"""Retrieval fixtures: the hand-made knowledge base, an in-memory dense store and the retriever."""

from __future__ import annotations

import pytest

from bot.domain import Chunk
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.references import ReferenceParser
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.retrieval import corpus


@pytest.fixture
def kb_chunks() -> list[Chunk]:
    return corpus.chunks()


@pytest.fixture
def store(kb_chunks: list[Chunk], fake_embedder: HashingEmbedder) -> InMemoryChunkStore:
    return InMemoryChunkStore(kb_chunks, fake_embedder)


@pytest.fixture
def parser() -> ReferenceParser:
    return ReferenceParser.from_names(corpus.ALIASES)


@pytest.fixture
def retriever(kb_chunks: list[Chunk], store: InMemoryChunkStore, fake_embedder: HashingEmbedder,
              parser: ReferenceParser) -> HybridRetriever:
    return HybridRetriever(kb_chunks, parser=parser, dense=store, embedder=fake_embedder, primary_doc=corpus.KSL)
