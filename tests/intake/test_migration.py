"""Migration 0003_intake creates exactly the tables the models describe, and re-running migrations keeps cases."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import bot.intake.models  # noqa: F401 - registers the intake tables on Base
from bot.db import Base, make_engine, migrate, session_factory
from bot.intake.service import build_intake_service
from tests.intake.conftest import CONTACT


def test_migration_matches_the_models(service, intake_settings) -> None:
    engine = make_engine(intake_settings.resolved_database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if "intake_" in repr(d)]
    engine.dispose()
    assert diffs == []


def test_migrating_again_keeps_cases_and_files(service, officer, intake_settings, clock) -> None:
    case = service.open_case(officer, bydel="Frogner", deadline=date(2026, 4, 15), contact=CONTACT)
    engine = make_engine(intake_settings.resolved_database_url)
    migrate(engine)  # every start runs migrations; an up-to-date schema must be left alone
    again = build_intake_service(intake_settings, session_factory(engine), clock=clock)
    assert again.get(case.id, officer).bydel == "Frogner"
    engine.dispose()
