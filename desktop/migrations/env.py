"""Alembic environment: the engine is always handed in by desktop.services.database."""

from __future__ import annotations

from alembic import context

from desktop.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            # SQLite's DDL is transactional once the connection issues BEGIN itself (see
            # desktop.services.database): a failing upgrade leaves the file as it was.
            transactional_ddl=True,
            on_version_apply=config.attributes.get("on_version_apply", ()),
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
