"""Loading `knowledge/lifecycle/*.yaml`: stages known from a report, as events.

Why only for subjects without events: the seed records what the letter said in 2024; once an
officer moves a subject on, a restart must not put the letter's stage back. The events are
written with kind «importert» (first) and checked against the same transition table as any move.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import TilsynsbotError
from bot.lifecycle.stages import EventKind, Stage, check_extendable, check_transition
from bot.lifecycle.store import Change, EventStore

log = logging.getLogger(__name__)


class SeedEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: EventKind
    to: Stage
    comment: str = ""
    deadline: date | None = None


class SeedSubject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str
    lovbrudd_id: str | None = None
    events: list[SeedEvent] = Field(min_length=1)


class SeedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tilsyn_id: str
    subjects: list[SeedSubject]


def _check(subject: SeedSubject) -> Callable[[Stage | None], None]:
    def check(current: Stage | None) -> None:
        if current is not None:
            raise TilsynsbotError("already seeded", detail=subject.subject)
        stage: Stage | None = None
        for index, event in enumerate(subject.events):
            if event.kind is EventKind.IMPORTED:
                if index:
                    raise TilsynsbotError("importert must come first", detail=subject.subject)
                stage = event.to
            elif event.kind is EventKind.DEADLINE_EXTENDED:
                check_extendable(stage, subject=subject.subject)
            else:
                check_transition(stage, event.to, subject=subject.subject)
                stage = event.to

    return check


def load_seed(store: EventStore, directory: Path, known_tilsyn: set[str]) -> int:
    """Write the seed events of every subject that has none; returns how many subjects were seeded."""
    if not directory.is_dir():
        return 0
    seeded = 0
    for path in sorted(directory.glob("*.yaml")):
        try:
            seed = SeedFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as error:  # a broken seed must not stop the bot
            log.error("lifecycle seed %s unreadable: %s", path.name, error)
            continue
        if seed.tilsyn_id not in known_tilsyn:
            log.warning("lifecycle seed %s: tilsyn %s is not in the registry", path.name, seed.tilsyn_id)
            continue
        present = {s.subject for s in store.states(seed.tilsyn_id)}
        for subject in seed.subjects:
            if subject.subject in present:
                continue
            changes = [Change(e.kind, e.to, e.comment, e.deadline, lovbrudd_id=subject.lovbrudd_id) for e in subject.events]
            try:
                store.append(seed.tilsyn_id, subject.subject, changes, actor=f"seed:{path.name}", check=_check(subject))
            except TilsynsbotError as error:  # another process seeded first, or the file breaks a rule
                log.info("lifecycle seed %s: %s skipped (%s)", path.name, subject.subject, error.detail)
                continue
            seeded += 1
    return seeded
