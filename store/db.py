"""Which database, how to connect to it, and bringing its schema up to date.

The URL comes from ``--db`` first, then ``VNFACTS_DATABASE_URL``, then ``vnfacts.db`` in
the working folder, so that ``vnfacts ingest corpus`` just works and a team can point
everything at PostgreSQL with one environment variable. A bare file path is taken as a
SQLite file, and ``postgresql://`` means psycopg 3 (the driver we install).

The schema belongs to alembic: ``upgrade(url)`` runs the migrations in
``vnfacts.schemas`` (``schemas/migrations``) to head, and is cheap enough to call before every write.
"""
from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from vnfacts import schemas as _schemas

if TYPE_CHECKING:
    from alembic.config import Config

ENV_VAR = "VNFACTS_DATABASE_URL"
DEFAULT_URL = "sqlite:///vnfacts.db"
MIGRATIONS = Path(_schemas.__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def resolve_url(db: str | None = None) -> str:
    """``--db`` > ``$VNFACTS_DATABASE_URL`` > ``sqlite:///vnfacts.db``; paths become SQLite URLs."""
    url = db or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:  # a file name: vnfacts.db, /data/news.sqlite
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (a query while an ingest runs) don't block the writer and vice versa.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def get_engine(db: str | None = None) -> Engine:
    """One engine per URL per process (engines own connection pools; make them once)."""
    url = resolve_url(db)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if is_sqlite(url):
                path = make_url(url).database
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            _engines[url] = engine
    return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, and before forking worker processes)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def session(db: str | None = None) -> Session:
    """A session on the resolved database; objects stay readable after commit."""
    return Session(get_engine(db), expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        # configparser interpolates '%': double it so passwords with '%' survive.
        cfg.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return cfg


class SchemaNotRecognised(RuntimeError):
    """Tables are there but match no revision of vnfacts' schema: nothing is touched."""


# Any 64-bit key will do: it names vnfacts' migrations among a server's advisory locks.
_PG_MIGRATION_LOCK = 0x766E_6661_6374_73  # "vnfacts"


def upgrade(db: str | None = None, revision: str = "head") -> None:
    """Bring the database's schema to ``revision`` (creates it on an empty database).

    All of it happens in one transaction that holds the database's migration lock, so
    a process killed part-way leaves the schema as it was, and two first runs at the same
    moment migrate once (the second waits, then finds nothing to do). On SQLite the driver
    is put in autocommit mode for the duration and sent ``BEGIN IMMEDIATE`` itself: by
    default pysqlite opens a transaction only before an INSERT or UPDATE, so every
    ``CREATE TABLE`` was committed on its own and a kill left tables with no
    ``alembic_version`` ("table feeds already exists" ever after). Such a database, left
    by an older vnfacts, is recognised and repaired (``_repair``).
    """
    from alembic import command

    engine = get_engine(db)
    if revision == "head" and _at_head(engine):
        return  # the usual case, and no lock taken: reads never wait for a writer
    cfg = alembic_config()
    with engine.connect() as conn, _migration_transaction(conn):
        cfg.attributes["connection"] = conn
        _repair(conn, cfg)
        command.upgrade(cfg, revision)
    if revision == "head":  # a database from before observations: build them once
        from vnfacts.store import observations

        with session(db) as s:
            observations.build_if_missing(s)


def _at_head(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head_revision()


@contextlib.contextmanager
def _migration_transaction(conn: Connection) -> Iterator[None]:
    """One transaction for the whole upgrade, holding the migration lock; commit or roll back."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    saved = raw.isolation_level if raw is not None else None
    try:
        if raw is not None:
            raw.isolation_level = None  # we say BEGIN and COMMIT, pysqlite does not
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock: a second migrator waits here
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        if raw is not None:
            raw.isolation_level = saved


def _repair(conn: Connection, cfg: Config) -> None:
    """Stamp a database whose tables are there but whose revision was lost, so it can upgrade.

    Older vnfacts killed during a migration on SQLite left exactly that. The tables are
    compared with the schema after each revision (``schemas_by_revision``): the newest
    revision whose every table is present with the same columns is the one stamped. Tables
    of later revisions that a killed migration had created are dropped when they are empty
    (the upgrade makes them again, whole); anything else is refused (:class:`SchemaNotRecognised`).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    if MigrationContext.configure(conn).get_current_revision() is not None:
        return
    present = _schema_of(conn)
    if not present:
        return  # an empty database: a first upgrade (and no need to work out every revision's schema)
    revisions = schemas_by_revision()
    known = set().union(*(schema for _, schema in revisions))
    actual = {t: cols for t, cols in present.items() if t in known}
    if not actual:
        return  # only tables that are not vnfacts': a first upgrade beside them
    empty = {t for t in actual if conn.exec_driver_sql(f"SELECT 1 FROM {_quote(conn, t)} LIMIT 1").first() is None}
    revision, extra = _recognise(actual, empty, revisions)
    for table in _drop_order(conn, extra):
        conn.exec_driver_sql(f"DROP TABLE {_quote(conn, table)}")
    if revision is not None:
        command.stamp(cfg, revision)


def _recognise(actual: dict[str, frozenset[str]], empty: set[str],
               revisions: list[tuple[str | None, dict[str, frozenset[str]]]]) -> tuple[str | None, set[str]]:
    """The newest revision ``actual`` is, and the (empty) tables of later ones it has besides."""
    for revision, schema in reversed(revisions):
        extra = set(actual) - set(schema)
        if all(actual.get(t) == cols for t, cols in schema.items()) and extra <= empty:
            return revision, extra
    detail = ", ".join(f"{t} ({', '.join(sorted(cols))})" for t, cols in sorted(actual.items()))
    raise SchemaNotRecognised(
        f"its tables match no revision of the vnfacts schema, so nothing was changed: {detail}; "
        "if it is a vnfacts database, back it up and start from an empty one")


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _drop_order(conn: Connection, tables: set[str]) -> list[str]:
    """``tables`` with those that others point at last."""
    from sqlalchemy import inspect

    inspector = inspect(conn)
    order: list[str] = []

    def visit(table: str) -> None:
        if table in order:
            return
        for other in tables - {table} - set(order):
            if any(fk["referred_table"] == table for fk in inspector.get_foreign_keys(other)):
                visit(other)
        order.append(table)

    for table in sorted(tables):
        visit(table)
    return order


def _schema_of(conn: Connection) -> dict[str, frozenset[str]]:
    """``{table: column names}`` of the database ``conn`` is on, without alembic's own table."""
    from sqlalchemy import inspect

    inspector = inspect(conn)
    return {t: frozenset(c["name"] for c in inspector.get_columns(t))
            for t in inspector.get_table_names() if t != "alembic_version"}


@functools.cache
def schemas_by_revision() -> list[tuple[str | None, dict[str, frozenset[str]]]]:
    """The tables and columns after each revision, oldest first (``None``: before any).

    Worked out by running the migrations one by one on an in-memory SQLite database, so
    a new migration needs nothing added here.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    out: list[tuple[str | None, dict[str, frozenset[str]]]] = [(None, {})]
    scratch = create_engine("sqlite://")
    try:
        with scratch.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            for revision in revisions:
                command.upgrade(cfg, revision)
                conn.commit()
                out.append((revision, _schema_of(conn)))
    finally:
        scratch.dispose()
    return out


def current_revision(db: str | None = None) -> str | None:
    """The alembic revision the database is at (``None`` on an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(db).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
