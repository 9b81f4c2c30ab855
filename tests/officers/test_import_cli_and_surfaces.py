"""Standard answers outside Slack: YAML/CSV import validated row by row (citations checked against the
index), export that imports again, the CLI's officer rule, and the same standard answer from
`tilsynsbot ask` and the terminal chat (the one answering seam, `Assistant`)."""

from __future__ import annotations

import argparse
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.answering.service import AnsweringService
from bot.cli import ask as ask_cli
from bot.cli import standard_answers as cli
from bot.cli.main import build_parser
from bot.db import make_engine, migrate, session_factory
from bot.domain import Audience
from bot.errors import AccessDeniedError
from bot.officers.serving import build_standard_answers
from bot.officers.standard import StandardAnswers, StandardInput
from bot.officers.transfer import export_standard_answers, import_standard_answers
from bot.settings import Settings
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.clock import FakeClock
from tests.fakes.embedder import HashingEmbedder
from tests.officers.conftest import FAKE_EMBEDDER_MATCHING
from tests.retrieval import corpus

NOW = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
TOLK = "Kommunen skal sørgje for at brukarar av bu- og dagtilbodet får tilgang til kvalifisert tolk."


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update=FAKE_EMBEDDER_MATCHING)


@pytest.fixture
def answering(settings: Settings) -> AnsweringService:
    embedder = HashingEmbedder()
    return AnsweringService(settings, store=InMemoryChunkStore(corpus.chunks(), embedder), embedder=embedder,
                            clock=FakeClock(NOW), law_names=corpus.ALIASES, info=lambda: {"built_at": "2024-03-01T08:00:00+00:00"})


@pytest.fixture
def sessions(settings: Settings) -> sessionmaker[Session]:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return session_factory(engine)


@pytest.fixture
def answers(settings: Settings, sessions: sessionmaker[Session], answering: AnsweringService) -> StandardAnswers:
    return StandardAnswers(sessions, FakeClock(NOW), answering, timezone=settings.timezone)


YAML = """\
standardsvar:
  - question: Hvem har ansvaret for å bestille tolk til beboerne?
    alternatives: ["Hvem bestiller tolk til brukerne?"]
    answer: Bydelen bestiller og betaler tolk for beboerne.
    citations: [krisesenterlova § 3 andre ledd]
    owner: UOFFICER
    review_on: 2025-03-01
  - question: Hva betyr § 99?
    answer: Noe som ikke finnes.
    citations: [krisesenterlova § 99]
    owner: UOFFICER
  - question: Uten eier
    answer: Dette svaret har ingen eier.
  - question: Feil status
    answer: Et svar med ukjent status.
    status: publisert
    owner: UOFFICER
  - just a string
"""


def test_yaml_import_takes_valid_rows_and_reports_the_rest(answers: StandardAnswers, tmp_path: Path) -> None:
    path = tmp_path / "standardsvar.yaml"
    path.write_text(YAML, encoding="utf-8")
    report = import_standard_answers(answers, path, actor="cli:kari")
    assert len(report.imported) == 1
    rejected = {(e.row, e.field) for e in report.rejected}
    assert rejected == {(2, "citations"), (3, "owner"), (4, "status"), (5, "")}
    reasons = {e.row: e.reason for e in report.rejected}
    assert "krisesenterlova § 99" in reasons[2] and "publisert" in reasons[4]
    [row] = answers.all()
    assert (row.status, row.owner, row.origin, str(row.approved_on)) == ("godkjent", "UOFFICER", "import", "2024-03-04")
    assert row.citations[0]["ref"] == "krisesenterlova § 3 andre ledd" and row.citations[0]["hash"]


def test_export_then_import_round_trips_through_csv(answers: StandardAnswers, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(YAML, encoding="utf-8")
    import_standard_answers(answers, source, actor="cli:kari")
    exported = tmp_path / "out.csv"
    export_standard_answers(answers.all(), exported)
    text = exported.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,question,alternatives,answer,citations,status,owner")
    answers.withdraw(answers.all()[0].id, actor="UOFFICER", audience=Audience.OFFICERS)
    report = import_standard_answers(answers, exported, actor="cli:ola")  # same id: an edit back to godkjent
    assert report.rejected == [] and len(answers.all()) == 1
    assert answers.all()[0].status == "godkjent"
    assert [a.field for a in answers.audit(answers.all()[0].id)][-1] == "status"


def test_identity_numbers_are_refused_on_import_and_in_saves(answers: StandardAnswers, tmp_path: Path) -> None:
    path = tmp_path / "fnr.csv"
    path.write_text("question,answer,citations,owner\nGjelder 01019012480?,Ja.,,UOFFICER\n", encoding="utf-8")
    report = import_standard_answers(answers, path, actor="cli:kari")
    assert report.imported == [] and "fødselsnummer" in report.rejected[0].reason
    with pytest.raises(AccessDeniedError):
        answers.save(StandardInput(question="Et spørsmål", answer_text="Et svar"), actor="UBYDEL", audience=Audience.PUBLIC)


def test_cli_import_needs_the_officer_flag(settings: Settings, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="tilsynsbot")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["standardsvar", "import", str(tmp_path / "x.yaml")])
    with pytest.raises(AccessDeniedError):
        args.handler(args, settings)


def test_ask_and_chat_answer_from_the_approved_standard_answer(
    settings: Settings, answers: StandardAnswers, answering: AnsweringService, tmp_path: Path
) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(YAML, encoding="utf-8")
    import_standard_answers(answers, path, actor="cli:kari")

    out = io.StringIO()
    args = build_parser().parse_args(["ask", "Hvem skal bestille tolk til beboerne?", "--json"])
    assert ask_cli.handle_ask(args, settings, service=answering, stdout=out) == 0
    data = json.loads(out.getvalue())
    assert data["answer"].startswith("Standardsvar fra Statsforvalteren, godkjent 4. mars 2024")
    assert TOLK in data["answer"]

    wired = build_standard_answers(settings, answers.sessions, FakeClock(NOW), answering, answering.embedder)
    assert wired is not None

    class ChatServices:
        def __init__(self) -> None:
            from bot.assistant import Assistant

            self.assistant = Assistant(answering, standard_answers=wired[1])  # type: ignore[index]

    chat_out = io.StringIO()
    ask_cli.run_chat(ChatServices(), io.StringIO("Hvem skal bestille tolk til beboerne?\nexit\n"), chat_out)  # type: ignore[arg-type]
    assert "Standardsvar fra Statsforvalteren, godkjent 4. mars 2024" in chat_out.getvalue()
    assert TOLK in chat_out.getvalue()
