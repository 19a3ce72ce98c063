"""``vnfacts feeds ...`` and ``vnfacts schedule``: the command line of feed ingestion.

    vnfacts feeds add https://example.vn/rss/htx.rss --name "Kinh tế hợp tác"
    vnfacts feeds list                     # last fetch, status, new articles, errors
    vnfacts feeds run                      # the ingest_feeds flow once, with a summary per feed
    vnfacts feeds pause 2 / resume 2 / remove 2
    vnfacts schedule                       # serve ingest-feeds (every 30 min) + ingest-corpus

``vnfacts.cli.main`` mounts ``feeds_app`` as ``feeds`` and ``schedule`` as a command.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vnfacts.cli.common import (
    Db,
    UsePrefect,
    err,
    fail,
    open_db,
    out,
    plural,
    progress_bar,
    session,
    shown_url,
    write_data,
)

feeds_app = typer.Typer(help="Follow RSS/Atom feeds: add, list, remove, run once.", no_args_is_help=True)

DEFAULT_CRON = "*/30 * * * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_fail = fail


def _session(db: str | None):
    return session(db, write=True)


@feeds_app.command("add")
def feeds_add(url: Annotated[str, typer.Argument(metavar="URL", help="The feed's URL (RSS 0.9x/1.0/2.0 or Atom)")],
              name: Annotated[str | None, typer.Option("--name", help="A short name to show and to refer to it by")] = None,
              db: Db = None):
    """Register a feed (adding it again re-activates it and updates its name)."""
    from vnfacts.store import feed_registry as registry

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
    from vnfacts.store import feed_registry as registry

    with _session(db) as s:
        rows = registry.list_feeds(s)
    if fmt == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        from vnfacts.store.export import to_csv

        write_data(to_csv(rows, list(registry.FEED_COLUMNS)))
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
def feeds_remove(feed: Annotated[str, typer.Argument(metavar="FEED", help="Feed id, URL or name")], db: Db = None):
    """Stop following a feed (its articles stay in the database)."""
    from vnfacts.store import feed_registry as registry

    with _session(db) as s:
        removed = registry.remove_feed(s, feed)
    if removed is None:
        _fail(f"no feed {feed!r} (see `vnfacts feeds list`)")
    err.print(f"removed feed {removed.id}: {removed.url}", highlight=False)


def _set_active(feed: str, active: bool, db: str | None):
    from vnfacts.store import feed_registry as registry

    with _session(db) as s:
        row = registry.set_active(s, feed, active)
    if row is None:
        _fail(f"no feed {feed!r} (see `vnfacts feeds list`)")
    err.print(f"feed {row.id} {'resumed' if active else 'paused'}: {row.url}", highlight=False)


@feeds_app.command("pause")
def feeds_pause(feed: Annotated[str, typer.Argument(metavar="FEED", help="Feed id, URL or name")], db: Db = None):
    """Keep a feed registered but skip it in runs."""
    _set_active(feed, False, db)


@feeds_app.command("resume")
def feeds_resume(feed: Annotated[str, typer.Argument(metavar="FEED", help="Feed id, URL or name")], db: Db = None):
    """Follow a paused feed again."""
    _set_active(feed, True, db)


@feeds_app.command("run")
def feeds_run(
    feed: Annotated[list[str] | None, typer.Option("--feed", metavar="FEED", help="Only this feed (id, URL or name); repeatable")] = None,
    db: Db = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", help="Pages per batch (a Prefect task each)")] = 16,
    workers: Annotated[int, typer.Option("--workers", metavar="N", help="Pages fetched at once")] = 8,
    per_host: Annotated[int, typer.Option("--per-host", metavar="N", help="Requests in flight per host")] = 2,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for a server")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", metavar="N", help="Retries after a timeout or 5xx")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", metavar="SECONDS", help="First retry delay in seconds (doubles)")] = 1.0,
    prefect: UsePrefect = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
):
    """Run the ingest_feeds flow once: new entries of every active feed -> facts in the database.

    Runs in this process unless PREFECT_API_URL is set or --prefect is given.
    """
    started = time.perf_counter()
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from vnfacts.store import db as store_db
    from vnfacts.store import feed_registry as registry

    url = open_db(db)
    with store_db.session(url) as s:
        try:
            n_feeds = len(registry.active_feeds(s, feed))
        except LookupError as e:
            _fail(str(e))
    if n_feeds == 0:
        _fail("no active feeds; add one with `vnfacts feeds add URL`")
    from vnfacts.flows.feeds import on_progress, run_feeds_flow

    progress, bar = progress_bar(n_feeds, "reading feeds")
    with progress:
        def advance(event: str, detail: str):
            if event == "feed":
                progress.update(bar, advance=1, description=f"feed {detail.split(' ', 1)[0]}")
            elif event == "planned":
                progress.reset(bar, total=int(detail), description="pages")
            elif event != "linked":
                progress.update(bar, advance=1, description=event)

        with on_progress(advance):
            summary = run_feeds_flow(prefect=prefect or None, db=url, feeds=feed or None, batch_size=batch_size,
                                     page_workers=workers, per_host=per_host, timeout=timeout, retries=retries,
                                     backoff=backoff)
    summary["seconds"] = round(time.perf_counter() - started, 2)  # what the user waited
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

    from vnfacts.store import db as store_db

    url = store_db.resolve_url(db)
    if store_db.is_sqlite(url):
        u = make_url(url)
        if u.database and u.database != ":memory:" and not os.path.isabs(u.database):
            return str(u.set(database=str(Path(u.database).resolve())))
    return url


def make_schedule(cron: str | None, interval: float | None, timezone: str):
    """A Prefect schedule: every ``interval`` seconds (anchored now, to the second), else ``cron``."""
    import datetime as dt

    from prefect.schedules import Cron, Interval

    if interval is not None:
        if interval <= 0:
            raise ValueError("--interval must be a positive number of seconds")
        anchor = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return Interval(dt.timedelta(seconds=interval), anchor_date=anchor, timezone=timezone)
    return Cron(cron or DEFAULT_CRON, timezone=timezone)


def describe_schedule(schedule) -> str:
    if schedule.interval is not None:
        seconds = schedule.interval.total_seconds()
        return f"every {plural(int(seconds), 'second') if seconds < 120 else f'{seconds / 60:g} minutes'}"
    return f"cron {schedule.cron!r} ({schedule.timezone})"


def next_runs(schedule, n: int = 3) -> list:
    """The next ``n`` times the server's scheduler will create runs for, computed as it does."""
    import asyncio
    import datetime as dt

    from prefect.server.schemas import schedules as server

    if schedule.interval is not None:
        model = server.IntervalSchedule(interval=schedule.interval, anchor_date=schedule.anchor_date,
                                        timezone=schedule.timezone)
    else:
        model = server.CronSchedule(cron=schedule.cron, timezone=schedule.timezone)
    return asyncio.run(model.get_dates(n=n, start=dt.datetime.now(dt.UTC)))


