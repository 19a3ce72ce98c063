"""Storage: validated facts -> SQL (SQLite by default, PostgreSQL with the same code), and back.

    db               resolves the database URL, makes engines, runs the migrations
    load, bulk       write one article per transaction (rows in one executemany per table)
    queries          read back plain dicts for the CLI, the exports and the web API
    observations     claims that state one value merged into indicator series, kept current
    vocab            what a researcher types -> the values claims store
    feed_registry    registered feeds and their entries: add, find, pause, record results
    export           serialising facts and rows: the gold format, CSV, JSON

May import: ``vnfacts.schemas`` (the tables), ``vnfacts.extractors`` (the vocabulary of the
filters: provinces, indicators), ``vnfacts.sources`` (canonical URLs). Never the flows, the
web or the command line.
"""
