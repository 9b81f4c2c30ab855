"""Hostile and careless input over real HTTP: bounded work, escaped echoes, clean 4xx (issue 13)."""

from __future__ import annotations

from tests.slack.conftest import Harness

DM = {"type": "message", "channel_type": "im", "user": "U0002", "channel": "D0002", "ts": "1700000300.000100"}


def test_a_40000_character_question_is_declined_with_advice_before_answering(harness: Harness) -> None:
    response = harness.sender.event({**DM, "text": "a" * 40_000})
    assert response.status_code == 200
    notice = harness.slack.wait_for("chat.postMessage")
    assert "kortere spørsmål" in notice.text_content and "feilkode" not in notice.text_content
    assert harness.answering.asked == []  # no text processing, no retrieval


def test_long_earlier_questions_are_not_passed_on_as_context(harness: Harness) -> None:
    harness.slack.add_message("D0002", "1700000300.000100", "b" * 30_000, user="U0002")
    harness.slack.add_message("D0002", "1700000301.000100", "og § 5?", user="U0002")
    harness.sender.event({**DM, "ts": "1700000301.000100", "thread_ts": "1700000300.000100", "text": "og § 5?"})
    harness.slack.wait_for("chat.postMessage")
    assert harness.answering.asked[0].context == []


EVIL_NAME = "<!channel> <https://evil.example|les dette> *viktig* rapport\u202efdp.exe"


def _no_live_markup(text: str) -> None:
    assert "<!channel>" not in text and "<https://evil" not in text  # no @channel, no disguised link
    assert "\u202e" not in text  # no right-to-left override
    assert " *viktig*" not in text and "\u2060*viktig*" in text  # its bold marker is glued: literal


def test_file_names_in_the_not_read_notice_are_escaped(harness: Harness) -> None:
    harness.sender.event({**DM, "subtype": "file_share", "text": "",
                          "files": [{"id": "F1", "name": EVIL_NAME}]})
    notice = harness.slack.wait_for("chat.postMessage")
    _no_live_markup(notice.text_content)
    assert "&lt;!channel&gt;" in notice.text_content


def test_file_names_next_to_a_question_are_escaped_in_the_answer(harness: Harness) -> None:
    harness.sender.event({**DM, "subtype": "file_share", "text": "hva sier § 4?",
                          "files": [{"id": "F1", "name": EVIL_NAME}]})
    answer = harness.slack.wait_for("chat.postMessage")
    _no_live_markup(answer.text_content)
