"""``vnfacts``: extract facts from Vietnamese cooperative news, store them, ask questions.

    vnfacts extract corpus --out out/          # facts as gold-format JSON, no database
    vnfacts ingest corpus                      # extract + store (vnfacts.db), idempotent
    vnfacts query claims --province "TP Hà Nội" --indicator HTX --format json
    vnfacts audit 12                           # where claim 12 came from
    vnfacts query events --type congress       # the alliances' activity; `audit event ID` for one
    vnfacts export --format gold --out gold/   # what `extract --out` writes, from the db
    vnfacts stats

Every command that reads or writes the database takes ``--db URL`` (or a SQLite file
name); without it, ``$VNFACTS_DATABASE_URL``, then ``vnfacts.db`` in the working folder.
Prefect is only imported by ``ingest``, so queries start fast.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import json
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.table import Table

from vnfacts.cli.common import (
    Db,
    UsePrefect,
    database_errors,
    err,
    fail,
    open_db,
    out,
    plural,
    print_in_article,
    progress_bar,
    session,
    write_data,
)

app = typer.Typer(help="Vietnamese cooperative news -> auditable facts: extract, ingest, query, audit, export.",
                  no_args_is_help=True, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]})
query_app = typer.Typer(help="Ask the database: claims, events, officials, cooperatives, articles, runs, errors, warnings.",
                        no_args_is_help=True)
db_app = typer.Typer(help="Database schema (alembic migrations).", no_args_is_help=True)
app.add_typer(query_app, name="query")
app.add_typer(db_app, name="db")


def _version(value: bool):
    if value:
        from vnfacts import __version__, extractors

        print(f"vnfacts {__version__} (extractors {extractors.EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit")] = False):
    """Vietnamese cooperative news -> auditable facts: extract, ingest, query, audit, export."""


class Fmt(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFmt(str, Enum):
    gold = "gold"
    jsonl = "jsonl"
    csv = "csv"


Format = Annotated[Fmt, typer.Option("--format", "-f", help="table, csv, or json (a list of objects)")]
Limit = Annotated[int | None, typer.Option("--limit", metavar="N", help="At most this many rows")]
YearFrom = Annotated[int | None, typer.Option("--from", metavar="YYYY", help="Published in or after this year")]
YearTo = Annotated[int | None, typer.Option("--to", metavar="YYYY", help="Published in or before this year")]
PeriodFrom = Annotated[int | None, typer.Option("--period-from", metavar="YYYY",
                                                  help="The number holds in or after this year (its period overlaps)")]
PeriodTo = Annotated[int | None, typer.Option("--period-to", metavar="YYYY",
                                                help="The number holds in or before this year (its period overlaps)")]
Province = Annotated[str | None, typer.Option("--province", metavar="NAME", help="Any spelling: 'TP Hà Nội', 'Hà Nội'")]
Paths = Annotated[list[Path], typer.Argument(metavar="PATH", help="Article files, or folders of *.txt")]


def _fail(message: str, code: int = 1) -> NoReturn:
    fail(message, code)


def _session(db: str | None, *, write: bool = False):
    return session(db, write=write)


BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 (Vietnamese intact) only when it starts with one
Excel = Annotated[bool, typer.Option("--excel", help="CSV for Excel: a byte-order mark so Vietnamese opens intact")]
Columns = Annotated[str | None, typer.Option("--columns", metavar="A,B,...",
                                                help="Table columns, comma-separated (any of the --format json keys)")]


HEADERS = {"article_date": "date", "article_id": "article", "sentence_index": "sentence", "n_claims": "claims", "n_new": "new",
           "n_unchanged": "unchanged", "n_replaced": "replaced", "n_failed": "failed", "started_at": "started",
           "run_id": "run"}
NO_WRAP = {"id", "article_id", "value", "modality", "article_date", "year", "published", "n_claims"}


def _cell(row: dict, column: str) -> str:
    """A table cell: money and counts humanised (``17,6 nghìn tỷ đồng``), modality as fact/target."""
    from vnfacts.store import vocab

    if column == "value" and "unit" in row:
        return vocab.human_value(row.get("value"), row.get("unit"), row.get("value_max"))
    if column == "modality" and row.get("modality"):
        return "fact" if row["modality"] == "actual" else row["modality"]
    if column == "started_at" and row.get(column):
        return str(row[column])[:19].replace("T", " ")
    if column == "year":
        return (row.get("article_date") or row.get("published") or "")[:4]
    value = row.get(column)
    return "" if value is None else str(value)


def _table_columns(rows: list[dict], default: list[str] | None, columns: str | None) -> list[str]:
    if not columns:
        return default or (list(rows[0]) if rows else [])
    wanted = [c.strip() for c in columns.split(",") if c.strip()]
    known = list(rows[0]) + ["year"] if rows else []
    bad = [c for c in wanted if known and c not in known]
    if bad:
        fail(f"unknown column {', '.join(bad)}; choose from {', '.join(known)}")
    return wanted


def _print_rows(rows: list[dict], fmt: Fmt, columns: list[str] | None = None, title: str | None = None, *,
                chosen: str | None = None, excel: bool = False, csv_columns=None):
    from vnfacts.store.export import to_csv, to_json

    if fmt is Fmt.json:
        print(to_json(rows))
    elif fmt is Fmt.csv:
        write_data((BOM if excel else "") + to_csv(rows, csv_columns))
    else:
        cols = _table_columns(rows, columns, chosen)
        table = Table(title=title, show_lines=False, highlight=False)
        for c in cols:
            table.add_column(HEADERS.get(c, c), overflow="fold", no_wrap=c in NO_WRAP,
                             justify="right" if c in ("id", "value", "value_max", "article_id") else "left")
        for r in rows:
            table.add_row(*[_cell(r, c) for c in cols])
        out.print(table)
        if not rows:
            err.print("no rows")


# -- extract ---------------------------------------------------------------------------

@app.command()
def extract(
    paths: Paths,
    out_dir: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="Write DIR/<name>.json (gold format) per article")] = None,
):
    """Extract facts without a database: gold-format JSON files, or a readable summary.

    A file that cannot be read (empty, binary, undecodable) is reported and skipped; the
    exit code is non-zero only when every file failed.
    """
    from vnfacts.flows.ingest import discover, extract_items, warm_up
    from vnfacts.store.export import write_gold

    items, skipped = discover(paths)  # what ingest reads, and what it would skip (pipes, dangling links ...)
    if not items and not skipped:
        _fail("no article files found in " + ", ".join(map(str, paths)))
    warm_up()
    done = 0
    for item in items:  # one at a time: ingest's reading (saved web pages too) and time budget
        [(kind, _, *result)] = extract_items([item], {})
        if kind != "facts":
            skipped.append((item.path, result[0]))
            continue
        f, facts = item.path, result[0]
        done += 1
        for w in facts.warnings:
            where = f"sentence {w.sentence_index}" if w.sentence_index is not None else "the article"
            err.print(f"[yellow]warning[/yellow] {f}: {w.extractor} failed on {where} ({w.error}); "
                      "its other facts are kept", highlight=False)
        if out_dir is not None:
            write_gold(facts, out_dir)
        else:
            _show_facts(facts)
    for path, reason in skipped:
        err.print(f"[yellow]skipped[/yellow] {path}: {reason}", highlight=False)
    if out_dir is not None:
        err.print(f"wrote {plural(done, 'file')} to {out_dir}" + (f", skipped {len(skipped)}" if skipped else ""))
    if done == 0:
        raise typer.Exit(1)


def _show_facts(facts) -> None:
    from vnfacts.schemas.gold import to_gold

    g = to_gold(facts)
    meta = g["metadata"]
    out.rule(f"[bold]{facts.doc}")
    out.print(f"[bold]{meta['title'] or '(no title)'}[/bold]  {meta['published'] or 'no date'}  "
              f"province: {meta['about_province'] or '-'}", highlight=False)
    if g["provinces"]:
        out.print("provinces: " + ", ".join(g["provinces"]), highlight=False)
    for o in g["officials"]:
        out.print(f"official: {o['name']} — {o['title']}", highlight=False)
    for c in g["cooperatives"]:
        out.print(f"cooperative: {c}", highlight=False)
    if g["claims"]:
        table = Table("quote", "value", "unit", "counted", "indicator", "qualifier", "modality", "change", "province")
        for c in g["claims"]:
            table.add_row(*["" if c.get(k) is None else str(c.get(k)) for k in
                            ("quote", "value", "unit", "counted", "indicator", "qualifier", "modality", "change",
                             "province")])
        out.print(table)
    else:
        out.print("no claims")


# -- ingest ----------------------------------------------------------------------------

class Runner(str, Enum):
    local = "local"
    dask = "dask"


def runner_options(runner: Runner, workers: int | None, address: str | None) -> dict:
    """``run_flow``'s keywords for ``--runner``: one process here, or two local Dask workers, unless told."""
    if runner is Runner.local:
        return {"workers": workers or 1}
    return {"runner": "dask", "address": address, "workers": workers or 2}


