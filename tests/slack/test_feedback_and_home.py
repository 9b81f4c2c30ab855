"""Feedback clicks are stored and confirmed; abstentions can be sent to the officers; App Home; /healthz."""

from __future__ import annotations

import time

import httpx
from slack_bolt import App
from sqlalchemy import event

from bot.assistant import Assistant
from bot.feedback import FeedbackStore
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import FEATURES, create_app
from bot.slack.listeners.commands import SubcommandRequest
from bot.slack.registry import SlackRegistry
from bot.slack.server import build_asgi
from ingest.index.health import StoreHealth
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender, block_action
from tests.slack.conftest import SIGNING_SECRET, Harness, make_services, running_harness

DM = {"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002", "ts": "1700000200.000100"}


def _answer_in_dm(harness: Harness, text: str) -> str:
    harness.sender.event({**DM, "text": text})
    call = harness.slack.wait_for("chat.postMessage")
    actions = next(b for b in call.blocks if b["type"] == "actions")
    return actions["elements"][0]["value"]


def test_thumbs_down_is_stored_with_question_answer_sources_and_confirmed(harness: Harness) -> None:
    answer_id = _answer_in_dm(harness, "Hva sier § 4 om bolig?")
    url = harness.slack.response_url("fb")
    response = harness.sender.action(block_action("feedback_down", answer_id, user_id="U0002", channel_id="D0002",
                                                   response_url=url))
    assert response.status_code == 200
    confirmation = harness.slack.wait_for("response_url")
    assert confirmation.params["response_type"] == "ephemeral" and confirmation.params["replace_original"] is False
    assert "Tilbakemeldingen er lagret" in confirmation.params["text"]
    [rated] = FeedbackStore(harness.services.sessions, harness.services.clock).rated()
    assert (rated.rating, rated.user_id, rated.question) == ("down", "U0002", "Hva sier § 4 om bolig?")
    assert "reetableringsfasen" in rated.answer_text
    assert rated.sources[0]["label"] == "krisesenterlova § 4"


def test_changing_a_rating_keeps_one_row_per_user(harness: Harness) -> None:
    answer_id = _answer_in_dm(harness, "Hva sier § 4?")
    for action in ("feedback_down", "feedback_up"):
        harness.sender.action(block_action(action, answer_id, user_id="U0002", response_url=harness.slack.response_url()))
    harness.slack.wait_for("response_url", count=2)
    store = FeedbackStore(harness.services.sessions, harness.services.clock)
    assert [r.rating for r in store.rated()] == ["up"]


