"""Database access through SQLAlchemy: one declarative Base, an engine factory, migrations.

SQLite in the data directory by default, any SQLAlchemy URL (PostgreSQL) by setting. The schema
is owned by Alembic migrations in `bot/db/migrations/versions` so an upgrade never loses a case;
`migrate()` runs them to head at start-up. Model modules (`bot/db/models_*.py`) register their
tables on `Base` and each area owns exactly one migration file in the fixed chain
0001_core -> 0002_findings -> 0003_intake.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """Declarative base for every table of tilsynsbot."""


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite make sure the folder exists and foreign keys are enforced."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration. Safe to call at every start."""
    # Alembic logs every plugin and step at INFO (some on import); at each start that is noise.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (`Session.execute` is typed as returning a plain `Result`)."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (we commit every step)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
