"""Plain ``INSERT``s and lookups sent straight to the database driver.

Saving one article writes a few hundred small rows (sentences, entities, mentions,
claims). Through the ORM, or even through Core ``insert()``, SQLAlchemy's per-statement
work (compiling, caching keys, building result objects) cost four times what SQLite spent
storing them. Here each statement is built once per dialect and table, values go through
the columns' own bind processors (so a date is stored exactly as SQLAlchemy would store
it), and the rows go to the driver's ``executemany`` as tuples.

On PostgreSQL a table's rows of an article go by ``COPY`` once they are many (an article's
sentences and mentions): at volume, the way PostgreSQL loads fastest. Otherwise it is the
same SQL on SQLite and PostgreSQL: placeholders follow the driver's
``paramstyle`` and identifiers are quoted by the dialect (``index``, ``start`` and ``end``
are reserved words).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": None, "named": None}


def _placeholder(dialect: Dialect) -> str:
    mark = _PLACEHOLDER.get(dialect.paramstyle)
    if mark is None:  # pragma: no cover - neither sqlite3 nor psycopg
        raise NotImplementedError(f"paramstyle {dialect.paramstyle!r} is not supported")
    return mark


@lru_cache(maxsize=256)  # (dialect, table, columns): a handful per engine
def _insert_sql(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[Callable[[Any], Any] | None, ...]]:
    quote = dialect.identifier_preparer.quote
    mark = _placeholder(dialect)
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    processors = tuple(table.c[c].type.bind_processor(dialect) for c in columns)
    return sql, processors


COPY_MIN_ROWS = 32  # below this, COPY's extra round trip costs more than executemany's pipeline


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``INSERT`` ``rows`` (tuples in ``columns`` order) in one ``executemany``, in order; on
    PostgreSQL, from ``COPY_MIN_ROWS`` rows on, one ``COPY ... FROM STDIN`` (rows keep their order,
    so ids are still given in it)."""
    if not rows:
        return
    sql, processors = _insert_sql(conn.dialect, table, tuple(columns))
    if any(processors):
        rows = [tuple(v if p is None or v is None else p(v) for p, v in zip(processors, row)) for row in rows]
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        copy_rows(conn, table, columns, rows)
        return
    conn.exec_driver_sql(sql, list(rows))


def copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL's ``COPY table (columns) FROM STDIN`` through psycopg, in this transaction."""
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_returning_id(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """``INSERT`` one row (``values`` by column name) and return its new ``id``."""
    columns = tuple(values)
    sql, processors = _insert_sql(conn.dialect, table, columns)
    row = tuple(v if p is None or v is None else p(v) for p, v in zip(processors, values.values()))
    new_id: int = conn.exec_driver_sql(f"{sql} RETURNING id", row).scalar_one()
    return new_id


def insert_or_skip(conn: Connection, table: Table, values: dict[str, Any], *, unique: Sequence[str]) -> int | None:
    """``INSERT`` one row unless it would repeat a unique key (``unique``): its new ``id``, or
    ``None`` when a row with that key is there (``INSERT ... ON CONFLICT DO NOTHING``, which
    SQLite and PostgreSQL both have, through SQLAlchemy's dialect inserts)."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table).values(values).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)
    new_id: int | None = conn.execute(stmt).scalar()
    return new_id


def ids_of_article(conn: Connection, table: Table, article_id: int) -> list[int]:
    """The ids of an article's rows in ``table``, in insertion (id) order."""
    quote, mark = conn.dialect.identifier_preparer.quote, _placeholder(conn.dialect)
    sql = f"SELECT id FROM {quote(table.name)} WHERE article_id = {mark} ORDER BY id"
    return [r[0] for r in conn.exec_driver_sql(sql, (article_id,))]


def scalar(conn: Connection, sql: str, params: tuple[Any, ...]) -> Any:
    """The first column of the first row of ``sql`` (``?`` placeholders), or ``None``."""
    mark = _placeholder(conn.dialect)
    if mark != "?":
        sql = sql.replace("?", mark)
    row = conn.exec_driver_sql(sql, params).first()
    return None if row is None else row[0]
