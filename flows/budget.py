"""A time budget for one article's extraction, so one pathological file cannot stall a run.

Extraction is pure Python in this process (and in worker processes with ``--workers``),
so the budget interrupts the running code rather than abandoning a worker:

- in the **main thread** (``vnfacts ingest``, ``vnfacts feeds run``, a process-pool worker,
  a Prefect flow run in this process) a ``SIGALRM`` timer (``signal.setitimer``) raises
  :class:`ArticleTimeout` at the next Python bytecode once the budget is spent; a timer
  that was already set (pytest-timeout's, say) is restored with the time it had left;
- in **any other thread** (a Prefect task run in a thread pool) a timer thread raises
  :class:`ArticleTimeout` in the extracting thread with ``PyThreadState_SetAsyncExc``,
  CPython's documented way for one thread to raise in another, also at a bytecode.

Neither interrupts one long call into C (a single regex match); the extractors' regexes
and number grammar are linear (``tests/reliability/test_pathological_text.py``), so
that is not where an article's time goes. Running every article in a child process
would be the stronger fence, but costs a process and the models' 2 s load per worker.

The budget is ``VNFACTS_ARTICLE_TIMEOUT`` seconds (default 60, generous: a real article
takes well under a second); 0 turns it off.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterator

ENV_VAR = "VNFACTS_ARTICLE_TIMEOUT"
DEFAULT_SECONDS = 60.0


class ArticleTimeout(BaseException):
    """Extracting one article took longer than its budget.

    A ``BaseException``, as ``KeyboardInterrupt`` is: the extractors guard each sentence with
    ``except Exception`` (one bad sentence costs only its facts), which must not swallow it.
    """

    def __init__(self, seconds: float | None = None):  # raised from another thread: no arguments
        super().__init__(f"took longer than {seconds or 0:g} s ({ENV_VAR}), so it was given up")
        self.seconds = seconds


def article_seconds() -> float | None:
    """The budget from ``$VNFACTS_ARTICLE_TIMEOUT`` (read at each call); ``None``: no budget."""
    raw = os.environ.get(ENV_VAR, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        seconds = DEFAULT_SECONDS
    return seconds if seconds > 0 else None


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` inside the block once ``seconds`` have passed (``None``: never)."""
    if seconds is None:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_raise_after(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(_signum: int, _frame: object) -> None:
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    t0 = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's alarm was pending: give it back what it had left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - t0), 0.001))


@contextlib.contextmanager
def _async_raise_after(seconds: float) -> Iterator[None]:
    target, lock, state = threading.get_ident(), threading.Lock(), {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except ArticleTimeout as e:
        raise ArticleTimeout(seconds) from e  # the one raised from outside carries no number
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            _drain_pending(seconds)


def _drain_pending(seconds: float) -> None:
    """The timer fired as the block was ending: let its exception land here, not in the caller."""
    try:
        for _ in range(100):  # a few bytecodes are enough for it to be raised
            pass
    except ArticleTimeout:
        raise ArticleTimeout(seconds) from None
