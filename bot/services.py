"""Builds every service once, from one Settings object. Surfaces (Slack, CLI) receive this container.

Why a container: `create_app(settings, client=None)` and the CLI need the same wiring, and tests
need to swap a dependency (fake embedder, scripted chat model, fake clock) without patching.

The fields are typed with what the surfaces use: the answering port (a Protocol, so the Slack
tests can hand in a fake), the findings and intake services (None when off), the generator
port, and the one background `Scheduler` every feature registers its jobs on.

Answering runs in worker processes (`ANSWER_PROCESSES`, see `bot.answering.workers`): then
`answering` is the `AnswerWorkerPool`, which stands in for the service, and `answer_workers` the
same pool (its status for /healthz, `close()` at shutdown); None when answering runs in-process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.access import Directory
from bot.assistant import AnsweringPort, Assistant, GeneratorPort
from bot.clock import Clock, SystemClock
from bot.db import make_engine, migrate, session_factory
from bot.officers.escalations import EscalationService
from bot.officers.serving import build_standard_answers
from bot.officers.standard import CitationIndex, StandardAnswers
from bot.priority import AckPriority
from bot.scheduler import Scheduler
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

    from bot.answering.workers import AnswerWorkerPool
    from bot.findings.service import FindingsService
    from bot.intake.service import IntakeService
    from bot.lifecycle.service import LifecycleService
    from ingest.index.health import StoreProbe


class AnsweringSurface(AnsweringPort, Protocol):
    """The answering service as the surfaces see it: answers, and what the index holds (App Home, /healthz)."""

    def index_info(self) -> Mapping[str, object]: ...


class Services:
    """The wired services of one process. `scheduler` is shared: when not given, the intake
    service's scheduler (if any) is adopted, so there is exactly one."""

    def __init__(
        self,
        *,
        settings: Settings,
        engine: Engine,
        sessions: sessionmaker[Session],
        directory: Directory,
        clock: Clock,
        answering: AnsweringSurface,
        findings: FindingsService | None,
        intake: IntakeService | None,
        generator: GeneratorPort | None,
        assistant: Assistant,
        scheduler: Scheduler | None = None,
        store_health: StoreProbe | None = None,
        standard_answers: StandardAnswers | None = None,
        answer_workers: AnswerWorkerPool | None = None,
        lifecycle: LifecycleService | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.sessions = sessions
        self.directory = directory
        self.clock = clock
        self.answering = answering
        self.findings = findings
        self.intake = intake
        self.generator = generator
        self.assistant = assistant
        self.lifecycle = lifecycle  # the tilsyn lifecycle (issue 11); None when findings or intake is off
        self.store_health = store_health  # None: the vector store is not probed (tests with fakes)
        self.answer_workers = answer_workers  # None: answers are computed in this process
        self.acks = AckPriority()  # the HTTP transport marks requests awaiting their ack; answers let them go first
        if scheduler is None:
            scheduler = intake.scheduler if intake is not None else Scheduler(clock, settings.intake_scheduler_interval_s)
        self.scheduler = scheduler
        # The officers' loop: escalations always; standard answers where citations can be read from the index.
        self.escalations = EscalationService(sessions, clock)
        if standard_answers is None and isinstance(answering, CitationIndex):
            standard_answers = StandardAnswers(sessions, clock, answering, timezone=settings.timezone)
        self.standard_answers = standard_answers


def build_services(
    settings: Settings,
    *,
    embedder: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    clock: Clock | None = None,
) -> Services:
    """Wire every service. Runs database migrations; does not ingest (see `ensure_index`).

    Starts the answer worker processes when `settings.answer_processes` > 0; an `embedder` given
    here lives in this process only, so it needs `answer_processes=0`.
    """
    from bot.answering.service import build_answering_service
    from bot.answering.workers import AnswerWorkerPool, LimitedAnswering
    from bot.findings.service import build_findings_service
    from bot.generation.generator import build_generator
    from bot.intake.service import build_intake_service
    from bot.lifecycle.service import build_lifecycle_service

    clock = clock or SystemClock()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)
    scheduler = Scheduler(clock, settings.intake_scheduler_interval_s)

    if embedder is not None and settings.answer_processes > 0:
        raise ValueError("an embedder given in code cannot reach answer worker processes; set answer_processes=0")
    service = build_answering_service(settings, embedder=embedder)
    answering: AnsweringSurface = service
    pool: AnswerWorkerPool | None = None
    asking: AnsweringPort = LimitedAnswering(answering, settings.slack_answer_concurrency)
    if settings.answer_processes > 0:
        pool = AnswerWorkerPool(settings, answering).start()
        answering = asking = pool
    findings = build_findings_service(settings, sessions, clock=clock)
    intake = build_intake_service(settings, sessions, directory=directory, clock=clock, scheduler=scheduler)
    lifecycle = build_lifecycle_service(settings, sessions, findings, intake, directory=directory, clock=clock,
                                        index=service)
    generator = build_generator(settings, chat_model=chat_model)
    from ingest.index.health import StoreProbe

    store_health = StoreProbe(settings)
    # Standard answers are matched and their law quoted in this process (one embedding per question and
    # a lookup; the index is loaded here at the first match), the retrieval pipeline in the workers.
    standard = build_standard_answers(settings, sessions, clock, service, service.embedder)
    standard_answers, server = standard if standard is not None else (None, None)
    assistant = Assistant(asking, findings=findings, generator=generator, store_health=store_health,
                          standard_answers=server)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        directory=directory,
        clock=clock,
        answering=answering,
        findings=findings,
        intake=intake,
        generator=generator,
        assistant=assistant,
        store_health=store_health,
        scheduler=scheduler,
        standard_answers=standard_answers,
        answer_workers=pool,
        lifecycle=lifecycle,
    )