def test_a_quick_change_of_mind_keeps_the_last_click(harness: Harness) -> None:
    """👎 then 👍 in quick succession: the rating stored is the last one clicked, even when storing the
    first click is slow (a busy database). The clicks are stored after the ack, in parallel workers;
    the click's own time (action_ts) keeps the slower, earlier click from overwriting the later one."""
    answer_id = _answer_in_dm(harness, "Hva sier § 4?")
    harness.sender.action(block_action("feedback_up", answer_id, user_id="U0002", response_url=harness.slack.response_url()))
    harness.slack.wait_for("response_url")

    def slow_down_vote(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE ANSWER_FEEDBACK") and "down" in tuple(parameters or ()):
            time.sleep(0.5)

    event.listen(harness.services.engine, "before_cursor_execute", slow_down_vote)
    try:
        for action in ("feedback_down", "feedback_up"):
            harness.sender.action(block_action(action, answer_id, user_id="U0002", response_url=harness.slack.response_url()))
        harness.slack.wait_for("response_url", count=3)  # confirmed after storing: both clicks are stored
    finally:
        event.remove(harness.services.engine, "before_cursor_execute", slow_down_vote)
    store = FeedbackStore(harness.services.sessions, harness.services.clock)
    assert [r.rating for r in store.rated()] == ["up"]


def test_abstained_answer_can_be_sent_to_officers_once(harness: Harness) -> None:
    harness.sender.event({**DM, "text": "Hvor langt er det til månen?"})
    call = harness.slack.wait_for("chat.postMessage")
    buttons = next(b for b in call.blocks if b["type"] == "actions")["elements"]
    escalate = next(b for b in buttons if b["action_id"] == "escalate_question")
    for _ in range(2):  # a double click
        harness.sender.action(block_action("escalate_question", escalate["value"], user_id="U0002",
                                           response_url=harness.slack.response_url()))
    confirmations = harness.slack.wait_for_all("response_url", count=2)
    notices = harness.slack.calls_to("chat.postMessage", channel="COFFICERS")
    assert len(notices) == 1
    assert "månen" in notices[0].text_content and "<@U0002>" in notices[0].text_content
    assert sorted(c.params["text"] for c in confirmations) == sorted(
        ["Spørsmålet er sendt til Statsforvalteren. Svaret fra en saksbehandler kommer hit.",
         "Dette spørsmålet er allerede sendt til Statsforvalteren."])


def test_app_home_shows_sources_and_index_date(harness: Harness) -> None:
    harness.sender.event({"type": "app_home_opened", "user": "U0005", "channel": "D0005", "tab": "home"})
    call = harness.slack.wait_for("views.publish")
    assert call.params["user_id"] == "U0005"
    content = call.text_content
    assert "Lov om kommunale krisesentertilbod" in content and "20.11.2026" in content
    assert "/tilsyn" in content


def test_healthz_reports_index_freshness(harness: Harness) -> None:
    response = httpx.get(f"{harness.running.root}/healthz")
    assert response.status_code == 200
    index = response.json()["index"]
    assert {k: index[k] for k in ("available", "built_at", "sources", "chunks")} == {
        "available": True, "built_at": "2026-11-20T08:00:00+00:00", "sources": 1, "chunks": 42}
    assert isinstance(index["age_hours"], float)


def test_subcommands_are_dispatched_and_failures_reported(
    slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering
) -> None:
    seen: list[SubcommandRequest] = []

    def handle_demo(req: SubcommandRequest) -> None:
        seen.append(req)
        req.ack(text="demo ok")

    def handle_broken(req: SubcommandRequest) -> None:
        raise RuntimeError("broken feature")

    def demo_feature(app: App, services: Services, registry: SlackRegistry) -> None:
        registry.add_subcommand("demo", handle_demo, "en demo")
        registry.add_subcommand("ødelagt", handle_broken)

    with running_harness(slack_settings, slack_api, answering, (*FEATURES, demo_feature)) as harness:
        ok = harness.sender.command("demo vis 2023", response_url=harness.slack.response_url())
        assert ok.text == "demo ok"
        assert seen[0].args == "vis 2023" and seen[0].user_id == "U0001"
        help_text = str(harness.sender.command("hjelp").json()["blocks"])
        assert "/tilsyn demo …`: en demo" in help_text
        broken = harness.sender.command("Ødelagt")
        assert "feilkode" in broken.json()["text"]
        assert harness.answering.asked == []


def test_healthz_is_honest_when_the_vector_store_is_gone(
    slack_settings: Settings, slack_api: FakeSlackAPI, answering: FakeAnswering
) -> None:
    from ingest.index.health import StoreProbe

    def lost() -> int:
        raise ConnectionError("chroma server went away")

    services = make_services(slack_settings, answering)
    services.store_health = StoreProbe(slack_settings, count=lost, expected=lambda: 42)
    services.assistant = Assistant(answering, store_health=services.store_health)
    app = create_app(slack_settings, services=services)
    with RunningApp(build_asgi(app, services), app) as running:
        body = httpx.get(f"{running.root}/healthz").json()
        assert body["status"] == "degraded" and body["index"]["available"] is False
        assert body["vector_store"] == {"ok": False, "chunks": None, "reason": "unavailable"}
        sender = SlackSender(running.url, SIGNING_SECRET)
        sender.event({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                      "ts": "1700000200.000100", "text": "Hva sier § 4?"})
        answer = slack_api.wait_for("chat.postMessage")
        assert "Vektorindeksen er utilgjengelig" in answer.text_content  # the answer says it is keyword-only
        sender.close()
    services.engine.dispose()


def test_store_probe_counts_the_real_store_against_the_state(settings: Settings) -> None:
    from ingest.index.health import StoreProbe

    probe = StoreProbe(settings, expected=lambda: 10)  # the state file promises 10 chunks; the store is empty
    assert probe.check() == StoreHealth(ok=False, chunks=0, reason="missing_chunks")
    assert StoreProbe(settings, expected=lambda: 0).check().reason == "not_built"


def test_a_click_is_acked_while_the_database_is_locked(harness: Harness) -> None:
    import sqlite3
    import threading

    answer_id = _answer_in_dm(harness, "Hva sier § 4?")
    locker = sqlite3.connect(harness.services.settings.resolved_database_url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    acked = threading.Event()
    statuses: list[int] = []

    def click() -> None:
        statuses.append(harness.sender.action(block_action("feedback_up", answer_id, user_id="U0002",
                                                           response_url=harness.slack.response_url())).status_code)
        acked.set()

    threading.Thread(target=click, daemon=True).start()
    try:
        # Before the fix bolt gave up waiting for the ack after 3 s and answered with an error status.
        assert acked.wait(15), "the click's ack waited for the database"
        assert statuses == [200]
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    harness.slack.wait_for("response_url")  # stored and confirmed once the database is free
    assert [r.rating for r in FeedbackStore(harness.services.sessions, harness.services.clock).rated()] == ["up"]
