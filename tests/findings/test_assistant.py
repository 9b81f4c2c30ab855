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


def test_a_findings_question_the_records_do_not_answer_goes_on_to_the_knowledge_base(service: FindingsService) -> None:
    """No tilsyn of 2024 is registered: what the indexed letter says answers instead, and when the
    knowledge base declines too, the records' own "nothing registered" is the answer."""
    asked = "Kva frist fekk den bydelen som ikkje hadde lukka lovbrotet sitt i 2024?"
    answering = FakeAnswering()
    answer = Assistant(answering, findings=service).ask(asked)
    assert [a.question for a in answering.asked] == [asked]
    assert not answer.abstained and answer.citations[0].label == "krisesenterlova § 4"
    # the register's word that it holds nothing for 2024 stays in front of what the letter says
    assert answer.text.startswith("Registeret over tilsynsfunn har ingen opplysninger")
    assert "Kommunen skal sørge for et krisesentertilbud" in answer.text
    # the fake declines what mentions the moon
    declining = FakeAnswering()
    answer = Assistant(declining, findings=service).ask("Kva frist fekk bydelen på månen som ikkje hadde lukka lovbrotet i 2024?")
    assert len(declining.asked) == 1
    assert answer.abstained and "Registeret over tilsynsfunn har ingen opplysninger" in answer.text


def test_a_findings_question_the_records_answer_still_does_not_reach_the_knowledge_base(service: FindingsService) -> None:
    answering = FakeAnswering()
    answer = Assistant(answering, findings=service).ask("hvilke lovbrudd er ikke lukket?")
    assert not answer.abstained and answering.asked == []
