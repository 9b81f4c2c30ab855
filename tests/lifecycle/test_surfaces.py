"""The overview's other surfaces: the officers' App Home (others see none of it), the pure block
builders (the officer's moves follow the transition table; overdue rows come first and say so)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain import OSLO_BYDELER
from bot.intake.service import Actor
from bot.lifecycle.overview import OverviewRow, TilsynOverview
from bot.lifecycle.stages import Stage, officer_moves
from bot.settings import Settings
from bot.slack.blocks.lifecycle import overview_blocks
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.lifecycle.conftest import FROGNER, OFFICER, TILSYN_ID, spec
from tests.lifecycle.slack_harness import running


def test_officers_app_home_shows_the_overview(app_settings: Settings, clock: FakeClock, slack: FakeSlackAPI) -> None:
    with running(app_settings, clock, slack) as d:
        assert d.services.lifecycle is not None
        d.services.lifecycle.create_tilsyn(Actor(OFFICER), spec())
        d.services.lifecycle.open_cases(Actor(OFFICER), TILSYN_ID)
        assert "`/tilsyn forløp ny`" in d.reply(OFFICER, "forlop hjelp")  # also without «ø»
        for user in (OFFICER, FROGNER):
            d.sender.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
        officer = slack.wait_for("views.publish", where=lambda c: c.params.get("user_id") == OFFICER).text_content
        staff = slack.wait_for("views.publish", where=lambda c: c.params.get("user_id") == FROGNER).text_content
    assert "Tilsyn i arbeid" in officer and "*Bydel Frogner* – varslet · frist 15.04.2026" in officer
    assert "*Bydel (ikke navngitt i rapporten) (12 bydeler)* – konkludert uten lovbrudd" in officer
    assert "Tilsyn i arbeid" not in staff and "Frogner" not in staff


@pytest.mark.parametrize(("stage", "moves"), [
    (None, []), (Stage.VARSLET, ["extend"]), (Stage.DOKUMENTER_MOTTATT, ["assess"]),
    (Stage.UNDER_VURDERING, ["conclude"]), (Stage.LOVBRUDD, ["request_plan"]), (Stage.PLAN_ETTERSPURT, ["extend"]),
    (Stage.PLAN_MOTTATT, ["approve", "needs_more", "extend"]), (Stage.TRENGER_MER, ["extend"]), (Stage.LUKKET, []),
])
def test_officer_moves_follow_the_transition_table(stage: Stage | None, moves: list[str]) -> None:
    assert officer_moves(stage) == moves


def test_overdue_rows_are_flagged_and_carry_their_moves() -> None:
    def row(subject: str, stage: Stage, deadline: date, overdue: bool) -> OverviewRow:
        return OverviewRow(TILSYN_ID, subject, f"Bydel {subject}", 1, stage, deadline, overdue, None, "", ("INN-1",), "INN-1", None)

    blocks = overview_blocks([TilsynOverview(TILSYN_ID, "Tilsyn", (row("Sagene", Stage.PLAN_ETTERSPURT, date(2026, 3, 1), True),
                                                                   row("Alna", Stage.PLAN_MOTTATT, date(2026, 5, 1), False)))])
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert texts[1] == ":warning: *Bydel Sagene* – plan etterspurt · frist 01.03.2026 (forfalt) · `INN-1`"
    alna_buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]][1:]
    assert alna_buttons == ["lifecycle:approve", "lifecycle:needs_more", "lifecycle:extend"]


def test_an_overview_too_long_for_one_message_says_how_many_rows_are_left_out() -> None:
    """Two tilsyn over Oslo's 15 bydeler: 30 rows with buttons do not fit in one message's 50 blocks."""
    def rows(tilsyn_id: str) -> tuple[OverviewRow, ...]:
        return tuple(OverviewRow(tilsyn_id, name, f"Bydel {name}", 1, Stage.PLAN_ETTERSPURT, date(2026, 5, 1), False,
                                 None, "", ("INN-1",), "INN-1", None) for name in OSLO_BYDELER)

    overviews = [TilsynOverview("t1", "Første", rows("t1")), TilsynOverview("t2", "Andre", rows("t2"))]
    one_message = overview_blocks(overviews)
    shown = sum(1 for b in one_message if b["type"] == "section" and "*Bydel " in b["text"]["text"])
    assert len(one_message) <= 50
    more = one_message[-1]["text"]["text"]
    assert f"og {30 - shown} rader til" in more and "/tilsyn oversikt" in more
    every_row = overview_blocks(overviews, max_blocks=None)  # `/tilsyn oversikt` pages through all of them
    assert sum(1 for b in every_row if b["type"] == "section" and "*Bydel " in b["text"]["text"]) == 30
