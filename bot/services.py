"""Builds every service once, from one Settings object. Surfaces (Slack, CLI) receive this container.

Why a container: `create_app(settings, client=None)` and the CLI need the same wiring, and tests
need to swap a dependency (fake embedder, scripted chat model, fake clock) without patching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.access import Directory
from bot.assistant import Assistant
from bot.clock import Clock, SystemClock
from bot.db import make_engine, migrate, session_factory
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker
    directory: Directory
    clock: Clock
    answering: Any  # bot.answering.service.AnsweringService
    findings: Any  # bot.findings.service.FindingsService
    intake: Any  # bot.intake.service.IntakeService
    generator: Any  # bot.generation.generator.Generator | None
    assistant: Assistant
    store_health: Any = None  # ingest.index.health.StoreProbe; None = not probed (tests with fakes)


def build_services(
    settings: Settings,
    *,
    embedder: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
    clock: Clock | None = None,
) -> Services:
    """Wire every service. Runs database migrations; does not ingest (see `ensure_index`)."""
    from bot.answering.service import build_answering_service
    from bot.findings.service import build_findings_service
    from bot.generation.generator import build_generator
    from bot.intake.service import build_intake_service

    clock = clock or SystemClock()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    directory = Directory.from_settings(settings)

    answering = build_answering_service(settings, embedder=embedder)
    findings = build_findings_service(settings, sessions, answering=answering, clock=clock)
    intake = build_intake_service(settings, sessions, directory=directory, clock=clock)
    generator = build_generator(settings, chat_model=chat_model)
    from ingest.index.health import StoreProbe

    store_health = StoreProbe(settings)
    assistant = Assistant(answering, findings=findings, generator=generator, store_health=store_health)
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
    )
