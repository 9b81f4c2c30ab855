"""Shared chunking rules: stable ids, content hashes, readable text and size windows.

Why one module: Lovdata articles and heading-structured documents are chunked by different
parsers, but ids, hashes and the "split by whole ledd / paragraph" rule must be identical so the
indexer can compare runs and retrieval can cite any chunk the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.domain import Chunk, Passage

MAX_CHUNK_CHARS = 1500  # a commentary section longer than this is split into windows of whole paragraphs
# Documents (the letter, guidance) are cut into windows of about a paragraph or two: a retrieval unit
# that holds one point ranks by that point, not by the words of its neighbours.
DOCUMENT_CHUNK_CHARS = 800
CHUNKING_VERSION = "2"  # bump when chunk text or ids change for the same input

_WS = re.compile(r"\s+")
T = TypeVar("T")


def collapse(text: str) -> str:
    """Collapse all runs of whitespace (incl. non-breaking spaces) into one space."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def make_chunk_id(doc_id: str, key: str, part: int) -> str:
    """Stable id `doc|key|pN`: depends only on the document's own structure, never on positions."""
    return f"{doc_id}|{key}|p{part}"


def render_passage(passage: Passage) -> str:
    """One passage as a readable line: list items keep their letter, e.g. `a) eit gratis dagtilbod`."""
    return f"{passage.bokstav}) {passage.text}" if passage.bokstav else passage.text


def join_passages(header: str, passages: Sequence[Passage]) -> str:
    """Chunk text: the heading line first (so keyword search finds `§ 4 Samarbeid`), then passages."""
    lines = [header] if header else []
    lines.extend(render_passage(p) for p in passages if p.text)
    return "\n".join(lines)


def pack_groups(groups: Sequence[Sequence[T]], size: Callable[[T], int], max_chars: int) -> list[list[T]]:
    """Pack whole groups (a ledd with its list items, a paragraph) into windows of ≤ max_chars.

    A single group larger than the limit becomes its own window: ledd are never cut in half,
    because a citation must point at a whole ledd.
    """
    windows: list[list[T]] = []
    current: list[T] = []
    current_size = 0
    for group in groups:
        group_size = sum(size(item) + 1 for item in group)
        if current and current_size + group_size > max_chars:
            windows.append(current)
            current, current_size = [], 0
        current.extend(group)
        current_size += group_size
    if current:
        windows.append(current)
    return windows


def group_by_ledd(passages: Sequence[Passage]) -> list[list[Passage]]:
    """Consecutive passages of the same ledd form one group (the ledd text plus its bokstav items)."""
    groups: list[list[Passage]] = []
    for passage in passages:
        if groups and passage.ledd is not None and groups[-1][-1].ledd == passage.ledd:
            groups[-1].append(passage)
        else:
            groups.append([passage])
    return groups


def split_passages(passages: Sequence[Passage], max_chars: int = MAX_CHUNK_CHARS) -> list[list[Passage]]:
    """Split a § or section into windows of whole ledd; at least one (possibly empty) window."""
    windows = pack_groups(group_by_ledd(passages), lambda p: len(render_passage(p)), max_chars)
    return windows or [[]]


def split_ledd(passages: Sequence[Passage]) -> list[list[Passage]]:
    """One window per ledd (the ledd with its list items): the retrieval unit of a law.

    Why per ledd: a § often holds several duties; ranked as a whole, a § wins on words from a ledd
    that does not answer, and the answer quotes the wrong ledd. Each ledd chunk carries its §, title
    and law (in the heading line and metadata), and the whole § is still reachable through its key.
    """
    groups = group_by_ledd(passages)
    # Text without a ledd (an amending act's "§ 3 første ledd skal lyde:", a note after the last ledd)
    # is not a unit of its own: it belongs to the ledd it introduces, or else to the one it follows.
    merged: list[list[Passage]] = []
    pending: list[Passage] = []
    for group in groups:
        if all(p.ledd is None for p in group):
            pending.extend(group)
            continue
        merged.append([*pending, *group])
        pending = []
    if pending:
        if merged:
            merged[-1].extend(pending)
        else:
            merged.append(pending)
    return merged or [[]]


def content_hash(chunk: Chunk) -> str:
    """SHA-256 over the chunk's text and every metadata field (so a changed date or link counts)."""
    payload = chunk.model_dump(mode="json", exclude={"content_hash"})
    payload["_chunking_version"] = CHUNKING_VERSION
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def finalize(chunks: list[Chunk]) -> list[Chunk]:
    """Fill `content_hash` and make chunk ids unique within one source (duplicate headings)."""
    seen: dict[str, int] = {}
    result: list[Chunk] = []
    for chunk in chunks:
        chunk_id = chunk.chunk_id
        if chunk_id in seen:
            seen[chunk_id] += 1
            chunk_id = f"{chunk_id}#{seen[chunk_id]}"
        else:
            seen[chunk_id] = 1
        updated = chunk.model_copy(update={"chunk_id": chunk_id})
        updated.content_hash = content_hash(updated)
        result.append(updated)
    return result
