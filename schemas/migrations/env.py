"""Alembic environment: migrations run on the connection ``store.db.upgrade`` hands over.

Run from the ``alembic`` command line (``alembic -c schemas/alembic.ini upgrade head``) it
connects to ``sqlalchemy.url`` instead (``-x url=...`` or ``$VNFACTS_DATABASE_URL``).
``render_as_batch`` lets future migrations alter SQLite tables (copy-and-move).
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from vnfacts.schemas.tables import metadata
import vnfacts.schemas.feed_tables  # noqa: E402,F401  (feeds, feed_entries join the metadata)

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    conn = config.attributes.get("connection")
    if conn is not None:
        _run(conn)
        return
    from vnfacts.store.db import resolve_url

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    section = config.get_section(config.config_ini_section, {}) or {}
    section["sqlalchemy.url"] = resolve_url(url or None)
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


def run_offline() -> None:
    from vnfacts.store.db import resolve_url

    context.configure(url=resolve_url(config.get_main_option("sqlalchemy.url") or None),
                      target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