def missing_paths(paths: list[Path]) -> list[str]:
    return [str(p) for p in paths if not p.exists()]


@app.command()
def ingest(
    paths: Paths,
    db: Db = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", help="Articles per batch (a Prefect task each)")] = 64,
    workers: Annotated[int | None, typer.Option("--workers", metavar="N",
                                                help="Extraction processes (default 1; with --runner dask, 2)")] = None,
    prefect: UsePrefect = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
    runner: Annotated[Runner, typer.Option("--runner", help="Extract here, or on a Dask cluster")] = Runner.local,
    address: Annotated[str | None, typer.Option("--address", metavar="tcp://HOST:PORT",
                                                help="Dask scheduler (default: start --workers local ones)")] = None,
):
    """Extract and store articles (the ingest_corpus flow); safe to re-run.

    Unchanged articles are skipped, changed ones replaced, bad files recorded as errors.
    Runs in this process unless PREFECT_API_URL is set or --prefect is given.
    --runner dask extracts on Dask workers (--address, else --workers N local processes, default 2).
    """
    if address and runner is not Runner.dask:
        fail("--address needs --runner dask")
    started = time.perf_counter()
    missing = missing_paths(paths)
    if missing:
        fail(f"no such file or folder: {', '.join(missing)} (nothing was ingested)")
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    url = open_db(db)
    from vnfacts.flows.ingest import discover, on_progress, prefect_server_configured, run_flow

    if runner is Runner.dask and prefect and not prefect_server_configured():
        # Dask workers run Prefect's task engine: without a server they can reach, each starts a temporary one
        fail("--runner dask --prefect needs a Prefect server the workers can reach: `prefect server start` and "
             "PREFECT_API_URL=http://HOST:4200/api (without --prefect the run needs no server)")

    items, _ = discover(paths)
    progress, bar = progress_bar(len(items), "reading")
    with progress:
        seen: set[str] = set()

        def advance(event: str, locator: str):
            if event == "loading":
                progress.update(bar, description="loading language models")
            elif locator in seen:
                progress.update(bar, description=event)
            else:  # an article's first event: read (in this process), else its outcome
                seen.add(locator)
                progress.update(bar, advance=1, description="reading" if event == "read" else event)

        with on_progress(advance):
            summary = run_flow([str(p) for p in paths], url, batch_size=batch_size, prefect=prefect or None,
                               **runner_options(runner, workers, address))
    summary["seconds"] = round(time.perf_counter() - started, 2)  # what the user waited, not the flow alone
    _print_summary(summary)
    if summary["files"] and summary["failed"] == summary["files"]:
        raise typer.Exit(1)


