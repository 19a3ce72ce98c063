"""Alembic environment: migrations run on the connection ``vnfacts.store.db.upgrade`` hands over.

Run from the ``alembic`` command line (``alembic -c schemas/alembic.ini upgrade head``) it
connects to ``-x url=...``, else ``sqlalchemy.url``, else ``$VNFACTS_DATABASE_URL``, else
``vnfacts.db`` (``vnfacts.store.db.resolve_url``'s order, read here so that the schemas do
not reach up into the store), in one transaction on SQLite too. ``render_as_batch`` lets future migrations alter SQLite
tables (copy-and-move).
"""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import engine_from_config, pool

import vnfacts.schemas.feed_tables  # noqa: E402,F401  (feeds, feed_entries join the metadata)
from vnfacts.schemas.tables import metadata

config = context.config


def _url(given: str | None) -> str:
    """The database URL for the alembic command line, spelled as vnfacts spells it: a bare file
    name is a SQLite file, ``postgresql://`` means psycopg 3 (the driver vnfacts installs)."""
    url = given or os.environ.get("VNFACTS_DATABASE_URL") or "sqlite:///vnfacts.db"
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


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
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    section = config.get_section(config.config_ini_section, {}) or {}
    section["sqlalchemy.url"] = _url(url)
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # One transaction for the whole upgrade, as vnfacts.store.db.upgrade does: pysqlite
            # would commit each CREATE TABLE alone, and a kill would leave tables unversioned.
            driver = connection.connection.driver_connection
            if driver is not None:
                driver.isolation_level = None
                connection.exec_driver_sql("BEGIN IMMEDIATE")
        _run(connection)
        connection.commit()


def run_offline() -> None:
    context.configure(url=_url(config.get_main_option("sqlalchemy.url")),
                      target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
