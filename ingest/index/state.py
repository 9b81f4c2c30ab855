"""The index state file (`DATA_DIR/index_state.json`): what is indexed, from which input, with which model.

Why a file beside the store: deciding that nothing changed must be cheap (no torch, no Chroma, no
parsing) so start-up and unchanged re-runs stay fast. It records per source the fingerprint of its
input (file bytes + parser code + manifest entry) and per chunk two hashes: of the whole chunk
(metadata included) and of the text that was embedded, so a metadata-only change never re-embeds.
Written atomically (temp file + rename) so a crash never leaves a half-written state.
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from bot.atomic import atomic_writer

log = logging.getLogger(__name__)

STATE_FILE = "index_state.json"
STATE_VERSION = 1


class SourceState(BaseModel):
    title: str = ""
    name: str = ""  # file name shown in reports
    kind: str = ""  # SourceKind of its chunks, for index_info
    fingerprint: str = ""
    dynamic: bool = False  # indexed by another area (intake, findings) via Indexer.index_chunks
    chunks: dict[str, tuple[str, str]] = Field(default_factory=dict)  # chunk_id -> (chunk hash, embed hash)


class FailedState(BaseModel):
    name: str = ""
    reason: str = ""
    fingerprint: str = ""  # the broken input's fingerprint: unchanged broken files do not make the index stale


class IndexState(BaseModel):
    version: int = STATE_VERSION
    embedding_model: str = ""
    store: str = ""  # where the vectors live: "embedded:<collection>" or "http://host:port/<collection>"
    built_at: str = ""  # ISO time of the last run that changed anything
    sources: dict[str, SourceState] = Field(default_factory=dict)
    failed: dict[str, FailedState] = Field(default_factory=dict)
    extra_paths: list[str] = Field(default_factory=list)  # files named on the command line, remembered
    probes: str = ""  # fingerprint of the stored probe questions' inputs (files, units, model)

    @property
    def chunk_count(self) -> int:
        return sum(len(s.chunks) for s in self.sources.values())

    def chunk_hashes(self) -> list[tuple[str, str]]:
        """Every stored unit's id and content hash, in a stable order (`ingest.probes.probe_fingerprint`)."""
        return [(chunk_id, chunk_hash) for source_id in sorted(self.sources)
                for chunk_id, (chunk_hash, _) in sorted(self.sources[source_id].chunks.items())]


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def read_state(data_dir: Path) -> IndexState | None:
    """The saved state, or None when there is none (or it is unreadable: then everything is rebuilt)."""
    path = state_path(data_dir)
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        state = IndexState.model_validate(raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, ValidationError) as error:
        log.warning("index state %s is unreadable (%r): the index will be rebuilt", path, error)
        return None
    return state if state.version == STATE_VERSION else None


def write_state(data_dir: Path, state: IndexState) -> None:
    """Write atomically: a reader sees the old or the new state, never a partial one."""
    with atomic_writer(state_path(data_dir), "w", encoding="utf-8") as handle:
        handle.write(state.model_dump_json(indent=1))


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Exclusive lock for changing state + store (ingest, `make run`, intake may overlap)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / ".index.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
