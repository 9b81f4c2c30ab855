"""Findings in Slack over real HTTP: `/tilsyn funn`, officer modals, refusals, the weekly digest.

The real ASGI app runs under uvicorn; requests are signed like Slack's; the app's WebClient
talks to the fake Slack Web API. Only SQLite here (the store itself is also tested on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.access import Directory
from bot.assistant import Assistant
from bot.db import make_engine, migrate, session_factory
from bot.domain import Audience
from bot.findings.service import FindingsService, build_findings_service
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.listeners.findings.digest import weekly_digest
from bot.slack.server import build_asgi
from tests.fakes.answering import FakeAnswering
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender, block_action
from tests.findings.conftest import OPEN_ID

SECRET = "findings-signing-secret"
OFFICER = "UOFFICER"
STAFF = "UBYDEL"
NOTE = "Intern: bydelsdirektør har lovet plan innen fristen"


@dataclass
class Harness:
    slack: FakeSlackAPI
    sender: SlackSender
    services: Services
    findings: FindingsService
    clock: FakeClock


@pytest.fixture
def harness(settings: Settings) -> Iterator[Harness]:
    with FakeSlackAPI() as slack:
        cfg = settings.model_copy(update={
            "slack_bot_token": slack.bot_token, "slack_signing_secret": SECRET, "slack_api_url": slack.base_url,
            "officers_channel": "COFFICERS", "officer_user_ids": [OFFICER],
        })  # fmt: skip
        clock = FakeClock(datetime(2024, 3, 4, 9, 0, tzinfo=UTC))
        engine = make_engine(cfg.resolved_database_url)
        migrate(engine)
        sessions = session_factory(engine)
        answering = FakeAnswering()
        findings = build_findings_service(cfg, sessions, clock=clock)
        services = Services(settings=cfg, engine=engine, sessions=sessions, directory=Directory.from_settings(cfg),
                            clock=clock, answering=answering, findings=findings, intake=None, generator=None,
                            assistant=Assistant(answering, findings=findings))  # fmt: skip
        findings.change_status(OPEN_ID, actor=OFFICER, audience=Audience.OFFICERS, notes=NOTE)
        app = create_app(cfg, services=services)
        with RunningApp(build_asgi(app, services), app) as running:
            sender = SlackSender(running.url, SECRET)
            yield Harness(slack, sender, services, findings, clock)
            sender.close()
        engine.dispose()


def submission(callback_id: str, user: str, values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A `view_submission` payload as Slack sends it."""
    return {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": user, "team_id": "T0001"},
            "api_app_id": "A0001", "trigger_id": "99.trigger",
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id, "hash": "h", "private_metadata": "",
                     "state": {"values": values}}}  # fmt: skip


def status_values(lovbrudd: str, status: str, closed: str | None) -> dict[str, dict[str, Any]]:
    return {
        "lovbrudd": {"lovbrudd": {"type": "static_select", "selected_option": {"value": lovbrudd}}},
        "status": {"status": {"type": "radio_buttons", "selected_option": {"value": status}}},
        "closed_date": {"closed_date": {"type": "datepicker", "selected_date": closed}},
        "extended_deadline": {"extended_deadline": {"type": "datepicker", "selected_date": None}},
        "notes": {"notes": {"type": "plain_text_input", "value": None}},
    }


def test_funn_list_for_staff_shows_published_fields_only(harness: Harness) -> None:
    url = harness.slack.response_url()
    assert harness.sender.command("funn åpne", user_id=STAFF, response_url=url).status_code == 200
    call = harness.slack.wait_for("response_url")
    text = json.dumps(call.params, ensure_ascii=False)
    assert "15. april 2024" in text and "ikke navngitt i rapporten" in text
    assert NOTE not in text and "Intern merknad" not in text
    assert "findings_change_status" not in text  # no buttons for non-officers


def test_funn_list_for_officer_has_note_and_status_button(harness: Harness) -> None:
    url = harness.slack.response_url()
    harness.sender.command("funn åpne", user_id=OFFICER, response_url=url)
    text = json.dumps(harness.slack.wait_for("response_url").params, ensure_ascii=False)
    assert NOTE in text and "findings_change_status" in text


