"""A message with a fødselsnummer is not answered, the user is asked to delete it, and the number
appears in no log line, no database file and never reaches the answering service (or an index)."""

from __future__ import annotations

import logging
import time

import pytest

from bot.privacy import is_identity_number
from tests.slack.conftest import Harness


def valid_identity_number(birth: str = "010190") -> str:
    for personal in range(100, 1000):
        for checks in range(100):
            candidate = f"{birth}{personal:03d}{checks:02d}"
            if is_identity_number(candidate):
                return candidate
    raise AssertionError("no valid number found")


def test_identity_number_is_warned_and_never_stored_or_logged(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    number = valid_identity_number()
    spaced = f"{number[:6]} {number[6:]}"
    harness.sender.event({"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000100.000100",
                          "text": f"<@UBOT> Beboer {spaced} trenger bolig, hva sier § 4?"})
    warning = harness.slack.wait_for("chat.postMessage")
    assert warning.params["thread_ts"] == "1700000100.000100"
    assert "fødselsnummer" in warning.text_content and "Slett meldingen" in warning.text_content
    assert number not in warning.text_content and spaced not in warning.text_content
    assert harness.answering.asked == []  # never sent to retrieval, an index or a model

    # a thread follow-up without the number is answered, but the number in the thread is not context
    harness.slack.add_message("C0001", "1700000100.000100", f"<@UBOT> Beboer {spaced} trenger bolig")
    harness.sender.event({"type": "message", "channel_type": "channel", "user": "U0001", "channel": "C0001",
                          "ts": "1700000300.000100", "thread_ts": "1700000100.000100", "text": "Hva sier § 4?"})
    second = harness.slack.wait_for("chat.postMessage", count=2)
    assert "fødselsnummer" in second.text_content  # still warned: the thread holds the number
    assert harness.answering.asked == []

    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        assert number not in line and spaced not in line
    harness.services.engine.dispose()
    for path in harness.services.settings.data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert number.encode() not in content and spaced.encode() not in content, path


def test_log_lines_carry_ids_not_message_text(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    harness.sender.event({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                          "ts": "1700000200.000100", "text": "Hemmelig spørsmål om Frogner"})
    harness.slack.wait_for("chat.postMessage")
    deadline = time.monotonic() + 60  # the log line follows the post; a loaded machine may take a while
    while not any("answered" in r.getMessage() and "D0002" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "no 'answered' log line with the channel id"
        time.sleep(0.05)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("tilsynsbot")]
    assert not any("Hemmelig" in line for line in lines)


def _all_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() + (r.exc_text or "") for r in caplog.records]


def test_no_logger_writes_questions_or_answers_even_at_debug(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("slack_sdk", "slack_bolt", "tilsynsbot", "tilsynsbot.slack.bolt"):
        caplog.set_level(logging.DEBUG, logger=name)
    harness.sender.event({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                          "ts": "1700000200.000100", "text": "Hemmelig spørsmål om Frogner"})
    harness.slack.wait_for("chat.postMessage")
    deadline = time.monotonic() + 60
    while not any("answered" in line and "D0002" in line for line in _all_lines(caplog)):
        assert time.monotonic() < deadline, "no 'answered' log line"
        time.sleep(0.05)
    assert any(r.name.startswith("slack_sdk") for r in caplog.records)  # the SDK did log at DEBUG ...
    lines = _all_lines(caplog)
    assert not any("Hemmelig" in line for line in lines)  # ... but not the question
    assert not any("krisesentertilbud og oppfølging" in line for line in lines)  # nor the answer


def test_failed_signature_check_does_not_log_the_body(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    from tests.fakes.slack_requests import event_body

    caplog.set_level(logging.INFO)
    body = event_body({"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002",
                       "ts": "1700000200.000100", "text": "Hemmelig spørsmål om Frogner"})
    assert harness.sender.post(body, "application/json", signature="v0=" + "0" * 64).status_code == 401
    assert any("signature" in line.lower() for line in _all_lines(caplog))
    assert not any("Hemmelig" in line for line in _all_lines(caplog))
