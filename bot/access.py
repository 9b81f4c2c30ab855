"""Who is who: officers (Statsforvalteren) and which Slack users or user groups belong to which bydel.

Why a separate module: intake, findings and answering all make access decisions, and they must
make the same ones. The directory is configuration (settings + a YAML file), not Slack calls;
the Slack layer passes in the user groups a user belongs to when it knows them.

YAML format of `BYDEL_MEMBERS_FILE`:

    bydeler:
      Frogner: {users: [U123, U456], usergroups: [S789]}
      Grünerløkka: {users: [U999]}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from bot.domain import Audience
from bot.settings import Settings


class BydelMembers(BaseModel):
    users: list[str] = Field(default_factory=list)
    usergroups: list[str] = Field(default_factory=list)


class Directory(BaseModel):
    officer_users: set[str] = Field(default_factory=set)
    officer_usergroups: set[str] = Field(default_factory=set)
    bydeler: dict[str, BydelMembers] = Field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Directory:
        bydeler: dict[str, BydelMembers] = {}
        path: Path | None = settings.bydel_members_file
        if path is not None:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            bydeler = {name: BydelMembers(**(v or {})) for name, v in (raw.get("bydeler") or {}).items()}
        return cls(
            officer_users=set(settings.officer_user_ids),
            officer_usergroups=set(settings.officer_usergroup_ids),
            bydeler=bydeler,
        )

    def is_officer(self, user_id: str, usergroups: Iterable[str] = ()) -> bool:
        return user_id in self.officer_users or bool(self.officer_usergroups & set(usergroups))

    def audience_for(self, user_id: str, usergroups: Iterable[str] = ()) -> Audience:
        return Audience.OFFICERS if self.is_officer(user_id, usergroups) else Audience.PUBLIC

    def bydeler_of(self, user_id: str, usergroups: Iterable[str] = ()) -> list[str]:
        groups = set(usergroups)
        return [
            name
            for name, members in self.bydeler.items()
            if user_id in members.users or groups & set(members.usergroups)
        ]
