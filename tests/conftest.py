"""Fixtures shared by every test area. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.slack_api import FakeSlackAPI

SHARED_DIR = PROJECT_ROOT.parent / "shared"
CORPUS_DIR = SHARED_DIR / "corpus" / "lovdata"
EVAL_FILE = SHARED_DIR / "eval" / "dev.jsonl"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated in a temporary data directory; no .env is read."""
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        lovdata_dir=CORPUS_DIR if CORPUS_DIR.exists() else None,
        slack_bot_token="",
        slack_signing_secret="",
        slack_app_token="",
        intake_scheduler_interval_s=0.0,  # no background jobs outliving a test; tests call `run_due`
        answer_processes=0,  # answers in this process (fakes handed in); tests of the worker pool set it
    )


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    """The local fake of Slack's Web API (every Slack-facing test talks to it over real HTTP)."""
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip corpus tests, with the reason shown, when ../shared/corpus is not beside the project."""
    if CORPUS_DIR.exists():
        return
    skip = pytest.mark.skip(reason=f"corpus folder {CORPUS_DIR} is not present")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)