def _print_summary(s: dict) -> None:
    table = Table(title=f"ingest run {s['run_id']}", highlight=False)
    for c in ("new", "unchanged", "replaced", "failed", "claims", "entities", "seconds"):
        table.add_column(c, justify="right")
    table.add_row(*[str(s[c]) for c in ("new", "unchanged", "replaced", "failed", "claims", "entities", "seconds")])
    out.print(table)
    for locator, reason in s.get("errors", [])[:20]:
        err.print(f"[yellow]failed[/yellow] {locator}: {reason}", highlight=False)
    if len(s.get("errors", [])) > 20:
        err.print(f"... and {len(s['errors']) - 20} more: vnfacts query errors --run {s['run_id']}")


# -- query -----------------------------------------------------------------------------

CLAIM_TABLE = ["id", "value", "indicator", "modality", "province", "year", "quote"]


def _resolve(kind: str, value: str | None, resolve):
    """A filter value as stored, or exit naming the nearest valid values."""
    from vnfacts.store import vocab

    if value is None:
        return None
    try:
        return resolve(value)
    except vocab.Unknown as e:
        fail(f"--{kind}: {e}")


def _explain_no_claims(s, filters: dict) -> None:
    """No claim matched: say so, and for each filter how many claims it alone matches (and, when
    none, the values the database does hold)."""
    from vnfacts.store import queries

    given = {k: v for k, v in filters.items() if v is not None}
    if not given:
        err.print("no claims in the database; ingest some with `vnfacts ingest PATH`")
        return
    err.print("no claims match " + " ".join(f"--{k.replace('_', '-')} {v!r}" for k, v in given.items()), highlight=False)
    if len(given) == 1 and given.keys() <= {"province", "indicator", "modality", "qualifier", "unit"}:
        key = next(iter(given))
        held = queries.claim_values(s, key)
        err.print(f"  {key}s with claims: " + ", ".join(f"{v} ({n})" for v, n in held[:8]), highlight=False)
        return
    for key, value in given.items():
        n = queries.count_claims(s, **{_ARG.get(key, key): value})
        line = f"  --{key.replace('_', '-')} {value!r} alone: {plural(n, 'claim')}"
        if n == 0 and key in ("province", "indicator", "modality", "qualifier", "unit"):
            held = queries.claim_values(s, key)
            line += "; values with claims: " + ", ".join(f"{v} ({c})" for v, c in held[:8])
        err.print(line, highlight=False)


