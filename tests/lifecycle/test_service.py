"""The lifecycle service: creating a tilsyn, opening its cases, moving bydeler, refusing what is not allowed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.intake.service import Actor
from bot.lifecycle.service import LifecycleService
from bot.lifecycle.stages import TRANSITIONS, Stage
from tests.fakes.clock import FakeClock
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


def test_plan_cycle_keeps_the_registry_in_step(lifecycle: LifecycleService, officer: Actor, clock: FakeClock) -> None:
    from tests.lifecycle.conftest import SAGENE, fill_and_submit

    lifecycle.create_tilsyn(officer, spec())
    cases = {c.bydel: c.id for c in lifecycle.open_cases(officer, TILSYN_ID).opened}
    fill_and_submit(lifecycle, cases["Frogner"], FROGNER)
    assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.DOKUMENTER_MOTTATT  # heard from intake
    lifecycle.start_assessment(officer, TILSYN_ID, "Frogner")
    lifecycle.conclude(officer, TILSYN_ID, "Frogner", breach=True, wording="Manglende rutiner for samarbeid")
    move = lifecycle.request_plan(officer, TILSYN_ID, "Frogner", deadline=date(2026, 5, 15))
    assert move.case is not None and move.case.template.id == "plan-lukking-lovbrudd" and move.case.contacts == [FROGNER]
    lovbrudd_id = f"{TILSYN_ID}/frogner/lovbrudd"
    row = next(r for r in lifecycle.findings.lovbrudd_choices() if r.lovbrudd_id == lovbrudd_id)
    assert (row.status, row.plan_deadline, row.bydel) == ("open", date(2026, 5, 15), "Frogner")

    fill_and_submit(lifecycle, move.case.id, FROGNER)
    assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.PLAN_MOTTATT
    with pytest.raises(ValidationFailedError, match="Skriv en kommentar"):
        lifecycle.needs_more(officer, TILSYN_ID, "Frogner", comment=" ", deadline=date(2026, 6, 1))
    again = lifecycle.needs_more(officer, TILSYN_ID, "Frogner", comment="Tiltakene mangler frister.",
                                 deadline=date(2026, 6, 1))
    assert again.case is not None and again.case.status == "open" and again.case.deadline == date(2026, 6, 1)
    lifecycle.intake.submit(move.case.id, Actor(FROGNER))
    assert lifecycle.state(TILSYN_ID, "Frogner").stage is Stage.PLAN_MOTTATT
    lifecycle.approve(officer, TILSYN_ID, "Frogner")
    state = lifecycle.state(TILSYN_ID, "Frogner")
    assert [e.to_stage.value for e in state.events] == [
        "varslet", "dokumenter_mottatt", "under_vurdering", "lovbrudd", "plan_etterspurt", "plan_mottatt",
        "trenger_mer", "plan_mottatt", "plan_godkjent", "lukket"]
    assert state.events[1].actor == FROGNER and state.events[2].actor == OFFICER
    assert move.case.id in state.events[-1].comment
    row = next(r for r in lifecycle.findings.lovbrudd_choices() if r.lovbrudd_id == lovbrudd_id)
    assert (row.status, row.closed_date) == ("closed", date(2026, 3, 2))

    # Sagene: documents, lovbrudd, plan requested, deadline extended (reminders re-armed on the plan case)
    fill_and_submit(lifecycle, cases["Sagene"], SAGENE)
    lifecycle.start_assessment(officer, TILSYN_ID, "Sagene")
    lifecycle.conclude(officer, TILSYN_ID, "Sagene", breach=True, wording="Mangler internkontroll")
    plan = lifecycle.request_plan(officer, TILSYN_ID, "Sagene", deadline=date(2026, 3, 20))
    with pytest.raises(ValidationFailedError, match="etter gjeldende frist"):
        lifecycle.extend_deadline(officer, TILSYN_ID, "Sagene", deadline=date(2026, 3, 10), reason="Sykdom")
    lifecycle.extend_deadline(officer, TILSYN_ID, "Sagene", deadline=date(2026, 4, 15), reason="Ny bydelsdirektør")
    assert plan.case is not None and lifecycle.intake.get(plan.case.id, officer).deadline == date(2026, 4, 15)
    row = next(r for r in lifecycle.findings.lovbrudd_choices() if r.lovbrudd_id == f"{TILSYN_ID}/sagene/lovbrudd")
    assert (row.plan_deadline, row.extended_deadline) == (date(2026, 3, 20), date(2026, 4, 15))
    answer = lifecycle.findings.answer_question("hvilke lovbrudd venter på plan?", audience=Audience.OFFICERS)
    assert "Bydel Sagene" in answer.text and "Bydel Frogner" not in answer.text
    assert "Bydel (ikke navngitt i rapporten)" in answer.text  # the letter's open one
    month = lifecycle.findings.answer_question("hvilke frister går ut denne måneden?", audience=Audience.OFFICERS)
    assert month.text == "Ingen frister går ut i mars 2026."
    clock.set(datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    month = lifecycle.findings.answer_question("hvilke frister går ut denne måneden?", audience=Audience.OFFICERS)
    lines = month.text.splitlines()
    assert lines[0] == "Frister som går ut i april 2026:"
    assert {line.split(" (")[0] for line in lines[1:]} == {"• Bydel Sagene", "• Bydel Alna"}
    assert all("fristen er passert" in line for line in lines[1:])
    (overview,) = lifecycle.overview(officer, TILSYN_ID)
    assert [r.overdue for r in overview.rows][:2] == [True, True] and overview.rows[-1].label == "Bydel Frogner"


def test_two_officers_moving_the_same_bydel_at_once_write_one_event(lifecycle: LifecycleService, officer: Actor) -> None:
    import threading

    from tests.lifecycle.conftest import fill_and_submit

    lifecycle.create_tilsyn(officer, spec())
    cases = {c.bydel: c.id for c in lifecycle.open_cases(officer, TILSYN_ID).opened}
    fill_and_submit(lifecycle, cases["Frogner"], FROGNER)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def assess() -> None:
        start.wait()
        try:
            lifecycle.start_assessment(officer, TILSYN_ID, "Frogner")
            outcomes.append("ok")
        except ValidationFailedError as error:
            outcomes.append(error.user_message)

    threads = [threading.Thread(target=assess) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert all("kan ikke gå fra «under vurdering»" in o or "endret av noen andre" in o for o in outcomes if o != "ok")
    assert [e.to_stage for e in lifecycle.state(TILSYN_ID, "Frogner").events].count(Stage.UNDER_VURDERING) == 1


def test_migration_matches_the_lifecycle_table(lifecycle: LifecycleService) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import bot.lifecycle.tables  # noqa: F401 - registers the table on Base
    from bot.db import Base

    with lifecycle.events.sessions.kw["bind"].connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert [d for d in diff if "lifecycle_" in repr(d) or "findings_tilsyn" in repr(d)] == []
