"""A failed write leaves the old file and no temporary file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.atomic import atomic_writer


def test_success_replaces_and_failure_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "state.json"
    with atomic_writer(target, "w", encoding="utf-8") as handle:
        handle.write("ny")
    assert target.read_text(encoding="utf-8") == "ny"

    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"halv")
        raise RuntimeError("krasj midt i skrivingen")
    assert target.read_text(encoding="utf-8") == "ny"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]
