"""Preload for ``dask worker``: load vnfacts' models when the worker starts.

    dask worker tcp://SCHEDULER:8786 --nworkers 2 --nthreads 1 --preload vnfacts.flows.dask_preload

The client registers the same warm-up as a worker plugin (``dask_runner.WarmModels``) before
it sends any batch, so this is not needed for correctness; it moves the model load (seconds)
to the worker's start, before the worker takes a task, and fails the worker at once on a
machine where vnfacts or its models are broken.
"""
from __future__ import annotations

from typing import Any


def dask_setup(worker: Any) -> None:
    from vnfacts.flows.ingest import warm_up

    warm_up()
