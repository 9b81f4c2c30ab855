"""The fake Web API must behave like Slack where the app depends on it (others' tests rely on it too)."""

from __future__ import annotations

import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.fakes.slack_api import FakeSlackAPI


@pytest.fixture
def slack(slack_api: FakeSlackAPI) -> FakeSlackAPI:
    """This file's name for the shared fake Web API (tests/conftest.py)."""
    return slack_api


def test_post_is_recorded_and_threaded_replies_are_returned(slack: FakeSlackAPI) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.base_url)
    slack.add_message("C1", "1700.1", "Hva er kravene?")
    client.chat_postMessage(channel="C1", thread_ts="1700.1", text="svar", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "hei"}}])
    call = slack.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1700.1"
    assert "hei" in call.text_content
    replies = client.conversations_replies(channel="C1", ts="1700.1")["messages"]
    assert [m["text"] for m in replies] == ["Hva er kravene?", "svar"]


def test_wrong_token_and_configured_failure(slack: FakeSlackAPI) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xoxb-wrong", base_url=slack.base_url).auth_test()
    assert err.value.response["error"] == "invalid_auth"
    client = WebClient(token=slack.bot_token, base_url=slack.base_url)
    slack.fail("chat.postMessage", "channel_not_found", times=1)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="x")
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_rate_limit_is_retried_by_the_sdk_handler(slack: FakeSlackAPI) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    slack.rate_limit("chat.postMessage", times=1, retry_after=0)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_download_needs_the_bot_token(slack: FakeSlackAPI) -> None:
    f = slack.add_file("plan.pdf", b"%PDF-1.4 data", mimetype="application/pdf")
    req = urllib.request.Request(f["url_private_download"], headers={"Authorization": f"Bearer {slack.bot_token}"})
    with urllib.request.urlopen(req) as resp:
        assert resp.read() == b"%PDF-1.4 data"
        assert resp.headers["Content-Type"] == "application/pdf"
    with urllib.request.urlopen(f["url_private_download"]) as resp:
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/html")


def test_files_upload_v2_round_trip(slack: FakeSlackAPI) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.base_url)
    result = client.files_upload_v2(channel="C1", content=b"rapport", filename="r.txt", title="Rapport")
    file_id = result["files"][0]["id"]
    assert slack.file_bytes[file_id] == b"rapport"
    assert slack.calls_to("files.completeUploadExternal")


def test_response_url_posts_are_recorded(slack: FakeSlackAPI) -> None:
    from slack_sdk.webhook import WebhookClient

    url = slack.response_url("cmd1")
    assert WebhookClient(url).send(text="Jeg ser på det …", response_type="ephemeral").status_code == 200
    call = slack.wait_for("response_url")
    assert call.params["text"] == "Jeg ser på det …" and call.params["_path"] == "/response/cmd1"
