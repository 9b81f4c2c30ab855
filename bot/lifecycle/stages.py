"""The stages of one bydel in a tilsyn and the one table of allowed transitions.

Why one table: the Slack buttons, the CLI, the intake hook and the tests all ask the same
question ("may this bydel go from here to there?"); answering it anywhere else would let the
surfaces drift apart. Keys are stable identifiers stored in the database; the Norwegian labels
live in `bot.texts.lifecycle`.

    varslet -> dokumenter_mottatt -> under_vurdering -> uten_lovbrudd | lovbrudd
    lovbrudd -> plan_etterspurt -> plan_mottatt -> plan_godkjent | trenger_mer
    trenger_mer -> plan_mottatt;  plan_godkjent -> lukket

Extending a deadline ("utsett frist") is an event that keeps the stage; it is allowed while the
bydel has something to deliver or a plan is being assessed.
"""

from __future__ import annotations

from enum import StrEnum

from bot.errors import ValidationFailedError
from bot.texts import lifecycle as t


class Stage(StrEnum):
    VARSLET = "varslet"
    DOKUMENTER_MOTTATT = "dokumenter_mottatt"
    UNDER_VURDERING = "under_vurdering"
    UTEN_LOVBRUDD = "uten_lovbrudd"
    LOVBRUDD = "lovbrudd"
    PLAN_ETTERSPURT = "plan_etterspurt"
    PLAN_MOTTATT = "plan_mottatt"
    TRENGER_MER = "trenger_mer"
    PLAN_GODKJENT = "plan_godkjent"
    LUKKET = "lukket"

    @property
    def label(self) -> str:
        return t.STAGE_LABELS[self.value]


class EventKind(StrEnum):
    TRANSITION = "overgang"  # a stage change
    DEADLINE_EXTENDED = "frist_utsatt"  # the stage stays, the deadline moves
    IMPORTED = "importert"  # a stage known from a report (the seed): the first event of a subject


TRANSITIONS: dict[Stage | None, frozenset[Stage]] = {
    None: frozenset({Stage.VARSLET}),
    Stage.VARSLET: frozenset({Stage.DOKUMENTER_MOTTATT}),
    Stage.DOKUMENTER_MOTTATT: frozenset({Stage.UNDER_VURDERING}),
    Stage.UNDER_VURDERING: frozenset({Stage.UTEN_LOVBRUDD, Stage.LOVBRUDD}),
    Stage.UTEN_LOVBRUDD: frozenset(),
    Stage.LOVBRUDD: frozenset({Stage.PLAN_ETTERSPURT}),
    Stage.PLAN_ETTERSPURT: frozenset({Stage.PLAN_MOTTATT}),
    Stage.PLAN_MOTTATT: frozenset({Stage.PLAN_GODKJENT, Stage.TRENGER_MER}),
    Stage.TRENGER_MER: frozenset({Stage.PLAN_MOTTATT}),
    Stage.PLAN_GODKJENT: frozenset({Stage.LUKKET}),
    Stage.LUKKET: frozenset(),
}

# The bydel has something to deliver by a deadline (reminders run, "overdue" can happen).
AWAITING_BYDEL: frozenset[Stage] = frozenset({Stage.VARSLET, Stage.PLAN_ETTERSPURT, Stage.TRENGER_MER})
# A deadline may be extended while the bydel delivers, or while its plan is assessed.
EXTENDABLE: frozenset[Stage] = AWAITING_BYDEL | {Stage.PLAN_MOTTATT}
# The lovbrudd is concluded and not closed: what "venter på plan" and open lovbrudd are about.
OPEN_LOVBRUDD: frozenset[Stage] = frozenset(
    {Stage.LOVBRUDD, Stage.PLAN_ETTERSPURT, Stage.PLAN_MOTTATT, Stage.TRENGER_MER, Stage.PLAN_GODKJENT}
)
WAITING_FOR_PLAN: frozenset[Stage] = frozenset({Stage.LOVBRUDD, Stage.PLAN_ETTERSPURT, Stage.TRENGER_MER})


# What an officer does to move a bydel on, by target stage (the bydel's own moves, documents and
# plan submitted, come from the intake engine; «lukket» follows «plan godkjent» in the same move).
OFFICER_MOVES: dict[Stage, str] = {
    Stage.UNDER_VURDERING: "assess",
    Stage.LOVBRUDD: "conclude",
    Stage.UTEN_LOVBRUDD: "conclude",
    Stage.PLAN_ETTERSPURT: "request_plan",
    Stage.PLAN_GODKJENT: "approve",
    Stage.TRENGER_MER: "needs_more",
}
EXTEND_MOVE = "extend"


def officer_moves(current: Stage | None) -> list[str]:
    """The officer's possible moves from `current`, in the order of the process (no duplicates)."""
    possible = {OFFICER_MOVES[s] for s in TRANSITIONS[current] if s in OFFICER_MOVES}
    moves = [m for m in dict.fromkeys(OFFICER_MOVES.values()) if m in possible]
    return [*moves, EXTEND_MOVE] if current in EXTENDABLE else moves


def check_transition(current: Stage | None, target: Stage, *, subject: str) -> None:
    """Raise `ValidationFailedError` with a Norwegian explanation unless current -> target is allowed."""
    if target in TRANSITIONS[current]:
        return
    allowed = sorted(TRANSITIONS[current], key=list(Stage).index)
    now = current.label if current else t.NO_STAGE
    next_steps = ", ".join(f"«{s.label}»" for s in allowed) if allowed else t.NO_NEXT_STAGE
    raise ValidationFailedError(
        t.TRANSITION_REFUSED.format(subject=subject, current=now, target=target.label, allowed=next_steps),
        detail=f"{subject}: {current} -> {target} refused",
    )


def check_extendable(current: Stage | None, *, subject: str) -> None:
    if current in EXTENDABLE:
        return
    raise ValidationFailedError(
        t.EXTEND_REFUSED.format(subject=subject, current=current.label if current else t.NO_STAGE),
        detail=f"{subject}: extend in {current} refused",
    )
