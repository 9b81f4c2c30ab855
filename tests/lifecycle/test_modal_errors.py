"""A lifecycle modal shows a missing or refused text under the field it belongs to (Slack's
response_action "errors" is keyed by block id), over real HTTP against the fake Slack Web API."""

from __future__ import annotations

from bot.intake.service import Actor
from bot.settings import Settings
from bot.texts import lifecycle as t
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.lifecycle.conftest import FROGNER, OFFICER, TILSYN_ID, fill_and_submit, spec
from tests.lifecycle.slack_harness import running

ID_NUMBER = "Gjelder beboer 01019012480."


def test_each_text_error_is_shown_under_its_own_field(app_settings: Settings, clock: FakeClock, slack: FakeSlackAPI) -> None:
    with running(app_settings, clock, slack) as d:
        lifecycle = d.services.lifecycle
        assert lifecycle is not None
        lifecycle.create_tilsyn(Actor(OFFICER), spec())
        cases = {c.bydel: c.id for c in lifecycle.open_cases(Actor(OFFICER), TILSYN_ID).opened}
        fill_and_submit(lifecycle, cases["Frogner"], FROGNER)
        lifecycle.start_assessment(Actor(OFFICER), TILSYN_ID, "Frogner")

        conclude = d.form(OFFICER, "conclude", TILSYN_ID, "Frogner")
        empty = {"breach": "yes", "wording": "", "legal_basis": "", "comment": ""}
        assert d.submit_form(OFFICER, conclude, empty)["errors"] == {"wording": t.WORDING_REQUIRED}
        assert d.submit_form(OFFICER, conclude, {**empty, "wording": ID_NUMBER})["errors"] == {"wording": t.TEXT_HAS_ID_NUMBER}
        assert d.submit_form(OFFICER, conclude, {**empty, "wording": "Mangler rutiner", "comment": ID_NUMBER})["errors"] == {
            "comment": t.TEXT_HAS_ID_NUMBER}

        extend = d.form(OFFICER, "extend", TILSYN_ID, "Sagene")
        assert d.submit_form(OFFICER, extend, {"deadline": "2026-05-01", "reason": ""})["errors"] == {"reason": t.REASON_REQUIRED}
        assert d.submit_form(OFFICER, extend, {"deadline": "2026-05-01", "reason": ID_NUMBER})["errors"] == {
            "reason": t.TEXT_HAS_ID_NUMBER}

        needs_more = {"comment": "", "deadline": "2026-05-01"}  # its text block is «comment»
        form = d.form(OFFICER, "needs_more", TILSYN_ID, "Frogner")
        assert d.submit_form(OFFICER, form, needs_more)["errors"] == {"comment": t.COMMENT_REQUIRED}
        assert [e.to_stage.value for e in lifecycle.state(TILSYN_ID, "Frogner").events][-1] == "under_vurdering"
