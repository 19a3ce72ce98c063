"""What the ``vnfacts`` commands share: consoles, ``--db``, one-line errors, opening the database."""
from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from vnfacts.store.vocab import plural  # noqa: F401  (the commands' counts)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from sqlmodel import Session


def _quiet_help_types() -> None:
    """Typer prints each parameter's Python type in help (``<bool>`` after every flag,
    ``<list[Path]>`` after ``PATH``, ``<str>``). Show what to type instead: the metavar, the
    choices (``table|csv|json``), else the parameter's name in capitals; nothing after a flag
    or an argument (give arguments a metavar)."""
    from typer import core

    option_type = core.TyperOption.display_type_rich

    def option(self: Any, ctx: Any) -> str | None:
        if self.metavar is not None:
            return str(self.metavar)
        if self.is_flag:
            return None
        shown = option_type(self, ctx) or ""
        return shown.strip("<>") if "|" in shown else str(self.name).upper()

    core.TyperOption.display_type_rich = option  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


_quiet_help_types()

# Terminal control sequences and characters: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC strings, other escapes (ESC, intermediates, final), then any C0 control but
# tab and newline, DEL and C1. Each alternative is a bounded scan: linear time.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?"
                      r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
                      r"|\x1b[ -/]*[0-~]?"
                      r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without terminal control sequences or control characters (newline and tab stay).

    Titles, file names, quotes and error reasons come from articles and feeds, which anyone
    can write: printed raw, ``\\x1b[2J`` clears the screen and ``\\x1b]0;...\\x07`` retitles
    the window. Every string the two consoles below render passes through here
    (``_SafeConsole``); text printed any other way must call it.
    """
    return _CONTROL.sub("", text) if text else text


class _SafeConsole(Console):
    """A rich console that renders every string (``print`` arguments, table cells) terminal-safe."""

    def render_str(self, text: str, **kwargs: Any) -> Any:
        return super().render_str(terminal_safe(text), **kwargs)


# Piped output is not squeezed into 80 columns (rich's default when there is no terminal).
out = _SafeConsole(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200)
err = _SafeConsole(stderr=True)


def write_data(text: str) -> None:
    """CSV and other data on stdout: exact into a file or a pipe, terminal-safe on a terminal."""
    sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)

Db = Annotated[str | None, typer.Option("--db", metavar="URL",
                                           help="Database URL or SQLite file (default: $VNFACTS_DATABASE_URL, else vnfacts.db)")]
UsePrefect = Annotated[bool, typer.Option(
    "--prefect", help="Run as a tracked Prefect flow run (default when PREFECT_API_URL is set; "
                      "else the flow runs in this process, with no Prefect server)")]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def shown_url(url: str) -> str:
    """The URL with its password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


@contextlib.contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a database that cannot be reached or a URL that names none into one clear line."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

    from vnfacts.store.db import SchemaNotRecognised

    try:
        yield
    except SchemaNotRecognised as e:
        fail(f"cannot recognise the database {shown_url(url)}: {e}")
    except (ArgumentError, NoSuchModuleError) as e:
        fail(f"not a database URL: {shown_url(url)} ({str(e).splitlines()[0]})")
    except DBAPIError as e:
        reason = str(e.orig).strip().splitlines()[0] if e.orig is not None else type(e).__name__
        fail(f"cannot open the database {shown_url(url)}: {reason}")
    except (SQLAlchemyError, OSError) as e:
        fail(f"cannot open the database {shown_url(url)}: {str(e).splitlines()[0]}")


def open_db(db: str | None, *, must_exist: bool = False) -> str:
    """The resolved URL of an up-to-date database; one clear line (not a traceback) when it cannot
    be opened. ``must_exist``: reading a SQLite file that isn't there is an error, rather than
    quietly creating an empty one."""
    from sqlalchemy.engine import make_url

    from vnfacts.store import db as store_db

    url = store_db.resolve_url(db)
    with database_errors(url):
        if must_exist and store_db.is_sqlite(url):
            path = make_url(url).database
            if path and path != ":memory:" and not Path(path).exists():
                fail(f"no database at {path}; run `vnfacts ingest PATH` first, or pass --db")
        store_db.upgrade(url)
    return url


def session(db: str | None, *, write: bool = False) -> Session:
    """A session on an up-to-date database (see ``open_db``)."""
    from vnfacts.store import db as store_db

    return store_db.session(open_db(db, must_exist=not write))


def progress_bar(total: int, description: str) -> tuple[Progress, TaskID]:
    """A progress bar on stderr (only on a terminal) and its task."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    return progress, progress.add_task(description, total=total)


def print_in_article(fact: dict[str, Any]) -> None:
    """An audited fact (``queries.claim``, ``queries.event``) where it was read: its article's title,
    date, province and locator, then its sentence with the fact's words highlighted."""
    from rich.text import Text

    a = fact["article"]
    # Text, not markup: a title or a path with "[...]" in it is printed as written
    out.print(Text(terminal_safe(a["title"] or "(no title)"), style="bold"))
    out.print(Text(terminal_safe(f"article {a['id']} · {a['published'] or 'no date'} · "
                                 f"{a['province'] or 'no province'} · {a['url'] or a['path']}")))
    if a.get("outlet"):
        out.print(Text(terminal_safe(f"source: {a['outlet']}")))
    out.print()
    sent = fact["sentence"]
    if sent:
        # Text() is not rendered from a string, so it is made terminal-safe here, piece by piece
        # (the highlight's offsets are the raw sentence's)
        before, after = fact["start"] - sent["start"], fact["end"] - sent["start"]
        pieces = (sent["text"][:before], sent["text"][before:after], sent["text"][after:])
        line = Text(terminal_safe(pieces[0])) + Text(terminal_safe(pieces[1]), style="bold black on yellow") \
            + Text(terminal_safe(pieces[2]))
        out.print(Text(f"sentence {sent['index']} [{fact['start']}:{fact['end']}]: ", style="dim") + line)
    else:
        out.print(Text(terminal_safe(fact["quote"]), style="bold black on yellow"))
    out.print()