_ARG = {"from": "year_from", "to": "year_to", "article": "article_id"}


@query_app.command("claims")
def query_claims(
    province: Province = None,
    indicator: Annotated[str | None, typer.Option("--indicator", metavar="KEY|WORDS",
                                                     help="An indicator key or its words: cooperatives, HTX, 'hợp tác xã', 'vốn vay'")] = None,
    modality: Annotated[str | None, typer.Option("--modality", metavar="fact|target",
                                                    help="fact (stored as actual; 'actual' works too) or target")] = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
    article: Annotated[int | None, typer.Option("--article", metavar="ID", help="Only this article's claims")] = None,
    qualifier: Annotated[str | None, typer.Option("--qualifier", metavar="Q",
                                                     help="more_than, approx, ... or the word: hơn, khoảng, ít nhất")] = None,
    unit: Annotated[str | None, typer.Option("--unit", metavar="U", help="count, percent, VND ... or as written: %, 'tỷ đồng'")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="WORDS", help="Words in the quote or its sentence")] = None,
    order_by: Annotated[str, typer.Option("--order-by", metavar="KEY", help="id, value, date, province, indicator; '-' for descending")] = "id",
    limit: Limit = None,
    fmt: Format = Fmt.table,
    columns: Columns = None,
    excel: Excel = False,
    db: Db = None,
):
    """Numeric claims, filtered. Tables show a few columns (--columns for others); CSV has them all,
    with each claim's article title, URL or path, and sentence."""
    from vnfacts.store import queries, vocab

    filters = {"province": _resolve("province", province, vocab.province),
               "indicator": _resolve("indicator", indicator, vocab.indicator),
               "modality": _resolve("modality", modality, vocab.modality),
               "qualifier": _resolve("qualifier", qualifier, vocab.qualifier),
               "unit": _resolve("unit", unit, vocab.unit),
               "from": year_from, "to": year_to, "period_from": period_from, "period_to": period_to,
               "article": article, "text": text}
    with _session(db) as s:
        try:
            rows = queries.claims(s, **{_ARG.get(k, k): v for k, v in filters.items()}, order_by=order_by,
                                  limit=limit, context=fmt is Fmt.csv)
        except ValueError as e:
            _fail(str(e))
        if not rows:
            _explain_no_claims(s, filters)
    if rows or fmt is not Fmt.table:
        _print_rows(rows, fmt, CLAIM_TABLE, "claims", chosen=columns, excel=excel,
                    csv_columns=[*queries.CLAIM_COLUMNS, *queries.CONTEXT_COLUMNS])


