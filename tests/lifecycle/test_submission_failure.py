"""A bydel submits, and the lifecycle cannot record it (the database refuses the event): the
submission is stored, the stage stays «varslet», and that is not left to the log. Over real HTTP
against the fake Slack Web API: the officers' channel is told what happened and what to do, the
contact is told that the receipt holds and the officers follow up; doing what the officers were
told (reopen, submit again) records the submission."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from bot.intake.service import Actor
from bot.lifecycle.stages import Stage
from bot.lifecycle.store import Event, EventStore
from bot.settings import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.lifecycle.conftest import FROGNER, OFFICER, TILSYN_ID, fill, spec
from tests.lifecycle.slack_harness import LifecycleDriver, running


class RefusingWrites(EventStore):
    """The lifecycle's event store while the database refuses writes (reads still work)."""

    def append(self, *args: Any, **kwargs: Any) -> list[Event]:
        raise OperationalError("INSERT INTO lifecycle_events", None, Exception("database is locked"))


def officers_posts(d: LifecycleDriver) -> list[str]:
    return [c.text_content for c in d.posts("COFFICERS")]


def test_a_submission_the_lifecycle_cannot_record_is_told_to_officers_and_contact(
    app_settings: Settings, clock: FakeClock, slack: FakeSlackAPI,
) -> None:
    with running(app_settings, clock, slack) as d:
        lifecycle = d.services.lifecycle
        assert lifecycle is not None
        lifecycle.create_tilsyn(Actor(OFFICER), spec())
        case_id = next(c.id for c in lifecycle.open_cases(Actor(OFFICER), TILSYN_ID).opened if c.bydel == "Frogner")
        fill(lifecycle, case_id, FROGNER)
        events = lifecycle.events
        lifecycle.events = RefusingWrites(events.sessions, events.clock)

        d.click(FROGNER, "submit", c=case_id)
        told = d.dm_containing(FROGNER, "ble ikke registrert")
        assert case_id in told and "kvitteringen gjelder" in told and "feilkode" in told
        d.dm_containing(FROGNER, "Kvittering for innsending")  # the submission itself is stored
        d.settle()
        warning = next(p for p in officers_posts(d) if "ble ikke registrert" in p)
        assert "Bydel *Frogner*" in warning and case_id in warning
        assert f"/tilsyn intake gjenåpne {case_id}" in warning and "feilkode" in warning
        assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.VARSLET
        assert lifecycle.intake.get(case_id, Actor(OFFICER)).submitted

        # --- what the officers were told to do records the submission once the database writes again
        lifecycle.events = events
        assert "åpnet igjen" in d.command(OFFICER, f"intake gjenåpne {case_id}")
        d.click(FROGNER, "submit", c=case_id)
        d.dm_containing(FROGNER, "Kvittering for innsending")
        d.settle()
        assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.DOKUMENTER_MOTTATT
        assert sum("ble ikke registrert" in p for p in officers_posts(d)) == 1


def test_with_no_officers_channel_the_contact_is_asked_to_tell_statsforvalteren(
    app_settings: Settings, clock: FakeClock, slack: FakeSlackAPI,
) -> None:
    """Nobody could be told: the contact's message must not say the officers have been."""
    with running(app_settings.model_copy(update={"officers_channel": ""}), clock, slack) as d:
        lifecycle = d.services.lifecycle
        assert lifecycle is not None
        lifecycle.create_tilsyn(Actor(OFFICER), spec())
        case_id = next(c.id for c in lifecycle.open_cases(Actor(OFFICER), TILSYN_ID).opened if c.bydel == "Frogner")
        fill(lifecycle, case_id, FROGNER)
        lifecycle.events = RefusingWrites(lifecycle.events.sessions, lifecycle.events.clock)

        d.click(FROGNER, "submit", c=case_id)
        told = d.dm_containing(FROGNER, "ble ikke registrert")
        assert "Gi beskjed til Statsforvalteren" in told and case_id in told and "feilkode" in told
        assert "Saksbehandlerne er varslet" not in told
