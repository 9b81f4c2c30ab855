"""Generation switched on against the local OpenAI-compatible server, seen from Slack.

The whole stack: a signed mention -> bolt -> `build_services` (real answering over a tiny index,
generator built from LLM_* settings) -> the model on 127.0.0.1 -> the posted Block Kit message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.services import build_services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from bot.texts import slack as slack_texts
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.openai_server import OpenAIServer, Reply
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender
from tests.generation.conftest import K2, K4, KL25, LETTER
from tests.slack.conftest import SIGNING_SECRET

MENTION = {"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000200.000100",
           "text": "<@UBOT> Hva sier krisesenterlova § 4 om heilskapleg oppfølging?"}


def cite(section: str, claim: str) -> Any:
    """A reply that cites whichever passage id the prompt gave the krisesenterlova chunk with `section`."""

    def respond(request: dict[str, Any]) -> str:
        prompt = request["messages"][1]["content"]
        match = re.search(rf'id="(P\d+)" kilde="krisesenterlova"[^>]*paragraf="{re.escape(section)}"', prompt)
        return claim.format(pid=match.group(1) if match else "P99")

    return respond


@pytest.fixture
def stack(settings: Settings, fake_embedder: HashingEmbedder) -> Iterator[tuple[FakeSlackAPI, OpenAIServer, SlackSender]]:
    from ingest.index.chroma_store import ChunkStore

    chunks = [K4, K2, KL25, LETTER]
    ChunkStore(settings, fake_embedder).upsert(chunks, fake_embedder.embed_documents([c.text for c in chunks]))
    with FakeSlackAPI() as slack, OpenAIServer() as llm:
        cfg = settings.model_copy(update={
            "slack_bot_token": slack.bot_token, "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": slack.base_url, "slack_workers": 4,
            "intake_scheduler_interval_s": 0.0,  # no scheduler thread outliving the test (jobs run into later tests)
            "llm_provider": "openai", "llm_model": "lokal", "llm_base_url": llm.base_url,
            # Generous: these tests expect the model's reply (or a fast failure); a tight budget turns a
            # slow, loaded CI machine into a silent fallback to the extractive answer.
            "llm_timeout_s": 60.0,
        })
        services = build_services(cfg, embedder=fake_embedder)
        bolt_app = create_app(cfg, services=services)
        with RunningApp(build_asgi(bolt_app, services), bolt_app) as app:
            sender = SlackSender(app.url, SIGNING_SECRET)
            yield slack, llm, sender
            sender.close()


def test_slack_shows_the_checked_generated_answer(stack: tuple[FakeSlackAPI, OpenAIServer, SlackSender]) -> None:
    slack, llm, sender = stack
    llm.script(Reply(respond=cite("§ 4", "Tjenestene skal samordnes for hver bruker, jf. krisesenterlova § 4 [{pid}].")))
    sender.event(MENTION)
    content = slack.wait_for("chat.postMessage", timeout=60).text_content
    assert "Tjenestene skal samordnes for hver bruker" in content
    assert slack_texts.GENERATED_NOTE in content
    assert "https://lovdata.no/lov/2009-06-19-44/§4" in content
    assert "kommuneloven § 25-1" not in content  # retrieved, but not cited: not shown as a source
    assert "[P" not in content


def test_slack_shows_the_extractive_answer_when_the_model_invents_a_section(
    stack: tuple[FakeSlackAPI, OpenAIServer, SlackSender],
) -> None:
    slack, llm, sender = stack
    llm.script(Reply(respond=cite("§ 4", "Brukerne har rett til advokat, jf. krisesenterlova § 13 [{pid}].")))
    sender.event(MENTION)
    content = slack.wait_for("chat.postMessage", timeout=60).text_content
    assert len(llm.requests) == 1
    assert "advokat" not in content and "§ 13" not in content
    assert slack_texts.GENERATED_NOTE not in content
    assert "krisesenterlova § 4" in content


def test_slack_answers_when_the_provider_is_rate_limited(stack: tuple[FakeSlackAPI, OpenAIServer, SlackSender]) -> None:
    slack, llm, sender = stack
    llm.script(Reply(status=429))
    sender.event(MENTION)
    content = slack.wait_for("chat.postMessage", timeout=60).text_content
    assert "krisesenterlova § 4" in content and slack_texts.GENERATED_NOTE not in content