def test_staff_cannot_open_the_modals(harness: Harness) -> None:
    for sub in ("funn status", "funn ny"):
        response = harness.sender.command(sub, user_id=STAFF, response_url=harness.slack.response_url())
        assert "Bare Statsforvalterens saksbehandlere" in response.json()["text"]
    button = block_action("findings_change_status", OPEN_ID, user_id=STAFF, response_url=harness.slack.response_url("b"))
    harness.sender.action(button)
    refusal = harness.slack.wait_for("response_url")
    assert "Bare Statsforvalterens saksbehandlere" in refusal.params["text"]
    assert harness.slack.calls_to("views.open") == []
    # A forged submission from a non-officer changes nothing.
    forged = harness.sender.action(submission("findings_status", STAFF, status_values(OPEN_ID, "closed", "2024-03-01")))
    assert forged.json()["response_action"] == "errors"
    assert harness.findings.list_findings(only_open=True, audience=Audience.OFFICERS)[0].lovbrudd_id == OPEN_ID


def test_officer_closes_lovbrudd_through_the_modal(harness: Harness) -> None:
    harness.sender.command(f"funn status {OPEN_ID}", user_id=OFFICER, trigger_id="42.trigger",
                           response_url=harness.slack.response_url())  # fmt: skip
    opened = harness.slack.wait_for("views.open")
    assert opened.params["trigger_id"] == "42.trigger"
    view = opened.json_param("view")
    assert view["callback_id"] == "findings_status"
    assert view["blocks"][0]["element"]["initial_option"]["value"] == OPEN_ID

    missing_date = harness.sender.action(submission("findings_status", OFFICER, status_values(OPEN_ID, "closed", None)))
    assert missing_date.json() == {"response_action": "errors", "errors": {"closed_date": "Oppgi datoen lovbruddet ble lukket."}}
    future = harness.sender.action(submission("findings_status", OFFICER, status_values(OPEN_ID, "closed", "2024-12-01")))
    assert "fremtiden" in future.json()["errors"]["closed_date"]

    ok = harness.sender.action(submission("findings_status", OFFICER, status_values(OPEN_ID, "closed", "2024-03-01")))
    assert ok.status_code == 200 and not ok.content.strip()
    confirmation = harness.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == OFFICER)
    assert "lukket" in confirmation.params["text"]
    assert harness.findings.list_findings(only_open=True, audience=Audience.OFFICERS) == []
    audit = [(a.field, a.new_value) for a in harness.findings.audit(OPEN_ID, audience=Audience.OFFICERS) if a.actor == OFFICER]
    assert ("status", "closed") in audit and ("closed_date", "2024-03-01") in audit


def test_officer_opens_status_modal_from_list_button(harness: Harness) -> None:
    harness.sender.action(block_action("findings_change_status", OPEN_ID, user_id=OFFICER))
    view = harness.slack.wait_for("views.open").json_param("view")
    assert view["callback_id"] == "findings_status"


def test_officer_records_a_finding_with_validation(harness: Harness) -> None:
    harness.sender.command("funn ny", user_id=OFFICER, response_url=harness.slack.response_url())
    assert harness.slack.wait_for("views.open").json_param("view")["callback_id"] == "findings_record"

    def values(wording: str) -> dict[str, dict[str, Any]]:
        return {
            "tilsyn": {"tilsyn": {"type": "static_select", "selected_option": {"value": "oslo-krisesenter-2022-2023"}}},
            "bydel": {"bydel": {"type": "static_select", "selected_option": {"value": "Stovner"}}},
            "year": {"year": {"type": "number_input", "value": "2023"}},
            "breach": {"breach": {"type": "radio_buttons", "selected_option": {"value": "yes"}}},
            "wording": {"wording": {"type": "plain_text_input", "value": wording}},
            "legal_basis": {"legal_basis": {"type": "plain_text_input", "value": "kommuneloven § 25-1"}},
            "plan_deadline": {"plan_deadline": {"type": "datepicker", "selected_date": "2024-06-01"}},
            "notes": {"notes": {"type": "plain_text_input", "value": None}},
        }

    bad = harness.sender.action(submission("findings_record", OFFICER, values("")))
    assert bad.json() == {"response_action": "errors", "errors": {"wording": "Skriv hva lovbruddet gjelder."}}
    good = harness.sender.action(submission("findings_record", OFFICER, values("Mangler ROS-analyse for krisesentertilbudet")))
    assert good.status_code == 200 and not good.content.strip()
    harness.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == OFFICER)
    rows = harness.findings.list_findings(bydel="Stovner", audience=Audience.PUBLIC)
    assert [(r.status, str(r.plan_deadline), r.legal_basis) for r in rows] == [("open", "2024-06-01", ["kommuneloven § 25-1"])]


