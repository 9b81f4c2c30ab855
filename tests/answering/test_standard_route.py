"""The officers' standard answer in the assistant's routes: served instead of retrieval, never
rewritten by the generator, and, not being retrieved from the store, never told to be "keywords
only" when the vector store is down; with the records too (the combined route) the same."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.assistant import Assistant, Route
from bot.domain import Answer, Audience, SearchHit
from bot.texts.answers import KEYWORD_ONLY_NOTE
from tests.fakes.answering import FakeAnswering

STANDARD = "Standardsvar fra Statsforvalteren: bydelen bestiller tolk."
RECORDS = "Bydel Frogner fikk lovbrudd i 2023."


class Standard:
    def answer_for(self, question: str) -> Answer | None:
        return Answer(question=question, text=STANDARD, abstained=False) if "tolk" in question else None


class Findings:
    def __init__(self, route: Route) -> None:
        self._route = route

    def route(self, question: str) -> Route:
        return self._route

    def answer_question(self, question: str, *, audience: Audience = Audience.PUBLIC) -> Answer:
        return Answer(question=question, text=RECORDS, abstained=False)


class StoreDown:
    ok = False

    def latest(self) -> StoreDown:
        return self


class Generator:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def generate(self, question: str, *, context: Sequence[str], hits: Sequence[SearchHit], fallback: Answer) -> Answer:
        self.asked.append(question)
        return fallback.model_copy(update={"generated": True})


@pytest.mark.parametrize("route", [Route.KNOWLEDGE, Route.BOTH])
def test_a_standard_answer_is_served_as_approved_in_every_knowledge_route(route: Route) -> None:
    answering, generator = FakeAnswering(), Generator()
    assistant = Assistant(answering, findings=Findings(route), generator=generator, store_health=StoreDown(),
                          standard_answers=Standard())
    answer = assistant.ask("hvem bestiller tolk?")
    assert STANDARD in answer.text and (RECORDS in answer.text) is (route is Route.BOTH)
    assert KEYWORD_ONLY_NOTE not in answer.notes and not answer.generated
    assert answering.asked == [] and generator.asked == []


@pytest.mark.parametrize("route", [Route.KNOWLEDGE, Route.BOTH])
def test_a_retrieved_answer_still_says_the_store_is_down(route: Route) -> None:
    generator = Generator()
    assistant = Assistant(FakeAnswering(), findings=Findings(route), generator=generator, store_health=StoreDown(),
                          standard_answers=Standard())
    answer = assistant.ask("hva sier § 4?")
    assert KEYWORD_ONLY_NOTE in answer.notes and answer.generated and generator.asked == ["hva sier § 4?"]
