"""Questions asked through each Slack surface are answered where the user asked, with sources."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models_core import AnswerRecord
from tests.slack.conftest import Harness

MENTION = {"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000100.000100",
           "text": "<@UBOT> Hva sier krisesenterlova § 4 om reetablering?"}


def test_mention_is_answered_in_thread_with_sources(harness: Harness) -> None:
    response = harness.sender.event(MENTION)
    assert response.status_code == 200
    call = harness.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0001"
    assert call.params["thread_ts"] == MENTION["ts"]
    content = call.text_content
    assert "reetableringsfasen" in content
    assert "<https://lovdata.no/lov/2009-06-19-44/§4|krisesenterlova § 4>" in content
    assert "samordne tenester" in content  # the quote
    assert "20.11.2026" in content  # index date
    assert "endra ved lov 20. juni 2025" in content  # currency warning
    actions = [b for b in call.blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == ["feedback_up", "feedback_down"]
    # the question reached the answering service without the mention markup
    assert harness.answering.asked[0].question == "Hva sier krisesenterlova § 4 om reetablering?"


def test_direct_message_is_answered_in_the_dm(harness: Harness) -> None:
    harness.sender.event({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                          "ts": "1700000200.000100", "text": "Hva er internkontroll?"})
    call = harness.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "D0002"
    assert "thread_ts" not in call.params or call.params["thread_ts"] is None
    assert "krisesenterlova § 4" in call.text_content


def test_follow_up_in_answered_thread_needs_no_mention_and_carries_context(harness: Harness) -> None:
    slack = harness.slack
    slack.add_message("C0001", MENTION["ts"], MENTION["text"], user="U0001")
    harness.sender.event(MENTION)
    slack.wait_for("chat.postMessage")
    follow_up = {"type": "message", "channel_type": "channel", "user": "U0001", "channel": "C0001",
                 "ts": "1700000300.000100", "thread_ts": MENTION["ts"], "text": "Og hva med § 5?"}
    slack.add_message("C0001", follow_up["ts"], follow_up["text"], thread_ts=MENTION["ts"])
    harness.sender.event(follow_up)
    second = slack.wait_for("chat.postMessage", count=2)
    assert second.params["thread_ts"] == MENTION["ts"]
    asked = harness.answering.asked[-1]
    assert asked.question == "Og hva med § 5?"
    assert asked.context == ["Hva sier krisesenterlova § 4 om reetablering?"]


def test_channel_chatter_and_unanswered_threads_are_ignored(harness: Harness) -> None:
    harness.sender.event({"type": "message", "channel_type": "channel", "user": "U0001", "channel": "C0001",
                          "ts": "1700000400.000100", "text": "lunsj?"})
    harness.sender.event({"type": "message", "channel_type": "channel", "user": "U0001", "channel": "C0001",
                          "ts": "1700000500.000100", "thread_ts": "1700000001.000001", "text": "svar i annen tråd"})
    harness.sender.event({"type": "message", "channel_type": "im", "user": "U0009", "channel": "D0009",
                          "ts": "1700000600.000100", "text": "ping"})  # a marker we can wait for
    harness.slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "D0009")
    assert [c.params["channel"] for c in harness.slack.calls_to("chat.postMessage")] == ["D0009"]


def test_slash_command_acks_at_once_and_answers_privately(harness: Harness) -> None:
    url = harness.slack.response_url("cmd")
    response = harness.sender.command("hva krever § 4?", response_url=url, channel_id="C0042")
    assert response.status_code == 200
    assert response.json()["text"] == "Jeg ser på det …"
    call = harness.slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert "krisesenterlova § 4" in " ".join(str(b) for b in call.params["blocks"])
    assert not harness.slack.calls_to("chat.postMessage")


def test_slash_help_lists_what_the_bot_does(harness: Harness) -> None:
    response = harness.sender.command("hjelp", response_url=harness.slack.response_url())
    assert response.status_code == 200
    shown = " ".join(str(b) for b in response.json()["blocks"])
    assert "/tilsyn" in shown and "fødselsnummer" in shown
    assert harness.answering.asked == []


def test_long_answer_is_split_within_slack_limits(harness: Harness) -> None:
    harness.answering.long_answer = True
    harness.sender.event(MENTION)
    calls = harness.slack.wait_for_all("chat.postMessage", count=2)
    for call in calls:
        assert len(call.blocks) <= 50
        assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in call.blocks if b["type"] == "section")
    actions = [b for c in calls for b in c.blocks if b["type"] == "actions"]
    assert len(actions) == 1  # buttons only once, on the last message


def test_unread_attachment_is_named_in_the_answer(harness: Harness) -> None:
    harness.sender.event({"type": "message", "subtype": "file_share", "channel_type": "im", "user": "U0002",
                          "channel": "D0002", "ts": "1700000700.000100", "text": "Er denne rutinen god nok?",
                          "files": [{"id": "F1", "name": "rutine.pdf"}]})
    call = harness.slack.wait_for("chat.postMessage")
    assert "«rutine.pdf»" in call.text_content


def test_answers_are_recorded_for_feedback(harness: Harness) -> None:
    harness.sender.event(MENTION)
    harness.slack.wait_for("chat.postMessage")
    with harness.services.sessions() as session:
        records = session.execute(select(AnswerRecord)).scalars().all()
    assert len(records) == 1 and records[0].sources[0]["label"] == "krisesenterlova § 4"


def test_file_without_question_is_named_and_not_sent_to_answering(harness: Harness) -> None:
    harness.sender.event({"type": "message", "subtype": "file_share", "channel_type": "im", "user": "U0002",
                          "channel": "D0002", "ts": "1700000800.000100", "text": "",
                          "files": [{"id": "F2", "name": "plan.docx"}]})
    call = harness.slack.wait_for("chat.postMessage")
    assert "«plan.docx»" in call.text_content
    assert harness.answering.asked == []


def test_bare_mention_asks_for_a_question(harness: Harness) -> None:
    harness.sender.event({**MENTION, "text": "<@UBOT>"})
    call = harness.slack.wait_for("chat.postMessage")
    assert "fant ikke noe spørsmål" in call.text_content
    assert harness.answering.asked == []


def test_officers_get_officer_sources_only_where_no_one_else_reads(
    slack_settings, slack_api, answering  # noqa: ANN001 - fixtures
) -> None:
    from bot.domain import Audience
    from bot.slack.app import create_app
    from bot.slack.server import build_asgi
    from tests.fakes.slack_requests import RunningApp, SlackSender
    from tests.slack.conftest import SIGNING_SECRET, make_services

    cfg = slack_settings.model_copy(update={"officer_usergroup_ids": ["SOFF"]})
    slack_api.add_usergroup("SOFF", ["UOFF"])
    services = make_services(cfg, answering)
    app = create_app(cfg, services=services)
    with RunningApp(build_asgi(app, services), app) as running:
        sender = SlackSender(running.url, SIGNING_SECRET)
        sender.event({**MENTION, "user": "UOFF"})  # public channel: everyone reads the answer
        slack_api.wait_for("chat.postMessage")
        sender.event({"type": "message", "channel_type": "im", "user": "UOFF", "channel": "D0OFF",
                      "ts": "1700000900.000100", "text": "Hva er levert fra Frogner?"})
        slack_api.wait_for("chat.postMessage", count=2)
        sender.event({"type": "message", "channel_type": "im", "user": "U0001", "channel": "D0001",
                      "ts": "1700000901.000100", "text": "Hva er levert fra Frogner?"})
        slack_api.wait_for("chat.postMessage", count=3)
        sender.close()
    assert [a.audience for a in answering.asked] == [Audience.PUBLIC, Audience.OFFICERS, Audience.PUBLIC]
