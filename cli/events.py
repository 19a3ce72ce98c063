"""``vnfacts query events`` and ``vnfacts audit event ID``: the alliances' activity.

The rows are ``vnfacts.store.queries.events`` (filters built once, in
``queries.events_statement``, shared with the web); tables, CSV and JSON go through the
same printer as ``query claims``. ``main`` registers both commands.
"""
from __future__ import annotations

import json
from typing import Annotated, Literal

import typer
from rich.table import Table

from vnfacts.cli.common import Db, err, fail, out, print_in_article, session

EVENT_TABLE = ["id", "when", "type", "province", "officials", "claims", "quote", "title"]
LISTS = ("officials", "organisations", "claim_ids")


def _event_type(value: str | None) -> str | None:
    """A type as typed (any case, ``-`` or space for ``_``), or exit naming the types."""
    import difflib

    from vnfacts.store.queries import EVENT_TYPES

    if value is None:
        return None
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in EVENT_TYPES:
        near = difflib.get_close_matches(key, EVENT_TYPES, n=3, cutoff=0.5)
        fail(f"--type: unknown event type {value!r}" + (f"; did you mean {', '.join(near)}?" if near else "")
             + f" (types: {', '.join(EVENT_TYPES)})")
    return key


def _flat(row: dict) -> dict:
    """A row for a table or a CSV cell: lists joined with ``; ``, the number of linked claims, and
    when it was (its date, else ``~`` its article's)."""
    when = row["date"] or (f"~{row['published']}" if row["published"] else "")
    return {**row, **{k: "; ".join(map(str, row[k])) for k in LISTS}, "claims": len(row["claim_ids"]), "when": when}


def query_events(
    type: Annotated[str | None, typer.Option("--type", metavar="T", help="congress, meeting, training, trade_promotion, "
                                              "financial_support, founding, award, agreement, visit, other")] = None,
    province: Annotated[str | None, typer.Option("--province", metavar="NAME", help="Any spelling: 'TP Hà Nội', 'Hà Nội'")] = None,
    year_from: Annotated[int | None, typer.Option("--from", metavar="YYYY", help="In or after this year (the event's date, else its article's)")] = None,
    year_to: Annotated[int | None, typer.Option("--to", metavar="YYYY", help="In or before this year")] = None,
    official: Annotated[str | None, typer.Option("--official", metavar="NAME", help="Words in the name of an official at the event")] = None,
    article: Annotated[int | None, typer.Option("--article", metavar="ID", help="Only this article's events")] = None,
    order_by: Annotated[str, typer.Option("--order-by", metavar="KEY", help="date, id, type, province, article; '-' for descending")] = "-date",
    limit: Annotated[int | None, typer.Option("--limit", metavar="N", help="At most this many rows")] = None,
    fmt: Annotated[Literal["table", "csv", "json"], typer.Option("--format", "-f", help="table, csv, or json (a list of objects)")] = "table",
    columns: Annotated[str | None, typer.Option("--columns", metavar="A,B,...", help="Table columns, comma-separated (any of the --format json keys)")] = None,
    db: Db = None,
):
    """Events: the congresses, meetings, trainings, fairs, support handed over, foundings, awards,
    agreements and visits the articles report, newest first (`~` marks an event dated by its article).
    `vnfacts audit event ID` shows one."""
    from vnfacts.cli.main import Fmt, _print_rows
    from vnfacts.store import queries, vocab

    filters = {"type": _event_type(type), "year_from": year_from, "year_to": year_to, "official": official,
               "article_id": article}
    if province is not None:
        try:
            filters["province"] = vocab.province(province)
        except vocab.Unknown as e:
            fail(f"--province: {e}")
    with session(db) as s:
        try:
            rows = queries.events(s, **filters, order_by=order_by, limit=limit)
        except ValueError as e:
            fail(str(e))
    if not rows and fmt == "table":
        given = " ".join(f"--{k.replace('year_', '').replace('_id', '')} {v!r}" for k, v in filters.items() if v)
        err.print(f"no events match {given}" if given else "no events in the database; ingest some with "
                  "`vnfacts ingest PATH`", highlight=False)
        return
    shown = rows if fmt == "json" else [_flat(r) for r in rows]
    _print_rows(shown, Fmt(fmt), EVENT_TABLE, "events", chosen=columns,
                csv_columns=[*queries.EVENT_COLUMNS, "title", "published", "officials", "organisations", "claim_ids"])


def audit_event(event_id: int, fmt: str = "text", db: str | None = None) -> None:
    """Where an event came from: its article, the sentence with its words highlighted, type, date,
    province, participants and the claims it tells."""
    from vnfacts.store import queries, vocab

    with session(db) as s:
        e = queries.event(s, event_id)
    if e is None:
        fail(f"no event {event_id}")
    if fmt == "json":
        print(json.dumps(e, ensure_ascii=False, indent=2))
        return
    print_in_article(e)
    table = Table(show_header=False, box=None, highlight=False)
    for k in ("id", "type", "quote", "date", "province"):
        table.add_row(k, "" if e[k] is None else str(e[k]))
    table.add_row("officials", "; ".join(e["officials"]) or "-")
    table.add_row("organisations", "; ".join(e["organisations"]) or "-")
    run = e["run"]
    table.add_row("run", f"{run['id']} ({run['started_at']}, {run['status']})" if run else "-")
    out.print(table)
    if e["claims"]:
        claims = Table("claim", "value", "indicator", "quote", title="claims it tells", highlight=False)
        for c in e["claims"]:
            claims.add_row(str(c["id"]), vocab.human_value(c["value"], c["unit"], c["value_max"]),
                           c["indicator"] or "", c["quote"])
        out.print(claims)
    else:
        out.print("no claims told with it", style="dim")
