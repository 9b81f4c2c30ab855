"""Hostile and careless input over real HTTP: bounded work, escaped echoes, clean 4xx (issue 13)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_requests import event_body, sign
from tests.slack.conftest import SIGNING_SECRET, Harness

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


@pytest.mark.parametrize("body, content_type", [
    ('{"type": "event_callback", "event": ', "application/json"),  # broken JSON
    ("payload=not-json", "application/x-www-form-urlencoded"),
    ('{"type": "event_callback", "event_id": "Ev1", "event": "message"}', "application/json"),
    ('{"type": "event_callback", "event_id": "Ev2", "event": {"type": "message", "files": "x"}}', "application/json"),
    ("[1, 2]", "application/json"),
    (urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "U1"},
                                       "view": {"callback_id": "intake:answer", "private_metadata": "{broken"}})}),
     "application/x-www-form-urlencoded"),
    (urlencode({"payload": json.dumps({"type": "block_actions", "user": "U1", "actions": []})}),
     "application/x-www-form-urlencoded"),
])
def test_signed_but_malformed_payloads_get_400_without_a_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    caplog.set_level(logging.INFO)
    assert harness.sender.post(body, content_type).status_code == 400
    assert not [r for r in caplog.records if r.exc_info]


def test_invalid_utf8_body_gets_400(harness: Harness) -> None:
    body = b'{"type": "event_callback", "x": "\xff"}'
    headers = {"Content-Type": "application/json", **sign(SIGNING_SECRET, body.decode("latin-1"))}
    # sign() signs text; sign the raw bytes the way Slack would
    ts = headers["X-Slack-Request-Timestamp"]
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    headers["X-Slack-Signature"] = f"v0={digest}"
    assert harness.sender.client.post(harness.sender.url, content=body, headers=headers).status_code == 400


def test_non_numeric_timestamp_header_is_a_401(harness: Harness) -> None:
    body = event_body({**DM, "text": "hei"})
    assert harness.sender.post(body, "application/json", timestamp="abc").status_code == 401  # type: ignore[arg-type]
    assert harness.sender.post(body, "application/json", timestamp="").status_code == 401  # type: ignore[arg-type]
    _settle_none(harness)


def _settle_none(harness: Harness) -> None:
    import time

    time.sleep(0.3)
    assert harness.answering.asked == []


def test_a_share_with_many_files_gets_one_short_notice(harness: Harness) -> None:
    files = [{"id": f"F{i}", "name": f"vedlegg-{i}.pdf"} for i in range(300)]
    harness.sender.event({**DM, "subtype": "file_share", "text": "", "files": files})
    notice = harness.slack.wait_for("chat.postMessage")
    assert len(notice.blocks) == 1 and "og 295 til" in notice.text_content
