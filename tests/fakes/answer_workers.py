"""Answering services built inside answer worker processes (`factory(settings)`), steered through files.

Why files: these run in another process, so a test cannot hand them an Event or read their
memory; they can create and read files in `settings.data_dir`. Both answer like `FakeAnswering`,
and every question leaves `asked-<pid>-<n>` (the worker's pid, so a test can find the process).
A question containing "krasj" ends the process at once (as a segfault or the OOM killer would),
"heng" makes it hang, "tom" raises the missing-index error. `reload()` leaves `reloaded-<pid>`.

- `canned(settings)`: answers at once.
- `blocking(settings)`: answers only once the file `release` exists (a test holds every worker busy).
- `broken(settings)`: raises, so the worker dies before it is ready.
- `hashing_index(settings)`: the real answering service over the index in DATA_DIR, with the tests'
  `HashingEmbedder` (the one the test indexed with), not steered by anything.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain import Answer, Audience
from bot.errors import IndexUnavailableError
from bot.settings import Settings
from bot.texts import answers as texts
from tests.fakes.answering import FakeAnswering

if TYPE_CHECKING:
    from bot.answering.service import AnsweringService

RELEASE = "release"


class FileSteeredAnswering:
    def __init__(self, data_dir: Path, *, wait_for_release: bool) -> None:
        self.data_dir = data_dir
        self.wait_for_release = wait_for_release
        self.inner = FakeAnswering()
        self._count = itertools.count(1)

    def answer(self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC) -> Answer:
        (self.data_dir / f"asked-{os.getpid()}-{next(self._count)}").touch()
        if "krasj" in question:
            os._exit(70)
        if "heng" in question:
            time.sleep(600)
        if "tom" in question:
            raise IndexUnavailableError(texts.INDEX_MISSING, detail="fake: no chunks")
        while self.wait_for_release and not (self.data_dir / RELEASE).exists():
            time.sleep(0.02)
        return self.inner.answer(question, context=context, audience=audience)

    def reload(self) -> None:
        (self.data_dir / f"reloaded-{os.getpid()}").touch()


def canned(settings: Settings) -> FileSteeredAnswering:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileSteeredAnswering(settings.data_dir, wait_for_release=False)


def blocking(settings: Settings) -> FileSteeredAnswering:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileSteeredAnswering(settings.data_dir, wait_for_release=True)


def broken(settings: Settings) -> FileSteeredAnswering:
    """A service that cannot be built (a worker that never becomes ready)."""
    raise RuntimeError("fake: the answering service cannot be built")


def hashing_index(settings: Settings) -> AnsweringService:
    from bot.answering.service import build_answering_service
    from tests.fakes.embedder import HashingEmbedder

    return build_answering_service(settings, embedder=HashingEmbedder())


def asked(data_dir: Path) -> list[Path]:
    """The questions the workers have started on, oldest first."""
    return sorted(data_dir.glob("asked-*"), key=lambda p: p.stat().st_mtime_ns)


def worker_pid(marker: Path) -> int:
    return int(marker.name.split("-")[1])
