"""Routing is conservative: only clear findings questions leave the knowledge base."""

from __future__ import annotations

import json

import pytest

from bot.assistant import Route
from bot.findings.query import route
from tests.conftest import EVAL_FILE

FINDINGS_QUESTIONS = [
    "hvilke bydeler fikk lovbrudd i krisesentertilsynet?",
    "hvilke lovbrudd er ikke lukket?",
    "når er fristen for planen?",
    "hvilke funn gjaldt internkontroll?",
    "har bydel Frogner hatt tilsyn på dette området før?",
    "hvor mange bydeler fikk lovbrudd?",
    "hvilke lovbrudd er åpne?",
    "kva bydelar fekk lovbrot i krisesentertilsynet?",  # nynorsk
    "kor mange lovbrot er ikkje lukka?",
]
KNOWLEDGE_QUESTIONS = [
    "hva sier kommuneloven § 25-1?",
    "hva må planen for å lukke et lovbrudd inneholde?",
    "når kommer neste tilsyn fra Statsforvalteren til vår bydel?",
    "hvilket statsforvalterembete gjennomførte krisesentertilsynet i Oslo?",
    "hvem i bydelen skal koordinere hjelpen til en familie som flytter ut fra krisesenteret?",
    # "plan" as a whole word is the bydel's plan for a lovbrudd; a planstrategi is the law's business
    "hva er fristen for å vedta kommunal planstrategi?",
    "gjelder fristene i plan- og bygningsloven for bydelene?",
]
# Lovbrudd and tilsyn named only on the way to the question: a context sentence before it, or a
# clause that sets the scene ("da …", "når …"). The letter answers these, not the registry.
SCENE_SETTING_QUESTIONS = [
    "Vår bydel fikk lovbrudd i fjor. Hva skal en slik plan inneholde?",
    "Hva ba Statsforvalteren om da de hadde tilsyn med reetableringsarbeidet?",
    "Kva må vi sende inn når Statsforvaltaren har konkludert med lovbrot?",
]


@pytest.mark.parametrize("question", FINDINGS_QUESTIONS)
def test_findings_questions_go_to_the_registry(question: str) -> None:
    assert route(question) is Route.FINDINGS


@pytest.mark.parametrize("question", KNOWLEDGE_QUESTIONS)
def test_law_and_letter_questions_stay_with_the_knowledge_base(question: str) -> None:
    assert route(question) is Route.KNOWLEDGE


@pytest.mark.parametrize("question", SCENE_SETTING_QUESTIONS)
def test_what_only_sets_the_scene_does_not_route_to_the_registry(question: str) -> None:
    assert route(question) is Route.KNOWLEDGE


def test_the_asked_sentence_still_routes_after_a_context_sentence() -> None:
    assert route("Jeg sitter med tilsynsrapporten. Hvilke lovbrudd er ikke lukket ennå?") is Route.FINDINGS
    assert route("Innen når går fristen for planen ut?") is Route.FINDINGS


def test_mixed_question_goes_to_both() -> None:
    assert route("hvilke bydeler fikk lovbrudd, og hva sier kommuneloven § 25-1?") is Route.BOTH


@pytest.mark.skipif(not EVAL_FILE.exists(), reason="eval set not present")
def test_no_question_of_the_eval_set_is_taken_from_the_knowledge_base() -> None:
    questions = [json.loads(line)["question"] for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    misrouted = [q for q in questions if route(q) is not Route.KNOWLEDGE]
    assert misrouted == []
