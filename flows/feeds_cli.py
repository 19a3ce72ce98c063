"""``vnfacts feeds ...`` and ``vnfacts schedule``: the command line of feed ingestion.

    vnfacts feeds add https://example.vn/rss/htx.rss --name "Kinh tế hợp tác"
    vnfacts feeds list                     # last fetch, status, new articles, errors
    vnfacts feeds run                      # the ingest_feeds flow once, with a summary per feed
    vnfacts feeds pause 2 / resume 2 / remove 2
    vnfacts schedule                       # serve ingest-feeds (every 30 min) + ingest-corpus

``flows.cli`` mounts ``feeds_app`` as ``feeds`` and ``schedule`` as a command.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

feeds_app = typer.Typer(help="Follow RSS/Atom feeds: add, list, remove, run once.", no_args_is_help=True)

out = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200)
err = Console(stderr=True)

DEFAULT_CRON = "*/30 * * * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

Db = Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite file [default: $VNFACTS_DATABASE_URL or vnfacts.db]")]


def _fail(message: str, code: int = 1):
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _session(db: str | None):
    from store import db as store_db

    url = store_db.resolve_url(db)
    store_db.upgrade(url)
    return store_db.session(url)


@feeds_app.command("add")
def feeds_add(url: Annotated[str, typer.Argument(help="The feed's URL (RSS 0.9x/1.0/2.0 or Atom)")],
              name: Annotated[Optional[str], typer.Option("--name", help="A short name to show and to refer to it by")] = None,
              db: Db = None):
    """Register a feed (adding it again re-activates it and updates its name)."""
    from flows import feed_registry as registry

    with _session(db) as s:
        try:
            feed, created = registry.add_feed(s, url, name)
        except ValueError as e:
            _fail(str(e))
        err.print(f"{'added' if created else 'updated'} feed {feed.id}: {feed.url}"
                  + (f" ({feed.name})" if feed.name else ""), highlight=False)


@feeds_app.command("list")
def feeds_list(fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table", db: Db = None):
    """Registered feeds: last fetch, status, entries and new articles last run, errors."""
    from flows import feed_registry as registry

    with _session(db) as s:
        rows = registry.list_feeds(s)
    if fmt == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        from flows.export import to_csv

        sys.stdout.write(to_csv(rows, list(registry.FEED_COLUMNS)))
        return
    table = Table(title="feeds", highlight=False)
    for c in ("id", "name", "url", "active", "last fetch", "status", "entries", "new", "errors", "articles",
              "total errors", "last error"):
        table.add_column(c, overflow="fold", justify="right" if c in ("id", "entries", "new", "errors", "articles",
                                                                      "total errors") else "left")
    for r in rows:
        status = r["last_status"] or "never fetched"
        if r["last_http_status"] and r["last_status"] not in ("not-modified",):
            status += f" ({r['last_http_status']})"
        table.add_row(str(r["id"]), r["name"] or "", r["url"], "yes" if r["active"] else "paused",
                      (r["last_fetched_at"] or "")[:19].replace("T", " "), status, str(r["entries_last_run"]),
                      str(r["new_articles_last_run"]), str(r["errors_last_run"]), str(r["articles"]),
                      str(r["errors"]), r["last_error"] or "")
    out.print(table)
    if not rows:
        err.print("no feeds; add one with `vnfacts feeds add URL`")


@feeds_app.command("remove")
def feeds_remove(feed: Annotated[str, typer.Argument(help="Feed id, URL or name")], db: Db = None):
    """Stop following a feed (its articles stay in the database)."""
    from flows import feed_registry as registry

    with _session(db) as s:
        removed = registry.remove_feed(s, feed)
    if removed is None:
        _fail(f"no feed {feed!r} (see `vnfacts feeds list`)")
    err.print(f"removed feed {removed.id}: {removed.url}", highlight=False)


def _set_active(feed: str, active: bool, db: str | None):
    from flows import feed_registry as registry

    with _session(db) as s:
        row = registry.set_active(s, feed, active)
    if row is None:
        _fail(f"no feed {feed!r} (see `vnfacts feeds list`)")
    err.print(f"feed {row.id} {'resumed' if active else 'paused'}: {row.url}", highlight=False)


@feeds_app.command("pause")
def feeds_pause(feed: Annotated[str, typer.Argument(help="Feed id, URL or name")], db: Db = None):
    """Keep a feed registered but skip it in runs."""
    _set_active(feed, False, db)


@feeds_app.command("resume")
def feeds_resume(feed: Annotated[str, typer.Argument(help="Feed id, URL or name")], db: Db = None):
    """Follow a paused feed again."""
    _set_active(feed, True, db)


@feeds_app.command("run")
def feeds_run(
    feed: Annotated[Optional[list[str]], typer.Option("--feed", help="Only this feed (id, URL or name); repeatable")] = None,
    db: Db = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Pages per Prefect task")] = 16,
    workers: Annotated[int, typer.Option("--workers", help="Pages fetched at once")] = 8,
    per_host: Annotated[int, typer.Option("--per-host", help="Requests in flight per host")] = 2,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a server")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", help="Retries after a timeout or 5xx")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", help="First retry delay in seconds (doubles)")] = 1.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
):
    """Run the ingest_feeds flow once: new entries of every active feed -> facts in the database."""
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows import feed_registry as registry
    from flows.feeds import ingest_feeds, on_progress
    from store import db as store_db

    url = store_db.resolve_url(db)
    store_db.upgrade(url)
    with store_db.session(url) as s:
        try:
            n_feeds = len(registry.active_feeds(s, feed))
        except LookupError as e:
            _fail(str(e))
    if n_feeds == 0:
        _fail("no active feeds; add one with `vnfacts feeds add URL`")
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with progress:
        bar = progress.add_task("reading feeds", total=n_feeds)

        def advance(event: str, detail: str):
            if event == "feed":
                progress.update(bar, advance=1, description=f"feed {detail.split(' ', 1)[0]}")
            elif event == "planned":
                progress.reset(bar, total=int(detail), description="pages")
            elif event != "linked":
                progress.update(bar, advance=1, description=event)

        with on_progress(advance):
            summary = ingest_feeds(db=url, feeds=feed or None, batch_size=batch_size, page_workers=workers,
                                   per_host=per_host, timeout=timeout, retries=retries, backoff=backoff)
    print_summary(summary)
    if summary["feeds"] and all(f["status"] == "failed" for f in summary["feeds"]):
        raise typer.Exit(1)


def print_summary(s: dict) -> None:
    table = Table(title=f"feeds run {s['run_id']}", highlight=False)
    for c in ("feed", "status", "entries", "new", "updated", "linked", "errors", "note"):
        table.add_column(c, overflow="fold", justify="right" if c in ("entries", "new", "updated", "linked", "errors") else "left")
    for f in s["feeds"]:
        status = f["status"] + (f" ({f['http_status']})" if f["http_status"] and f["status"] != "not-modified" else "")
        table.add_row(f["name"] or f["url"], status, str(f["entries"]), str(f["new"]), str(f["updated"]),
                      str(f["linked"]), str(f["errors"]), f["problem"] or "")
    out.print(table)
    out.print(f"{s['new']} new, {s['replaced']} replaced, {s['unchanged']} unchanged, {s['failed']} failed; "
              f"{s['claims']} claims, {s['entities']} entities in {s['seconds']} s", highlight=False)
    for locator, reason in s.get("errors", [])[:20]:
        err.print(f"[yellow]failed[/yellow] {locator}: {reason}", highlight=False)
    if len(s.get("errors", [])) > 20:
        err.print(f"... and {len(s['errors']) - 20} more: vnfacts query errors --run {s['run_id']}")


# -- scheduling ------------------------------------------------------------------------

def _absolute_db(db: str | None) -> str:
    """The database URL with a SQLite path made absolute (flow runs may start elsewhere)."""
    from sqlalchemy.engine import make_url

    from store import db as store_db

    url = store_db.resolve_url(db)
    if store_db.is_sqlite(url):
        u = make_url(url)
        if u.database and u.database != ":memory:" and not os.path.isabs(u.database):
            return str(u.set(database=str(Path(u.database).resolve())))
    return url


def deployments(*, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, db: str | None = None,
                corpus: list[str] | None = None, feed_params: dict | None = None):
    """The two deployments ``vnfacts schedule`` serves (and ``prefect.yaml`` declares)."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.feeds import ingest_feeds
    from flows.ingest import ingest_corpus

    url = _absolute_db(db)
    feeds = ingest_feeds.to_deployment(
        name="ingest-feeds", schedule=Cron(cron, timezone=timezone),
        parameters={"db": url, **(feed_params or {})},
        description="Read every active feed and store its new articles (vnfacts feeds run, on a schedule).",
        tags=["vnfacts", "feeds"], entrypoint_type=EntrypointType.MODULE_PATH)
    paths = [str(Path(p).resolve()) for p in (corpus or ["corpus"])]
    corpus_dep = ingest_corpus.to_deployment(
        name="ingest-corpus", parameters={"paths": paths, "db": url},
        description="Extract and store every *.txt article under the given paths (on demand).",
        tags=["vnfacts", "corpus"], entrypoint_type=EntrypointType.MODULE_PATH)
    return feeds, corpus_dep


