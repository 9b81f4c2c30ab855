"""Slack's rules and "never silent": retries, signatures, failing Web API calls, rate limits, bots."""

from __future__ import annotations

import logging
import re
import time

import pytest

from bot.errors import IndexUnavailableError
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender, event_body, sign
from tests.slack.conftest import SIGNING_SECRET, Harness, make_services

DM = {"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002", "ts": "1700000200.000100",
      "text": "Hva er internkontroll?"}
CID = re.compile(r"feilkode: `([0-9a-f]{10})`")


def _settle(seconds: float = 0.5) -> None:
    """Give background workers time to (wrongly) post; used only before asserting that nothing came."""
    time.sleep(seconds)


def test_retry_of_the_same_event_is_not_answered_twice(harness: Harness) -> None:
    first = harness.sender.event(DM, event_id="Ev-dup-1")
    retry = harness.sender.event(DM, event_id="Ev-dup-1", retry_num=1)
    assert first.status_code == retry.status_code == 200
    harness.slack.wait_for("chat.postMessage")
    _settle()
    assert len(harness.slack.calls_to("chat.postMessage")) == 1
    assert len(harness.answering.asked) == 1


def test_retry_after_restart_on_the_same_database_is_not_answered(
    slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering
) -> None:
    for attempt in range(2):  # the second app is a restarted process on the same data dir
        services = make_services(slack_settings, answering)
        app = create_app(slack_settings, services=services)
        with RunningApp(build_asgi(app, services), app) as running:
            sender = SlackSender(running.url, SIGNING_SECRET)
            assert sender.event(DM, event_id="Ev-restart", retry_num=attempt or None).status_code == 200
            if attempt == 0:
                slack_api.wait_for("chat.postMessage")
            _settle()
            sender.close()
        services.engine.dispose()
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_bad_or_stale_signature_is_rejected(harness: Harness) -> None:
    body = event_body(DM)
    bad = harness.sender.post(body, "application/json", signature="v0=" + "0" * 64)
    stale = harness.sender.post(body, "application/json", timestamp=int(time.time()) - 600)
    other_secret = harness.sender.client.post(
        harness.sender.url, content=body.encode(),
        headers={"Content-Type": "application/json", **sign("wrong-secret", body)},
    )
    assert bad.status_code == stale.status_code == other_secret.status_code == 401
    _settle()
    assert harness.answering.asked == []
    assert not harness.slack.calls_to("chat.postMessage")


