"""The assistant declines overlong questions before any text processing (issue 13, item 1)."""

from __future__ import annotations

import pytest

from bot.assistant import MAX_QUESTION_CHARS, Assistant
from bot.errors import QuestionTooLongError
from tests.fakes.answering import FakeAnswering


class ExplodingFindings:
    """A findings router that fails the test if it ever sees the question."""

    def route(self, question: str) -> object:
        raise AssertionError("routed a question that should have been declined")

    def answer_question(self, question: str, **_: object) -> object:
        raise AssertionError("answered a question that should have been declined")


def test_overlong_question_is_declined_before_routing_or_answering() -> None:
    answering = FakeAnswering()
    assistant = Assistant(answering, findings=ExplodingFindings())  # type: ignore[arg-type]
    with pytest.raises(QuestionTooLongError) as error:
        assistant.ask("x" * 20_000)
    assert "kortere" in error.value.user_message and "20 000" in error.value.user_message
    assert answering.asked == []


def test_question_at_the_limit_is_answered_and_long_context_is_dropped() -> None:
    answering = FakeAnswering()
    Assistant(answering).ask("y" * MAX_QUESTION_CHARS, context=["z" * (MAX_QUESTION_CHARS + 1), "kort"])
    assert answering.asked[0].context == ["kort"]


class Health:
    def __init__(self, ok: bool) -> None:
        self.ok = ok

    def latest(self) -> Health:
        return self


def test_answers_say_so_when_the_vector_store_is_unusable() -> None:
    from bot.texts.answers import KEYWORD_ONLY_NOTE

    down = Assistant(FakeAnswering(), store_health=Health(False)).ask("hva sier § 4?")
    up = Assistant(FakeAnswering(), store_health=Health(True)).ask("hva sier § 4?")
    assert KEYWORD_ONLY_NOTE in down.notes and KEYWORD_ONLY_NOTE not in up.notes
