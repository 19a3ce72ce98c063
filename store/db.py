"""Which database, how to connect to it, and bringing its schema up to date.

The URL comes from ``--db`` first, then ``VNFACTS_DATABASE_URL``, then ``vnfacts.db`` in
the working folder, so that ``vnfacts ingest corpus`` just works and a team can point
everything at PostgreSQL with one environment variable. A bare file path is taken as a
SQLite file, and ``postgresql://`` means psycopg 3 (the driver we install).

The schema belongs to alembic: ``upgrade(url)`` runs the migrations in
``vnfacts.schemas`` (``schemas/migrations``) to head, and is cheap enough to call before every write.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
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


def upgrade(db: str | None = None, revision: str = "head") -> None:
    """Bring the database's schema to ``revision`` (creates it on an empty database)."""
    from alembic import command

    engine = get_engine(db)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    if revision == "head":  # a database from before observations: build them once
        from vnfacts.store import observations

        with session(db) as s:
            observations.build_if_missing(s)


def current_revision(db: str | None = None) -> str | None:
    """The alembic revision the database is at (``None`` on an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(db).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
