"""The lifecycle service: creating a tilsyn, opening its cases, moving bydeler, refusing what is not allowed."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.intake.service import Actor
from bot.lifecycle.service import LifecycleService
from bot.lifecycle.stages import TRANSITIONS, Stage
from tests.lifecycle.conftest import FROGNER, OFFICER, SEED_ID, TILSYN_ID, spec


def test_created_tilsyn_is_the_registry_record(lifecycle: LifecycleService, officer: Actor) -> None:
    lifecycle.create_tilsyn(officer, spec())
    (record,) = [x for x in lifecycle.findings.registry(audience=Audience.OFFICERS) if x.id == TILSYN_ID]
    assert record.intake_template == "krisesenter-reetablering-bolig" and record.deadline == date(2026, 4, 15)
    assert record.bydeler_covered == ["Frogner", "Sagene", "Alna"]
    assert {a.field for a in lifecycle.findings.store.audit(TILSYN_ID)} >= {"title", "legal_basis", "deadline"}


@pytest.mark.parametrize(("basis", "words"), [
    (["krisesenterlova § 42"], "§ 42 finnes ikke i kunnskapsbasen"),
    (["straffeloven § 4"], "ingen lov jeg kjenner"),
    (["se loven"], "ingen paragraf"),
])
def test_legal_basis_is_checked_against_the_index(lifecycle: LifecycleService, officer: Actor, basis: list[str],
                                                  words: str) -> None:
    with pytest.raises(ValidationFailedError) as error:
        lifecycle.create_tilsyn(officer, spec(legal_basis=basis))
    assert words in error.value.user_message


def test_non_officer_cannot_create(lifecycle: LifecycleService) -> None:
    with pytest.raises(AccessDeniedError):
        lifecycle.create_tilsyn(Actor(FROGNER), spec())


def test_open_cases_once_per_bydel(lifecycle: LifecycleService, officer: Actor) -> None:
    lifecycle.create_tilsyn(officer, spec())
    first = lifecycle.open_cases(officer, TILSYN_ID)
    assert sorted(c.bydel for c in first.opened) == ["Alna", "Frogner", "Sagene"]
    again = lifecycle.open_cases(officer, TILSYN_ID)
    assert again.opened == [] and len(again.skipped) == 3
    assert len(lifecycle.intake.cases_for(officer)) == 3
    assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.VARSLET


def test_impossible_transition_is_refused_in_norwegian(lifecycle: LifecycleService, officer: Actor) -> None:
    lifecycle.create_tilsyn(officer, spec())
    lifecycle.open_cases(officer, TILSYN_ID)
    with pytest.raises(ValidationFailedError) as error:
        lifecycle.conclude(officer, TILSYN_ID, "Frogner", breach=True, wording="Mangler rutiner")
    assert error.value.user_message == (
        "Bydel Frogner kan ikke gå fra «varslet» til «konkludert med lovbrudd». Neste steg herfra: «dokumenter mottatt»."
    )
    assert len(lifecycle.history(officer, TILSYN_ID)) == 3  # nothing written


def test_every_stage_reaches_an_end() -> None:
    ends = {s for s, targets in TRANSITIONS.items() if s and not targets}
    assert ends == {Stage.UTEN_LOVBRUDD, Stage.LUKKET}


def test_seed_expresses_the_letter(lifecycle: LifecycleService, officer: Actor) -> None:
    (overview,) = lifecycle.overview(officer, SEED_ID)
    rows = overview.rows
    assert sum(r.count for r in rows) == 15
    assert sorted(r.stage_label for r in rows) == ["konkludert uten lovbrudd", "lukket", "lukket", "plan etterspurt"]
    assert all(r.label == "Bydel (ikke navngitt i rapporten)" for r in rows)  # never a name the letter lacks
    extended = [r for r in rows if r.extended_to]
    assert [(r.extended_to, r.stage) for r in extended] == [(date(2024, 4, 15), Stage.PLAN_ETTERSPURT)]
    assert {e.actor for e in lifecycle.history(officer, SEED_ID)} == {"seed:oslo-krisesenter-2022-2023.yaml"}


def test_officers_questions_from_the_seed(lifecycle: LifecycleService) -> None:
    answer = lifecycle.findings.answer_question("hvem har fått utsatt frist?", audience=Audience.OFFICERS)
    assert "Bydel (ikke navngitt i rapporten)" in answer.text and "15. april 2024" in answer.text
    assert answer.citations and answer.citations[0].short_title == "Informasjonsskriv 2/2024"
    assert OFFICER  # the officers' answer; the public keeps the registry's answer
    public = lifecycle.findings.answer_question("hvem har fått utsatt frist?", audience=Audience.PUBLIC)
    assert "Bydeler som har fått utsatt frist" not in public.text
