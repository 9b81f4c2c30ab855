"""Generation switched on against the local OpenAI-compatible server, through the real answering service.

A tiny index of hand-made chunks (HashingEmbedder, embedded Chroma in a tmp dir) stands in for the
ingested corpus, so the whole path runs: retrieval -> extractive answer -> model -> citation check.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.assistant import Assistant
from bot.domain import Answer
from bot.generation.generator import build_generator
from bot.settings import Settings
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.openai_server import OpenAIServer, Reply
from tests.generation.conftest import K2, K4, KL25, LETTER

QUESTION = "Hva sier krisesenterlova § 4 om oppfølging av brukarane?"


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


@pytest.fixture
def llm_settings(settings: Settings, server: OpenAIServer) -> Settings:
    return settings.model_copy(
        update={"llm_provider": "openai", "llm_model": "lokal", "llm_base_url": server.base_url, "llm_timeout_s": 60.0}
    )


@pytest.fixture
def answering(llm_settings: Settings, fake_embedder: HashingEmbedder):
    from bot.answering.service import build_answering_service
    from ingest.index.chroma_store import ChunkStore

    chunks = [K4, K2, KL25, LETTER]
    ChunkStore(llm_settings, fake_embedder).upsert(chunks, fake_embedder.embed_documents([c.text for c in chunks]))
    return build_answering_service(llm_settings, embedder=fake_embedder)


def _cited_pid(body: str, section: str) -> str:
    """The passage id the prompt gave the chunk with `section` (retrieval decides the order)."""
    import re

    prompt = json.loads(body)["messages"][1]["content"]
    match = re.search(rf'id="(P\d+)" kilde="krisesenterlova"[^>]*paragraf="{re.escape(section)}"', prompt)
    assert match, "the cited § should be among the passages sent"
    return match.group(1)


def test_checked_generated_answer_through_the_real_answering_service(
    llm_settings: Settings, server: OpenAIServer, answering
) -> None:
    assistant = Assistant(answering, generator=build_generator(llm_settings))
    extractive = answering.answer(QUESTION)
    assert not extractive.abstained

    # First call: learn which id the § got, then script a reply that cites it.
    server.script(Reply(content="Ikke noe svar."))
    assert assistant.ask(QUESTION).generated is False  # no citation -> the extractive answer
    pid = _cited_pid(server.bodies[-1], "§ 4")
    server.script(Reply(content=f"Kommunen skal sørge for helhetlig oppfølging, jf. krisesenterlova § 4 [{pid}]."))
    answer = assistant.ask(QUESTION)

    assert answer.generated
    assert [c.chunk_id for c in answer.citations] == [K4.chunk_id]
    assert answer.hits == extractive.hits
    assert answer.currency_notes == extractive.currency_notes


def test_invented_section_through_the_real_answering_service_shows_the_extractive_answer(
    llm_settings: Settings, server: OpenAIServer, answering
) -> None:
    server.script(Reply(content="Kommunen må ha brukarråd etter krisesenterlova § 14 [P1]."))
    answer: Answer = Assistant(answering, generator=build_generator(llm_settings)).ask(QUESTION)
    assert not answer.generated
    assert answer.text == answering.answer(QUESTION).text
    assert all("§ 14" not in c.label for c in answer.citations)


def _cli_ask(settings: Settings, answering, *argv: str) -> dict:
    import io

    from bot.cli.main import build_parser

    args = build_parser().parse_args(["ask", "--json", *argv])
    out = io.StringIO()
    assert args.handler(args, settings, service=answering, stdout=out) == 0
    return json.loads(out.getvalue())


def test_cli_ask_json_shows_the_checked_generated_answer(llm_settings: Settings, server: OpenAIServer, answering) -> None:
    server.script(Reply(content="Ikke noe svar."))
    _cli_ask(llm_settings, answering, QUESTION)
    pid = _cited_pid(server.bodies[-1], "§ 4")
    server.script(Reply(content=f"Tjenestene skal samordnes, jf. krisesenterlova § 4 [{pid}]."))
    result = _cli_ask(llm_settings, answering, QUESTION)
    assert result["generated"] is True
    assert result["answer"].startswith("Tjenestene skal samordnes, jf. krisesenterlova § 4 (krisesenterlova § 4).")
    assert [s["chunk_id"] for s in result["sources"]] == [K4.chunk_id]


def test_cli_ask_json_falls_back_on_rate_limit(llm_settings: Settings, server: OpenAIServer, answering) -> None:
    server.script(Reply(status=429))
    result = _cli_ask(llm_settings, answering, QUESTION)
    assert result["generated"] is False and not result["abstained"]
    assert result["answer"] == answering.answer(QUESTION).text
    assert len(server.requests) == 1
