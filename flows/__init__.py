"""Orchestration and the command line: the Prefect flows (``ingest``), exports, and ``vnfacts`` (``cli``)."""