@query_app.command("articles")
def query_articles(province: Province = None, year_from: YearFrom = None, year_to: YearTo = None,
                   text: Annotated[str | None, typer.Option("--text", help="Words in the title or file name")] = None,
                   limit: Limit = None, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Articles (without their text)."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.articles(s, province=province, year_from=year_from, year_to=year_to, text=text, limit=limit)
    _print_rows(rows, fmt, ["id", "title", "published", "province", "n_claims"], "articles", chosen=columns)


@query_app.command("officials")
def query_officials(name: Annotated[str | None, typer.Option("--name")] = None,
                    title: Annotated[str | None, typer.Option("--title")] = None,
                    province: Province = None, year_from: YearFrom = None, year_to: YearTo = None,
                    article: Annotated[int | None, typer.Option("--article")] = None,
                    limit: Limit = None, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Officials named in the articles, with their titles."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.officials(s, name=name, title=title, province=province, article_id=article,
                                 year_from=year_from, year_to=year_to, limit=limit)
    _print_rows(rows, fmt, ["id", "article_id", "name", "title", "province"], "officials", chosen=columns)


@query_app.command("cooperatives")
def query_cooperatives(name: Annotated[str | None, typer.Option("--name")] = None,
                       province: Province = None,
                       kind: Annotated[str | None, typer.Option("--kind", help="cooperative, union, group, alliance")] = None,
                       year_from: YearFrom = None, year_to: YearTo = None,
                       article: Annotated[int | None, typer.Option("--article")] = None,
                       limit: Limit = None, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Named cooperatives, unions and groups (alliances with --kind alliance)."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.cooperatives(s, name=name, province=province, kind=kind, article_id=article,
                                    year_from=year_from, year_to=year_to, limit=limit)
    _print_rows(rows, fmt, ["id", "article_id", "name", "kind", "province"], "cooperatives", chosen=columns)


@query_app.command("runs")
def query_runs(limit: Limit = 20, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Ingest runs, newest first."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.runs(s, limit=limit)
    _print_rows(rows, fmt, ["id", "started_at", "status", "n_new", "n_unchanged", "n_replaced", "n_failed", "n_claims"],
                "runs", chosen=columns)


@query_app.command("errors")
def query_errors(run: Annotated[int | None, typer.Option("--run", help="Only this run's errors")] = None,
                 limit: Limit = None, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Files that could not be ingested, and why."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.errors(s, run_id=run, limit=limit)
    _print_rows(rows, fmt, ["id", "run_id", "locator", "reason"], "errors", chosen=columns)


@query_app.command("warnings")
def query_warnings(run: Annotated[int | None, typer.Option("--run", help="Only this run's warnings")] = None,
                   article: Annotated[int | None, typer.Option("--article", help="Only this article's")] = None,
                   limit: Limit = None, fmt: Format = Fmt.table, columns: Columns = None, db: Db = None):
    """Sentences an extractor failed on in stored articles (the rest of each article is stored)."""
    from vnfacts.store import queries

    with _session(db) as s:
        rows = queries.warnings(s, run_id=run, article_id=article, limit=limit)
    _print_rows(rows, fmt, ["id", "article_id", "sentence_index", "extractor", "error"], "warnings", chosen=columns)


# -- audit, export, stats, db ----------------------------------------------------------

@app.command()
def audit(what: Annotated[str, typer.Argument(metavar="[event] ID", help="A claim id from `vnfacts query claims`; "
                                              "`event ID` for an event from `vnfacts query events`")],
          ident: Annotated[int | None, typer.Argument(hidden=True, show_default=False)] = None,
          fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text", db: Db = None):
    """Where a claim (or an event) came from: article, sentence (words highlighted), values, extractor, run."""
    from vnfacts.cli.events import audit_event
    from vnfacts.store import queries

    if what in ("event", "claim"):  # `audit event 3`, `audit claim 12` (= `audit 12`)
        if ident is None:
            _fail(f"`vnfacts audit {what} ID`: give the {what}'s id")
        if what == "event":
            return audit_event(ident, fmt, db)
        what = str(ident)
    elif ident is not None:
        _fail(f"one claim id at a time, or `vnfacts audit event ID` (got {what} {ident})")
    if not what.isdigit():
        _fail(f"not a claim id: {what!r} (`vnfacts audit CLAIM_ID`, `vnfacts audit event EVENT_ID`)")
    claim_id = int(what)
    with _session(db) as s:
        c = queries.claim(s, claim_id)
    if c is None:
        _fail(f"no claim {claim_id}")
    if fmt == "json":
        print(json.dumps(c, ensure_ascii=False, indent=2))
        return
    print_in_article(c)
    table = Table(show_header=False, box=None, highlight=False)
    for k in ("id", "quote", "value", "value_max", "unit", "counted", "indicator", "qualifier", "modality", "change",
              "province", "article_date", "section"):
        table.add_row(k, "" if c[k] is None else str(c[k]))
    table.add_row("extractor", f"{c['extractor']} {c['extractor_version']}")
    run = c["run"]
    table.add_row("run", f"{run['id']} ({run['started_at']}, {run['status']})" if run else "-")
    out.print(table)


@app.command()
def export(fmt: Annotated[ExportFmt, typer.Option("--format", "-f", help="gold (a folder of JSON files), jsonl (one article's facts per line), csv (claims)")],
           out_path: Annotated[Path, typer.Option("--out", metavar="PATH", help="Folder for gold; file for jsonl/csv ('-' for stdout)")],
           excel: Annotated[bool | None, typer.Option("--excel/--no-excel", help="CSV with a byte-order mark for Excel (default: on for a file, off for stdout)")] = None,
           db: Db = None):
    """Write the stored facts out: the same gold files `vnfacts extract --out` writes, and more.

    The CSV has every claim column plus its article's title, URL or path, and sentence.
    """
    from sqlalchemy import select

    from vnfacts.schemas.tables import Article
    from vnfacts.store import load, queries
    from vnfacts.store.export import to_csv, write_gold

    with _session(db) as s:
        ids = list(s.exec(select(Article.id).order_by(Article.id)).scalars())
        if fmt is ExportFmt.gold:
            for i in ids:
                write_gold(load.read_article_facts(s, i), out_path)
            err.print(f"wrote {plural(len(ids), 'file')} to {out_path}")
            return
        if fmt is ExportFmt.jsonl:
            text = "".join(load.read_article_facts(s, i).model_dump_json() + "\n" for i in ids)
        else:
            text = to_csv(queries.claims(s, context=True), [*queries.CLAIM_COLUMNS, *queries.CONTEXT_COLUMNS])
            if excel or (excel is None and str(out_path) != "-"):
                text = BOM + text
    if str(out_path) == "-":
        write_data(text)
    else:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_path}")


@app.command()
def stats(fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table", db: Db = None):
    """Row counts per table; claims per province and per indicator."""
    from vnfacts.store import queries

    with _session(db) as s:
        st = queries.stats(s)
    if fmt == "json":
        print(json.dumps(st, ensure_ascii=False, indent=2))
        return
    t = Table("table", "rows", title="tables", highlight=False)
    for name, n in st["tables"].items():
        t.add_row(name, str(n))
    out.print(t)
    for key, label in (("claims_by_province", "province"), ("claims_by_indicator", "indicator"),
                       ("articles_by_province", "province")):
        t = Table(label, "count", title=key.replace("_", " "), highlight=False)
        for r in st[key]:
            t.add_row(r[label] or "-", str(r["count"]))
        out.print(t)


@db_app.command("upgrade")
def db_upgrade(db: Db = None, revision: Annotated[str, typer.Argument(metavar="REVISION", help="An alembic revision")] = "head"):
    """Create or migrate the schema (a no-op when already current)."""
    from vnfacts.store import db as store_db

    url = store_db.resolve_url(db)
    with database_errors(url):
        before = store_db.current_revision(url)
        store_db.upgrade(url, revision)
        after = store_db.current_revision(url)
    err.print(f"database at {after}" + (" (no change)" if before == after else f" (was {before or 'empty'})"))


@db_app.command("current")
def db_current(db: Db = None):
    """The schema revision the database is at, and the newest this vnfacts knows."""
    from vnfacts.store import db as store_db

    url = store_db.resolve_url(db)
    with database_errors(url):
        current = store_db.current_revision(url)
    out.print(f"current: {current or 'empty'}  head: {store_db.head_revision()}")


@app.command()
def serve(host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8000, db: Db = None):
    """Open the database in the browser, read-only: indicators, charts, claim audits, articles, JSON API."""
    from vnfacts.store import db as store_db
    from vnfacts.web.readonly import DatabaseMissing
    from vnfacts.web.serve import serve as run_server

    url = store_db.resolve_url(db)
    if not store_db.is_sqlite(url):  # say now, not at the first page, that the server cannot be reached
        with database_errors(url), store_db.get_engine(url).connect():
            pass
    try:
        run_server(db, host=host, port=port)
    except DatabaseMissing as exc:
        _fail(str(exc))


# -- feeds (flows/feeds.py, cli/feeds.py) ------------------------------------------------

from vnfacts.cli.events import query_events  # noqa: E402
from vnfacts.cli.feeds import feeds_app, schedule  # noqa: E402

query_app.command("events")(query_events)
app.add_typer(feeds_app, name="feeds")
app.command("schedule")(schedule)

from vnfacts.cli.series import register as register_series  # noqa: E402

register_series(app)


if __name__ == "__main__":  # pragma: no cover
    app()
