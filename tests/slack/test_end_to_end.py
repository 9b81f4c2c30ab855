"""The whole stack behind Slack: real services (`build_services`) over a tiny indexed corpus.

A mention goes through bolt, the assistant pipeline (findings routing included), the real
answering service over embedded Chroma with `HashingEmbedder`, and comes back as a threaded
answer citing the indexed §, with a link and the index date.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.domain import Chunk, Passage, SourceKind
from bot.services import build_services
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender
from tests.slack.conftest import SIGNING_SECRET

KRL = "LOV-2009-06-19-44"


def _law(number: str, section_title: str, text: str) -> Chunk:
    return Chunk(
        chunk_id=f"{KRL}|§{number}|0", source_id="krisesenterlova", doc_id=KRL, kind=SourceKind.LAW,
        title="Lov om kommunale krisesentertilbod (krisesenterlova)", short_title="krisesenterlova",
        section_key=f"§{number}", section=f"§ {number}", section_title=section_title,
        heading_path=[f"§ {number} {section_title}"], text=text, passages=[Passage(text=text, ledd=1)],
        language="nn", url=f"https://lovdata.no/lov/2009-06-19-44/§{number}",
    )


CHUNKS = [
    _law("4", "Heilskapleg oppfølging",
         "Kommunen skal sørgje for at brukarar av krisesentertilbodet får ei heilskapleg oppfølging ved at "
         "tenester frå ulike delar av tenesteapparatet blir samordna, jf. § 3."),
    _law("2", "Kommunen si plikt til å sørgje for eit krisesentertilbod",
         "Kommunen skal sørgje for eit krisesentertilbod til kvinner, menn og barn som er utsette for vald "
         "eller truslar om vald i nære relasjonar."),
]


@pytest.fixture
def running(settings: Settings, fake_embedder: HashingEmbedder) -> Iterator[tuple[FakeSlackAPI, RunningApp]]:
    from ingest.index.chroma_store import ChunkStore

    ChunkStore(settings, fake_embedder).upsert(CHUNKS, fake_embedder.embed_documents([c.text for c in CHUNKS]))
    with FakeSlackAPI() as slack:
        cfg = settings.model_copy(update={"slack_bot_token": slack.bot_token, "slack_signing_secret": SIGNING_SECRET,
                                          "slack_api_url": slack.base_url, "slack_workers": 4,
                                          # no background scheduler: it would outlive the test and run its
                                          # jobs (reminders, digests, indexing) during later tests
                                          "intake_scheduler_interval_s": 0.0})
        services = build_services(cfg, embedder=fake_embedder)
        bolt_app = create_app(cfg, services=services)
        with RunningApp(build_asgi(bolt_app, services), bolt_app) as app:
            yield slack, app


def test_mention_answered_from_the_real_index_with_the_cited_section(running: tuple[FakeSlackAPI, RunningApp]) -> None:
    slack, app = running
    sender = SlackSender(app.url, SIGNING_SECRET)
    sender.event({"type": "app_mention", "user": "U0001", "channel": "C0001", "ts": "1700000100.000100",
                  "text": "<@UBOT> Hva sier krisesenterlova § 4 om heilskapleg oppfølging?"})
    call = slack.wait_for("chat.postMessage", timeout=60)
    sender.close()
    assert call.params["thread_ts"] == "1700000100.000100"
    content = call.text_content
    assert "<https://lovdata.no/lov/2009-06-19-44/§4|" in content
    assert "krisesenterlova § 4" in content
    assert any(b["type"] == "actions" for b in call.blocks)
