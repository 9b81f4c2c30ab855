"""The DB-driven scheduler and reminder bookkeeping: once per (case, kind, deadline), retried on failure,
and never repeated by a restarted process."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime

from bot.db import make_engine, session_factory
from bot.intake.service import build_intake_service
from bot.scheduler import Scheduler
from tests.fakes.clock import FakeClock
from tests.intake.conftest import CONTACT


def test_run_due_passes_now_and_a_failing_job_does_not_stop_the_others(caplog) -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    scheduler = Scheduler(clock, interval_s=0)
    seen: list[datetime] = []
    scheduler.add_job("broken", lambda now: 1 / 0)
    scheduler.add_job("ok", seen.append)
    with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
        scheduler.run_due()
    assert seen == [clock.now()]
    assert "broken" in caplog.text and "ref" in caplog.text


def test_background_thread_runs_jobs_until_stopped() -> None:
    scheduler = Scheduler(FakeClock(), interval_s=0.01)
    ran = threading.Event()
    scheduler.add_job("tick", lambda now: ran.set())
    scheduler.start()
    try:
        assert ran.wait(60)  # generous: only a loaded machine needs more than a few ms
    finally:
        scheduler.stop()
    assert scheduler._thread is None


def test_reminder_sent_once_retried_after_failure_and_not_repeated_after_restart(service, officer, intake_settings, clock) -> None:
    case = service.open_case(officer, bydel="Frogner", deadline=date(2026, 4, 15), contact=CONTACT)
    clock.set(datetime(2026, 4, 13, 8, 0, tzinfo=UTC))  # 2 days before: the 7-day reminder is superseded
    assert service.run_reminders(clock.now(), lambda notice: False) == []  # delivery failed: nothing recorded
    sent = service.run_reminders(clock.now(), lambda notice: True)
    assert [(n.case.id, n.kind, n.days_left) for n in sent] == [(case.id, "before_2", 2)]
    assert service.run_reminders(clock.now(), lambda notice: True) == []
    engine = make_engine(intake_settings.resolved_database_url)
    restarted = build_intake_service(intake_settings, session_factory(engine), clock=clock)
    assert restarted.run_reminders(clock.now(), lambda notice: True) == []
    clock.set(datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    overdue = restarted.run_reminders(clock.now(), lambda notice: True)
    assert [(n.kind, n.to_officers) for n in overdue] == [("overdue", True)]
    engine.dispose()


def test_submitted_case_gets_no_reminders(service, officer, contact, clock) -> None:
    from tests.intake.test_service import fill_everything

    case = service.open_case(officer, bydel="Frogner", deadline=date(2026, 4, 15), contact=CONTACT)
    fill_everything(service, case.id, contact)
    service.submit(case.id, contact)
    clock.set(datetime(2026, 4, 20, 8, 0, tzinfo=UTC))
    assert service.run_reminders(clock.now(), lambda notice: True) == []
