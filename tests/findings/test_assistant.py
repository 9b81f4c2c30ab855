"""Through `bot.assistant.Assistant`: findings questions use the records, mixed ones get both."""

from __future__ import annotations

from bot.assistant import Assistant
from bot.domain import Audience
from bot.findings.service import FindingsService
from tests.fakes.answering import FakeAnswering


def test_mixed_question_combines_records_and_knowledge(service: FindingsService) -> None:
    answering = FakeAnswering()
    assistant = Assistant(answering, findings=service)
    answer = assistant.ask("hvilke bydeler fikk lovbrudd, og hva sier kommuneloven § 25-1?", audience=Audience.PUBLIC)
    assert answer.text.startswith("I tilsynet «Tilsyn med Oslo kommune som krisesentermyndighet»")
    assert "3 av 15 bydeler" in answer.text and "Informasjonsskrivet navngir ikke bydelene" in answer.text
    assert len(answering.asked) == 1  # the knowledge base answered the law part
    assert answer.citations[0].doc_id == "informasjonsskriv-2-2024"
    assert any(c.doc_id != "informasjonsskriv-2-2024" for c in answer.citations)


def test_findings_question_does_not_reach_the_knowledge_base(service: FindingsService) -> None:
    answering = FakeAnswering()
    answer = Assistant(answering, findings=service).ask("hvor mange bydeler fikk lovbrudd?")
    assert "3 av 15 bydeler" in answer.text and answering.asked == []


def test_law_question_goes_to_the_knowledge_base(service: FindingsService) -> None:
    answering = FakeAnswering()
    Assistant(answering, findings=service).ask("hva sier kommuneloven § 25-1 om internkontroll?")
    assert [a.question for a in answering.asked] == ["hva sier kommuneloven § 25-1 om internkontroll?"]


def test_law_part_of_a_mixed_question_does_not_filter_the_records(service: FindingsService) -> None:
    answering = FakeAnswering()
    answer = Assistant(answering, findings=service).ask("hvilke lovbrudd er ikke lukket, og hva sier krisesenterlova § 4?")
    assert "Lovbrudd som ikke er lukket: 1." in answer.text  # not emptied by the § 4 in the law part
    assert len(answering.asked) == 1
