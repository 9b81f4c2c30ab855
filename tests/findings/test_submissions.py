"""Submitted intake files are searchable for officers only, with bydel, case and item.

(Intake already refuses files holding an identity number; indexing masks them again regardless.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.access import Directory
from bot.assistant import Assistant
from bot.db import make_engine, migrate, session_factory
from bot.domain import Audience, Chunk, Passage, SourceKind
from bot.findings.service import build_findings_service
from bot.findings.submissions import index_new_submissions, index_submitted_case
from bot.intake.service import Actor, build_intake_service
from bot.services import Services
from bot.settings import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.embedder import HashingEmbedder

OFFICER, CONTACT = "UOFFICER", "UKONTAKT"
ROS_TEXT = (
    "ROS-analyse for bydel Frogner 2023. Analysen omfatter krisesentertilbudet og reetablering i bolig "
    "etter opphold på krisesenter.\n\n"
    "Risiko: brukere må bo lenge i midlertidig bolig. Tiltak: fast samarbeidsmøte med Nav."
)


@pytest.fixture
def services(settings: Settings, tmp_path: Path) -> Services:
    members = tmp_path / "bydeler.yaml"
    members.write_text(f"bydeler:\n  Frogner: {{users: [{CONTACT}]}}\n", encoding="utf-8")
    cfg = settings.model_copy(update={"officer_user_ids": [OFFICER], "bydel_members_file": members})
    engine = make_engine(cfg.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    clock = FakeClock(datetime(2024, 3, 4, 9, 0, tzinfo=UTC))
    from bot.answering.service import build_answering_service
    from ingest.indexer import Indexer

    embedder = HashingEmbedder()
    law = Chunk(chunk_id="LOV-2018-06-22-83|§25-1|1", source_id="kommuneloven", doc_id="LOV-2018-06-22-83",
                kind=SourceKind.LAW, title="Lov om kommuner og fylkeskommuner (kommuneloven)", short_title="kommuneloven",
                section_key="§25-1", section="§ 25-1", text="§ 25-1 Internkontroll i kommunen. ROS-analyser inngår.",
                passages=[Passage(text="§ 25-1 Internkontroll i kommunen. ROS-analyser inngår.", ledd=1)])  # fmt: skip
    Indexer(cfg, embedder).index_chunks("kommuneloven", [law], title="kommuneloven")
    answering = build_answering_service(cfg, embedder=embedder)
    intake = build_intake_service(cfg, sessions, clock=clock)
    findings = build_findings_service(cfg, sessions, clock=clock)
    return Services(settings=cfg, engine=engine, sessions=sessions, directory=Directory.from_settings(cfg), clock=clock,
                    answering=answering, findings=findings, intake=intake, generator=None, assistant=Assistant(answering))  # fmt: skip


def test_submitted_files_reach_officers_only(services: Services) -> None:
    intake = services.intake
    case = intake.open_case(Actor(OFFICER), bydel="Frogner", deadline=date(2024, 4, 1), contact=CONTACT)
    intake.add_file(case.id, "ros-analyser", Actor(CONTACT), name="ros-2023.txt", data=ROS_TEXT.encode())
    intake.add_file(case.id, "handlingsplan", Actor(CONTACT), name="plan.txt",
                    data="Handlingsplan mot vold i nære relasjoner 2022–2025.".encode())  # fmt: skip

    result = index_submitted_case(services, case.id)
    assert sorted(result.files) == ["plan.txt", "ros-2023.txt"] and result.unreadable == []

    officer_hits = services.answering.search("ROS-analyse som omfatter krisesentertilbudet", audience=Audience.OFFICERS)
    submitted = [h.chunk for h in officer_hits if h.chunk.kind is SourceKind.SUBMITTED]
    ros = next(c for c in submitted if c.item_id == "ros-analyser")
    assert (ros.bydel, ros.case_id, ros.audience) == ("Frogner", case.id, Audience.OFFICERS)
    assert "Eventuelle gjennomførte ROS-analyser" in ros.section_title
    assert "midlertidig bolig" in ros.text

    public_hits = services.answering.search("ROS-analyse som omfatter krisesentertilbudet", audience=Audience.PUBLIC)
    assert public_hits  # the public law text is still found
    assert [h for h in public_hits if h.chunk.kind is SourceKind.SUBMITTED or h.chunk.audience is Audience.OFFICERS] == []


def test_reindexing_replaces_removed_files(services: Services) -> None:
    intake = services.intake
    case = intake.open_case(Actor(OFFICER), bydel="Frogner", deadline=date(2024, 4, 1), contact=CONTACT)
    file_view, _, _ = intake.add_file(case.id, "ros-analyser", Actor(CONTACT), name="ros.txt", data=ROS_TEXT.encode())
    assert index_submitted_case(services, case.id).chunks >= 1
    intake.remove_file(case.id, file_view.id, Actor(CONTACT))
    assert index_submitted_case(services, case.id).chunks == 0
    hits = services.answering.search("ROS-analyse krisesentertilbudet", audience=Audience.OFFICERS)
    assert [h for h in hits if h.chunk.case_id == case.id] == []


def _mark_submitted(services: Services, case_id: str, at: datetime) -> None:
    """Test set-up: the case as the intake dialog leaves it after «Send inn» (tested in tests/intake)."""
    from bot.intake.models import IntakeCase

    with services.sessions.begin() as session:
        case = session.get(IntakeCase, case_id)
        case.status, case.submitted_at, case.submitted_by = "submitted", at, CONTACT


def test_scheduler_job_indexes_each_submission_once(services: Services) -> None:
    intake = services.intake
    case = intake.open_case(Actor(OFFICER), bydel="Frogner", deadline=date(2024, 4, 1), contact=CONTACT)
    intake.add_file(case.id, "ros-analyser", Actor(CONTACT), name="ros.txt", data=ROS_TEXT.encode())
    assert index_new_submissions(services) == []  # not submitted yet: nothing indexed
    _mark_submitted(services, case.id, datetime(2024, 3, 4, 10, 0, tzinfo=UTC))
    assert index_new_submissions(services) == [case.id]
    assert index_new_submissions(services) == []  # a second run (or a restart) does nothing
    hits = services.answering.search("ROS-analyse krisesentertilbudet", audience=Audience.OFFICERS)
    assert any(h.chunk.case_id == case.id for h in hits)
    _mark_submitted(services, case.id, datetime(2024, 3, 5, 10, 0, tzinfo=UTC))  # reopened and submitted again
    assert index_new_submissions(services) == [case.id]
    entries = services.findings.audit(case.id, audience=Audience.OFFICERS)
    assert [(e.entity, e.field, e.actor) for e in entries] == [("submitted_case", "indexed", "scheduler")] * 2