def schedule(
    cron: Annotated[str, typer.Option("--cron", help="When ingest-feeds runs (cron)")] = DEFAULT_CRON,
    timezone: Annotated[str, typer.Option("--timezone", help="Time zone of the cron expression")] = DEFAULT_TIMEZONE,
    corpus: Annotated[Optional[list[Path]], typer.Option("--corpus", help="Default paths of ingest-corpus runs")] = None,
    db: Db = None,
):
    """Serve ingest-feeds (on its cron schedule) and ingest-corpus (on demand) until stopped.

    Needs a Prefect server (`prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api):
    Prefect's temporary local server does not run schedules. Stop with Ctrl-C.
    """
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    if not api:
        _fail("no Prefect server: start one with `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api (the temporary local server does not run schedules)")
    try:
        from prefect.schedules import Cron

        Cron(cron, timezone=timezone)
    except Exception as e:
        _fail(f"bad schedule: {e}")
    from prefect import serve
    from store import db as store_db

    url = _absolute_db(db)
    store_db.upgrade(url)
    feeds_dep, corpus_dep = deployments(cron=cron, timezone=timezone, db=url,
                                        corpus=[str(p) for p in corpus] if corpus else None)
    err.print(f"serving ingest_feeds/ingest-feeds ({cron}, {timezone}) and ingest_corpus/ingest-corpus "
              f"on {api}; database {url}", highlight=False)
    serve(feeds_dep, corpus_dep, print_starting_message=False)
