"""Generation inside the question pipeline every surface uses (bot.assistant.Assistant)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.assistant import Assistant
from bot.domain import Answer, Audience
from bot.generation.generator import build_generator
from bot.settings import Settings
from tests.fakes.chat_model import ScriptedChatModel


class FixedAnswering:
    """An answering port that returns a prepared extractive answer and records what it was asked."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self.questions: list[str] = []

    def answer(self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC) -> Answer:
        self.questions.append(question)
        return self._answer.model_copy(update={"question": question})


def test_assistant_returns_the_checked_generated_answer(settings: Settings, fallback: Answer) -> None:
    model = ScriptedChatModel(script=["Tjenestene skal samordnes, jf. krisesenterlova § 4 [P1]."])
    assistant = Assistant(FixedAnswering(fallback), generator=build_generator(settings, chat_model=model))
    answer = assistant.ask("Hva krever loven om oppfølging?")
    assert answer.generated
    assert answer.text.startswith("Tjenestene skal samordnes, jf. krisesenterlova § 4 (krisesenterlova § 4).\n\nMerk: § 2")
    assert [c.label for c in answer.citations] == ["krisesenterlova § 4 første ledd"]
    assert answer.currency_notes == fallback.currency_notes


def test_assistant_shows_the_extractive_answer_when_the_model_invents_a_source(
    settings: Settings, fallback: Answer
) -> None:
    model = ScriptedChatModel(script=["Kommunen må ha brukarråd etter krisesenterlova § 8 [P1]."])
    assistant = Assistant(FixedAnswering(fallback), generator=build_generator(settings, chat_model=model))
    answer = assistant.ask("Hva krever loven om oppfølging?")
    assert not answer.generated
    assert answer.text == fallback.text and answer.citations == fallback.citations


def test_assistant_never_sends_an_abstention_to_the_model(settings: Settings, fallback: Answer) -> None:
    model = ScriptedChatModel(script=["Noe oppdiktet [P1]."])
    abstained = fallback.model_copy(update={"abstained": True, "text": "Jeg finner ikke grunnlag.", "citations": []})
    assistant = Assistant(FixedAnswering(abstained), generator=build_generator(settings, chat_model=model))
    answer = assistant.ask("Hva er telefonnummeret til Oslo krisesenter?")
    assert answer.abstained and not answer.generated
    assert model.calls == []


def test_identity_number_in_the_question_reaches_neither_answering_nor_model(
    settings: Settings, fallback: Answer, identity_number: str
) -> None:
    model = ScriptedChatModel(script=["Tjenestene skal samordnes [P1]."])
    answering = FixedAnswering(fallback)
    assistant = Assistant(answering, generator=build_generator(settings, chat_model=model))
    assistant.ask(f"Beboer {identity_number} trenger oppfølging, hva sier loven?", context=[f"fnr {identity_number}"])
    assert identity_number not in answering.questions[0]
    assert identity_number not in model.prompts[0]
