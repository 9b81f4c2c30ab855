"""Alembic environment: runs against the connection handed over by `bot.db.migrate`."""

from alembic import context

from bot.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via the alembic CLI, which we do not use
    raise RuntimeError("Run migrations through bot.db.migrate(engine).")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
