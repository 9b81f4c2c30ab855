"""Content-addressed storage of submitted files under `settings.files_dir`.

Why content addressing: the SHA-256 on the receipt is the file's name on disk, so the archive
export can prove that what the officer gets is byte for byte what the bydel sent, and storing the
same file twice costs nothing. Bytes are written to a temporary file, flushed to disk and then
renamed, so a crash never leaves a half-written file under a valid hash.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.atomic import atomic_writer


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` (idempotent) and return its SHA-256 hex digest."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        with atomic_writer(target) as handle:
            handle.write(data)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
