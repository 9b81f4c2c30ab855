"""The retriever as a langchain `BaseRetriever`, for pipelines built from langchain parts.

Why: the generation step composes a prompt from retrieved documents with langchain; this adapter
gives it `Document`s carrying the chunk metadata needed to cite (doc, §, url), while our own code
keeps working with `SearchHit`.
"""

from __future__ import annotations

from collections.abc import Callable

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.domain import SearchHit


def hit_to_document(hit: SearchHit) -> Document:
    chunk = hit.chunk
    return Document(
        page_content=chunk.text,
        metadata={
            "chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "kind": chunk.kind.value, "title": chunk.title,
            "short_title": chunk.short_title, "section": chunk.section, "section_key": chunk.section_key,
            "url": chunk.url, "score": hit.score, "exact_reference": hit.exact_reference,
        },
    )


class KnowledgeRetriever(BaseRetriever):
    """`search(query, k) -> list[SearchHit]` (e.g. `AnsweringService.search`) as a langchain retriever."""

    search: Callable[[str, int], list[SearchHit]]
    k: int = 8

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:  # noqa: ARG002 - LangChain's signature
        return [hit_to_document(h) for h in self.search(query, self.k)]
