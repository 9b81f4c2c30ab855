"""Schema, seed and restart behaviour of the registry (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import sessionmaker

from bot.db import Base
from bot.domain import Audience
from bot.findings.service import build_findings_service
from bot.settings import Settings
from tests.fakes.clock import FakeClock
from tests.findings.conftest import OPEN_ID


def test_migration_matches_the_models(sessions: sessionmaker) -> None:
    import bot.findings.tables  # noqa: F401  (registers the tables on Base)

    with sessions.kw["bind"].connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diff if "findings_" in repr(d)]
    assert ours == []


def test_seed_holds_the_letters_facts(service) -> None:
    (tilsyn,) = service.registry(audience=Audience.PUBLIC)
    assert tilsyn.authority == "Statsforvalteren i Oslo og Viken"
    assert [(r.year, r.bydeler_count) for r in tilsyn.rounds] == [(2022, 8), (2023, 7)]
    assert tilsyn.total_bydeler == 15 and not tilsyn.bydeler_named
    assert "kommuneloven § 25-1" in tilsyn.legal_basis and "krisesenterlova § 4" in tilsyn.legal_basis
    assert tilsyn.method.startswith("Dokumenttilsyn")
    breaches = [o for o in tilsyn.outcomes if o.breach]
    assert sum(o.count for o in tilsyn.outcomes if not o.breach) == 12 and len(breaches) == 3
    assert all(o.bydel is None for o in tilsyn.outcomes)  # never invented
    statuses = sorted(o.lovbrudd.follow_up.status.value for o in breaches)
    assert statuses == ["closed", "closed", "open"]
    open_one = next(o for o in breaches if o.lovbrudd.follow_up.status.value == "open")
    assert str(open_one.lovbrudd.follow_up.extended_deadline) == "2024-04-15" and open_one.year == 2023


def test_restart_neither_duplicates_nor_overwrites(findings_settings: Settings, sessions: sessionmaker,
                                                    clock: FakeClock, service) -> None:  # fmt: skip
    service.change_status(OPEN_ID, actor="UOFFICER", audience=Audience.OFFICERS, status="lukket", closed_date=date(2024, 3, 1))
    restarted = build_findings_service(findings_settings, sessions, clock=clock)
    rows = restarted.list_findings(audience=Audience.OFFICERS)
    assert len(rows) == 4
    assert next(r for r in rows if r.lovbrudd_id == OPEN_ID).status == "closed"
    seed_entries = [a for a in restarted.audit(audience=Audience.OFFICERS) if a.actor.startswith("seed:")]
    assert len({(a.record_id, a.field) for a in seed_entries}) == len(seed_entries)  # seeded once


def test_a_new_seed_file_loads_at_next_start(findings_settings: Settings, sessions: sessionmaker, clock: FakeClock,
                                             service, tmp_path) -> None:  # fmt: skip
    import shutil

    seed_dir = tmp_path / "knowledge" / "findings"
    seed_dir.mkdir(parents=True)
    shutil.copy(findings_settings.knowledge_dir / "findings" / "oslo-krisesenter-2022-2023.yaml", seed_dir)
    (seed_dir / "ny.yaml").write_text(
        "tilsyn:\n  - {id: ny-2025, title: Nytt tilsyn, authority: SF, theme: ROS, years: [2025]}\n", encoding="utf-8"
    )
    service.change_status(OPEN_ID, actor="UOFFICER", audience=Audience.OFFICERS, status="lukket", closed_date=date(2024, 3, 1))
    settings = findings_settings.model_copy(update={"knowledge_dir": tmp_path / "knowledge"})
    restarted = build_findings_service(settings, sessions, clock=clock)
    assert [t.id for t in restarted.registry(audience=Audience.PUBLIC)] == ["ny-2025", "oslo-krisesenter-2022-2023"]
    assert restarted.list_findings(only_open=True, audience=Audience.OFFICERS) == []  # the edit survived