def test_failing_post_is_reported_to_the_user_with_a_correlation_id(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    harness.slack.fail("chat.postMessage", "msg_too_long", times=1)
    harness.sender.event(DM)
    notice = harness.slack.wait_for("chat.postMessage", count=2)
    assert "fikk ikke lagt det ut" in notice.text_content
    cid = CID.search(notice.text_content).group(1)
    assert any(cid in r.getMessage() and "msg_too_long" in r.getMessage() for r in caplog.records)


def test_when_posting_keeps_failing_the_user_gets_an_ephemeral_notice(harness: Harness) -> None:
    harness.slack.fail("chat.postMessage", "not_in_channel")
    harness.sender.event({"type": "app_mention", "user": "U0001", "channel": "C0007", "ts": "1700000100.000100",
                          "text": "<@UBOT> hva sier § 4?"})
    ephemeral = harness.slack.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0001" and ephemeral.params["channel"] == "C0007"
    assert CID.search(ephemeral.text_content)


def test_index_failure_is_explained_to_the_user(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    harness.answering.fail_with = IndexUnavailableError(
        "Kunnskapsbasen er ikke bygget ennå. Be den som drifter tilsynsbot kjøre `tilsynsbot ingest`.",
        detail="chroma collection missing",
    )
    harness.sender.event(DM)
    notice = harness.slack.wait_for("chat.postMessage")
    assert "tilsynsbot ingest" in notice.text_content
    cid = CID.search(notice.text_content).group(1)
    assert any(cid in r.getMessage() and "IndexUnavailableError" in r.getMessage() for r in caplog.records)


def test_unexpected_error_gets_generic_message_and_logged_traceback(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    harness.answering.fail_with = RuntimeError("boom")
    harness.sender.event(DM)
    notice = harness.slack.wait_for("chat.postMessage")
    cid = CID.search(notice.text_content).group(1)
    assert "Noe gikk galt" in notice.text_content
    assert any(cid in r.getMessage() and r.exc_info for r in caplog.records)


def test_rate_limited_post_is_retried(harness: Harness) -> None:
    harness.slack.rate_limit("chat.postMessage", times=1, retry_after=0)
    harness.sender.event(DM)
    harness.slack.wait_for("chat.postMessage", count=2)
    _settle()
    posts = harness.slack.calls_to("chat.postMessage")
    assert len(posts) == 2  # the 429 and the successful retry: one answer, no error notice
    assert "krisesenterlova § 4" in posts[1].text_content


def test_messages_from_bots_are_ignored(harness: Harness) -> None:
    harness.sender.event({**DM, "bot_id": "BOTHER", "subtype": "bot_message", "user": None})
    harness.sender.event({**DM, "user": "UBOT", "bot_id": "BBOT", "ts": "1700000201.000100"})  # ourselves
    harness.sender.event({**DM, "user": "U0003", "bot_profile": {"id": "B3"}, "ts": "1700000202.000100"})
    _settle()
    assert harness.answering.asked == []
    assert not harness.slack.calls_to("chat.postMessage")


def test_expired_response_url_falls_back_to_a_direct_message(harness: Harness) -> None:
    harness.slack.fail("response_url", "expired_url", status=404)
    response = harness.sender.command("hva krever § 4?", user_id="U0042", response_url=harness.slack.response_url())
    assert response.status_code == 200
    dm = harness.slack.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0042"
    assert "Slack tok ikke imot det" in dm.text_content and CID.search(dm.text_content)


def test_failing_message_handler_is_reported_and_not_answered_as_a_question(
    slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering
) -> None:
    from bot.slack.app import FEATURES
    from tests.slack.conftest import running_harness

    def broken_dialog(event, client, context):  # noqa: ANN001, ANN202 - the handler contract
        raise RuntimeError("dialog state corrupt")

    def broken_feature(app, services, registry):  # noqa: ANN001, ANN202 - the feature contract
        registry.add_message_handler(broken_dialog)

    with running_harness(slack_settings, slack_api, answering, (*FEATURES, broken_feature)) as harness:
        harness.sender.event(DM)
        notice = harness.slack.wait_for("chat.postEphemeral")
        assert notice.params["user"] == "U0002" and CID.search(notice.text_content)
        _settle()
        assert harness.answering.asked == []


def test_ack_does_not_wait_for_a_locked_database(harness: Harness, slack_settings: Settings) -> None:
    import sqlite3
    import threading

    locker = sqlite3.connect(slack_settings.resolved_database_url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another process holding a long write transaction
    acked = threading.Event()
    statuses: list[int] = []

    def send() -> None:
        statuses.append(harness.sender.event({**DM, "ts": "1700000210.000100"}, event_id="Ev-locked").status_code)
        acked.set()

    threading.Thread(target=send, daemon=True).start()
    try:
        # Generous on a loaded machine; before the fix the ack waited for the lock (SQLite: 30 s).
        assert acked.wait(15), "the ack waited for the database"
        assert statuses == [200]
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    harness.slack.wait_for("chat.postMessage")  # the work goes on once the database is free
    assert len(harness.answering.asked) == 1


def test_retry_of_work_lost_in_a_crash_is_done(harness: Harness) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.slack.dedupe import EventLedger
    from tests.fakes.clock import FakeClock

    # What a process killed mid-work leaves behind: a claim from minutes ago, never completed.
    crashed = EventLedger(harness.services.sessions, FakeClock(datetime.now(UTC) - timedelta(minutes=5)))
    assert crashed.claim("Ev-crashed")
    assert harness.sender.event(DM, event_id="Ev-crashed", retry_num=1).status_code == 200
    harness.slack.wait_for("chat.postMessage")
    assert len(harness.answering.asked) == 1
    # ... and once done, further retries are duplicates again.
    harness.sender.event(DM, event_id="Ev-crashed", retry_num=2)
    _settle()
    assert len(harness.answering.asked) == 1
    assert EventLedger(harness.services.sessions, FakeClock()).completed("Ev-crashed")


def test_retry_of_work_in_flight_elsewhere_is_skipped(harness: Harness) -> None:
    from bot.clock import SystemClock
    from bot.slack.dedupe import EventLedger

    assert EventLedger(harness.services.sessions, SystemClock()).claim("Ev-busy")  # another replica, just now
    harness.sender.event(DM, event_id="Ev-busy", retry_num=1)
    _settle()
    assert harness.answering.asked == []


def test_acked_is_logged_only_for_requests_that_were_acked(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tilsynsbot.slack.requests")
    response = harness.sender.event({"type": "reaction_added", "user": "U1", "reaction": "tada"}, event_id="Ev-nobody")
    assert response.status_code == 404  # no listener: bolt does not ack it
    lines = [r.getMessage() for r in caplog.records if "Ev-nobody" in r.getMessage()]
    assert lines and not any(line.startswith("acked") for line in lines)
    assert any(line.startswith("not acked") and "status=404" in line for line in lines)