def deployments(*, schedule=None, db: str | None = None, corpus: list[str] | None = None,
                feed_params: dict | None = None):
    """The two deployments ``vnfacts schedule`` serves (and ``prefect.yaml`` declares)."""
    from prefect.deployments.runner import EntrypointType

    from vnfacts.flows.feeds import ingest_feeds
    from vnfacts.flows.ingest import ingest_corpus

    url = _absolute_db(db)
    feeds = ingest_feeds.to_deployment(
        name="ingest-feeds", schedule=schedule or make_schedule(DEFAULT_CRON, None, DEFAULT_TIMEZONE),
        parameters={"db": url, **(feed_params or {})},
        description="Read every active feed and store its new articles (vnfacts feeds run, on a schedule).",
        tags=["vnfacts", "feeds"], entrypoint_type=EntrypointType.MODULE_PATH,
        concurrency_limit=1)  # one run at a time, as in prefect.yaml: a slow run is never overtaken
    paths = [str(Path(p).resolve()) for p in (corpus or ["corpus"])]
    corpus_dep = ingest_corpus.to_deployment(
        name="ingest-corpus", parameters={"paths": paths, "db": url},
        description="Extract and store every *.txt article under the given paths (on demand).",
        tags=["vnfacts", "corpus"], entrypoint_type=EntrypointType.MODULE_PATH)
    return feeds, corpus_dep


def ui_url(api: str) -> str:
    """``http://127.0.0.1:4200/api`` -> ``http://127.0.0.1:4200`` (where the server's UI is)."""
    return api.rstrip("/").removesuffix("/api")


def schedule(
    cron: Annotated[str | None, typer.Option("--cron", metavar="CRON", help=f"When ingest-feeds runs (default: '{DEFAULT_CRON}')")] = None,
    interval: Annotated[float | None, typer.Option("--interval", metavar="SECONDS", help="Run ingest-feeds every SECONDS instead of on a cron")] = None,
    timezone: Annotated[str, typer.Option("--timezone", metavar="TZ", help="Time zone of the schedule")] = DEFAULT_TIMEZONE,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", metavar="PATH", help="Default paths of ingest-corpus runs; repeatable")] = None,
    db: Db = None,
):
    """Serve ingest-feeds (on its schedule) and ingest-corpus (on demand) until stopped.

    Needs a Prefect server (`prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api):
    Prefect's temporary local server does not run schedules. Stop with Ctrl-C.
    """
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    if not api:
        _fail("no Prefect server: start one with `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api (the temporary local server does not run schedules)")
    if cron is not None and interval is not None:
        _fail("give --cron or --interval, not both")
    try:
        sched = make_schedule(cron, interval, timezone)
        upcoming = next_runs(sched)
    except Exception as e:
        _fail(f"bad schedule: {e}")
    from prefect import serve

    url = _absolute_db(open_db(db))
    feeds_dep, corpus_dep = deployments(schedule=sched, db=url, corpus=[str(p) for p in corpus] if corpus else None)
    corpus_paths = ", ".join(corpus_dep.parameters["paths"])
    lines = [
        f"serving on {api} (database {shown_url(url)}):",
        f"  ingest_feeds/ingest-feeds    {describe_schedule(sched)}; next runs: "
        + ", ".join(t.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z") for t in upcoming),
        f"  ingest_corpus/ingest-corpus  on demand: prefect deployment run 'ingest_corpus/ingest-corpus' "
        f"(paths: {corpus_paths})",
        f"runs: {ui_url(api)}/runs in the browser, `prefect flow-run ls`, `vnfacts query runs`"
        + (f" --db {db}" if db else ""),
        "stop with Ctrl-C",
    ]
    err.print("\n".join(lines), highlight=False, soft_wrap=True)
    serve(feeds_dep, corpus_dep, print_starting_message=False)
