"""Write a file so that readers see the old content or the new, never a half-written file.

Why one helper: submitted files (named by their SHA-256), the index state and downloaded Lovdata
dumps all must survive a crash mid-write; each had its own temp-file-and-rename code.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_writer(target: Path, mode: str = "wb", **open_kwargs: Any) -> Iterator[IO[Any]]:
    """Yield a handle to a temporary file beside `target`; on success flush, fsync and rename it
    over `target`; on any failure (also KeyboardInterrupt) remove the temporary file and re-raise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
