"""The real ChatOpenAI client against a local OpenAI-compatible server: HTTP failures fall back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from bot.domain import Answer, SearchHit
from bot.generation.generator import Generator, build_generator
from bot.settings import Settings
from tests.fakes.openai_server import OpenAIServer, Reply

GOOD = "Kommunen skal samordne tjenestene, jf. krisesenterlova § 4 [P1]. Tre bydeler brøt loven [P2]."


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def llm_generator(settings: Settings, server: OpenAIServer, timeout_s: float = 60.0) -> Generator:
    """Generous default budget: only the timeout test wants the budget to run out."""
    generator = build_generator(
        settings.model_copy(
            update={
                "llm_provider": "openai",
                "llm_model": "lokal-modell",
                "llm_base_url": server.base_url,
                "llm_api_key": "test-key",
                "llm_timeout_s": timeout_s,
            }
        )
    )
    assert generator is not None
    return generator


def ask(generator: Generator, fallback: Answer, hits: list[SearchHit], **kwargs: object) -> Answer:
    return generator.generate(kwargs.pop("question", fallback.question), context=kwargs.pop("context", ()), hits=hits, fallback=fallback)


def test_good_answer_over_http_passes(settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit]) -> None:
    server.script(Reply(content=GOOD))
    answer = ask(llm_generator(settings, server), fallback, hits)
    assert answer.generated
    assert "(krisesenterlova § 4)" in answer.text and "(Informasjonsskriv 2/2024, «Hva fant vi i tilsynet?»)" in answer.text
    assert len(answer.citations) == 2
    body = json.loads(server.bodies[0])
    assert body["model"] == "lokal-modell"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert server.requests[0]["path"] == "/v1/chat/completions"


def test_hallucinated_section_over_http_falls_back(
    settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit]
) -> None:
    server.script(Reply(content="Kommunen må ha brukarråd, jf. krisesenterlova § 12 [P1]."))
    assert ask(llm_generator(settings, server), fallback, hits) == fallback


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limit_and_server_errors_fall_back_without_retrying(
    status: int, settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit]
) -> None:
    server.script(Reply(status=status))
    assert ask(llm_generator(settings, server), fallback, hits) == fallback
    assert len(server.requests) == 1  # no retries eating the time budget


def test_timeout_falls_back_within_the_budget(
    settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit]
) -> None:
    server.script(Reply(content=GOOD, delay_s=60.0))  # released when the server stops
    generator = llm_generator(settings, server, timeout_s=0.5)
    started = time.monotonic()
    answer = ask(generator, fallback, hits)
    elapsed = time.monotonic() - started
    assert answer == fallback
    # The 0.5 s budget, not the model, decided: the fallback came long before the model's reply. (No
    # tighter bound: a loaded CI machine can stall any thread for seconds.)
    assert elapsed < 30.0


@pytest.mark.parametrize("raw", ["this is not json", json.dumps({"choices": "nonsense"}), json.dumps({"choices": []})])
def test_malformed_output_falls_back(
    raw: str, settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit]
) -> None:
    server.script(Reply(raw=raw))
    assert ask(llm_generator(settings, server), fallback, hits) == fallback


def test_unreachable_provider_falls_back(settings: Settings, fallback: Answer, hits: list[SearchHit]) -> None:
    with OpenAIServer() as gone:
        url = gone.base_url
    generator = build_generator(
        settings.model_copy(update={"llm_provider": "openai", "llm_model": "m", "llm_base_url": url, "llm_timeout_s": 2.0})
    )
    assert generator.generate(fallback.question, context=(), hits=hits, fallback=fallback) == fallback


def test_request_body_sent_to_the_provider_holds_no_identity_number(
    settings: Settings, server: OpenAIServer, fallback: Answer, hits: list[SearchHit], identity_number: str
) -> None:
    from tests.generation.conftest import INJECTED, hit

    leaky = INJECTED.model_copy(update={"text": f"Beboer {identity_number} flyttet inn i mai."})
    server.script(Reply(content=GOOD))
    ask(
        llm_generator(settings, server),
        fallback,
        [*hits, hit(leaky, 0.4)],
        question=f"Hva gjelder for {identity_number}?",
        context=[f"Saken gjelder fnr {identity_number[:6]}-{identity_number[6:]}"],
    )
    raw = server.bodies[0]
    assert identity_number not in raw and identity_number[6:] not in raw
    assert "fødselsnummer fjernet" in json.loads(raw)["messages"][1]["content"]
