"""A read-only engine on the configured database.

SQLite is opened through a URI with ``mode=ro`` (and ``PRAGMA query_only``); PostgreSQL
sessions start with ``default_transaction_read_only=on``. On top of that the app's
sessions never commit. Any of the three alone stops a write; together they make the web
interface unable to change the database whatever a request asks.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool
from sqlmodel import create_engine

from vnfacts.store.db import is_sqlite, resolve_url


class DatabaseMissing(FileNotFoundError):
    pass


def readonly_url(database_url: str | None = None) -> str:
    """The resolved URL (``--db`` > ``$VNFACTS_DATABASE_URL`` > ``vnfacts.db``), made read-only."""
    url = resolve_url(database_url)
    parsed = make_url(url)
    if is_sqlite(url):
        path = parsed.database
        if not path or path == ":memory:":
            raise ValueError("the web interface needs a database file, not an in-memory SQLite database")
        if path.startswith("file:"):  # already a URI: add mode=ro
            base = path.split("?", 1)[0][len("file:"):]
        else:
            base = path
        file = Path(base)
        if not file.is_file():
            raise DatabaseMissing(f"no database at {file.resolve()} (run `vnfacts ingest` first, or pass --db)")
        return f"sqlite:///file:{quote(str(file.resolve()))}?mode=ro&uri=true"
    if parsed.get_backend_name() == "postgresql":
        opts = parsed.query.get("options")
        if isinstance(opts, tuple):
            opts = " ".join(opts)
        ro = "-c default_transaction_read_only=on"
        parsed = parsed.update_query_dict({"options": f"{opts} {ro}" if opts else ro})
        return parsed.render_as_string(hide_password=False)
    return url


class _SQLiteCompiler(SQLiteCompiler):
    """``ILIKE`` as plain ``LIKE``: the same rows on SQLite, at a third of the cost.

    SQLAlchemy writes ``a ILIKE b`` as ``lower(a) LIKE lower(b)`` for SQLite. SQLite's
    ``lower()`` folds ASCII letters only, and its ``LIKE`` already ignores the case of
    ASCII letters (and only those), so both forms match exactly the same rows; the
    ``lower()`` calls only cost time (a text search over every claim and sentence).
    """

    def visit_ilike_op_binary(self, binary, operator, **kw):
        return self.visit_like_op_binary(binary, operator, **kw)

    def visit_not_ilike_op_binary(self, binary, operator, **kw):
        return self.visit_not_like_op_binary(binary, operator, **kw)

    # ``icontains`` (the text filters, with ``autoescape``): ``LIKE '%' || ? || '%' ESCAPE '/'``
    def visit_icontains_op_binary(self, binary, operator, **kw):
        return self.visit_contains_op_binary(binary, operator, **kw)

    def visit_not_icontains_op_binary(self, binary, operator, **kw):
        return self.visit_not_contains_op_binary(binary, operator, **kw)


def _sqlite_readonly(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def readonly_engine(database_url: str | None = None, *, pool_size: int = 32, pool_timeout: float = 10.0) -> Engine:
    """The engine, its pool holding ``pool_size`` connections: as many as requests are served
    at once (``vnfacts.web.overload``), so that none waits for one. (SQLAlchemy's default, 5
    plus 10 overflow, made the 16th concurrent request wait 30 s, then fail.) A read-only
    SQLite connection costs a file handle and a page cache; a few dozen are nothing."""
    url = readonly_url(database_url)
    sizes = {"pool_size": pool_size, "max_overflow": max(4, pool_size // 4), "pool_timeout": pool_timeout}
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               poolclass=QueuePool, **sizes)
        event.listen(engine, "connect", _sqlite_readonly)
        engine.dialect.statement_compiler = _SQLiteCompiler
    else:
        engine = create_engine(url, pool_pre_ping=True, **sizes)
    return engine