def test_question_in_a_mention_is_answered_from_the_records(harness: Harness) -> None:
    harness.sender.event({"type": "app_mention", "user": STAFF, "channel": "C0001", "ts": "1709540000.000100",
                          "text": "<@UBOT> hvilke lovbrudd er ikke lukket?"})  # fmt: skip
    call = harness.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "C0001")
    content = call.text_content
    assert "Lovbrudd som ikke er lukket: 1." in content and "15. april 2024" in content
    assert NOTE not in content
    assert harness.services.answering.asked == []  # the knowledge base was not asked


def test_weekly_digest_once_per_week_and_retried_after_failure(harness: Harness) -> None:
    client = _client(harness)
    monday_early = datetime(2024, 4, 8, 5, 0, tzinfo=UTC)  # 07:00 in Oslo: too early
    assert weekly_digest(harness.services, client, monday_early) is False
    harness.slack.fail("chat.postMessage", "channel_not_found", times=1)
    monday = datetime(2024, 4, 8, 7, 30, tzinfo=UTC)
    with pytest.raises(SlackApiError):
        weekly_digest(harness.services, client, monday)
    assert weekly_digest(harness.services, client, monday) is True  # the failed week was released
    assert weekly_digest(harness.services, client, datetime(2024, 4, 11, 12, 0, tzinfo=UTC)) is False
    posts = [c for c in harness.slack.calls_to("chat.postMessage", channel="COFFICERS")]
    assert len(posts) == 2  # the failed one and the successful one
    content = posts[-1].text_content
    assert "2024-W15" in content and "Åpne lovbrudd: 1" in content
    assert "15. april 2024" in content and "Frister de neste 14 dagene" in content
    assert NOTE in content  # the officers' channel gets internal notes
    assert weekly_digest(harness.services, client, datetime(2024, 4, 15, 9, 0, tzinfo=UTC)) is True


def _client(harness: Harness) -> Any:
    from bot.slack.app import build_web_client

    return build_web_client(harness.services.settings)


def test_failing_views_open_is_reported_to_the_officer(harness: Harness) -> None:
    harness.slack.fail("views.open", "expired_trigger_id", times=1)
    url = harness.slack.response_url("button")
    harness.sender.action(block_action("findings_change_status", OPEN_ID, user_id=OFFICER, response_url=url))
    reply = harness.slack.wait_for("response_url")
    assert "expired_trigger_id" in reply.params["text"]


def test_officer_question_in_a_dm_includes_the_internal_note(harness: Harness) -> None:
    harness.sender.event({"type": "message", "channel_type": "im", "user": OFFICER, "channel": "D0OFF",
                          "ts": "1709540100.000100", "text": "når er fristen for planen?"})  # fmt: skip
    call = harness.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "D0OFF")
    assert "15. april 2024" in call.text_content and NOTE in call.text_content


def test_jobs_run_on_the_shared_scheduler(settings: Settings) -> None:
    from bot.intake.service import build_intake_service

    with FakeSlackAPI() as slack:
        cfg = settings.model_copy(update={
            "slack_bot_token": slack.bot_token, "slack_signing_secret": SECRET, "slack_api_url": slack.base_url,
            "officers_channel": "COFFICERS", "officer_user_ids": [OFFICER], "intake_scheduler_interval_s": 0.0,
        })  # fmt: skip
        clock = FakeClock(datetime(2024, 4, 8, 9, 0, tzinfo=UTC))
        engine = make_engine(cfg.resolved_database_url)
        migrate(engine)
        sessions = session_factory(engine)
        answering = FakeAnswering()
        findings = build_findings_service(cfg, sessions, clock=clock)
        intake = build_intake_service(cfg, sessions, clock=clock)
        services = Services(settings=cfg, engine=engine, sessions=sessions, directory=Directory.from_settings(cfg),
                            clock=clock, answering=answering, findings=findings, intake=intake, generator=None,
                            assistant=Assistant(answering, findings=findings))  # fmt: skip
        create_app(cfg, services=services)
        results = intake.scheduler.run_due(clock.now())
        assert results["findings-weekly-digest"] is True
        assert results["findings-index-submissions"] == []
        assert "2024-W15" in slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "COFFICERS").text_content
        assert intake.scheduler.run_due(clock.now())["findings-weekly-digest"] is False
        engine.dispose()


def test_funn_for_an_unnamed_bydel_explains_what_the_letter_says(harness: Harness) -> None:
    harness.sender.command("funn Frogner", user_id=STAFF, response_url=harness.slack.response_url())
    text = json.dumps(harness.slack.wait_for("response_url").params, ensure_ascii=False)
    assert "Ingen tilsynsfunn passer filteret." in text
    assert "også bydel Frogner" in text and "Informasjonsskrivet navngir ikke bydelene" in text
