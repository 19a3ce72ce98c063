"""The Prefect flows and their tasks: article text in, facts stored.

    ingest    ``ingest_corpus``: article files -> extract (batches) -> load (one transaction
              an article); also run in-process without a Prefect server
    feeds     ``ingest_feeds``: registered feeds -> new pages -> the same extract and load
    budget    a time budget per article's extraction (``VNFACTS_ARTICLE_TIMEOUT``)
    dask_runner  ``ingest_corpus`` on a Dask cluster (``--runner dask``): workers extract,
              this process stores; ``dask_preload`` warms a ``dask worker`` at start

Flows orchestrate; what they orchestrate lives elsewhere: extraction in
``vnfacts.extractors``, reading the web in ``vnfacts.sources``, the database (and the feed
registry) in ``vnfacts.store``. The command line that starts them is ``vnfacts.cli``.

May import: ``vnfacts.extractors``, ``vnfacts.schemas``, ``vnfacts.sources``, ``vnfacts.store``.
Never ``vnfacts.cli`` or ``vnfacts.web``.
"""
