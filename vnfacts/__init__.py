"""vnfacts: Vietnamese news on the collective economy -> auditable facts in a database.

One importable package. Its subpackages are the repository's top-level folders, mapped
in by ``pyproject.toml`` (``[tool.setuptools] package-dir``), so a reader of the
repository sees the data flow in the folder names:

    text -> extractors -> schemas -> flows -> store -> query (cli, web)

    vnfacts.extractors  pure extraction: article text in, validated facts out
    vnfacts.schemas     the facts (pydantic), the tables (SQLModel), the migrations (alembic)
    vnfacts.sources     reading the web: feeds, pages, canonical URLs (no database)
    vnfacts.store       the database: URLs and engines, loading facts, read queries
    vnfacts.flows       the Prefect flows that extract and store (corpus, feeds)
    vnfacts.web         the read-only web interface and JSON API
    vnfacts.cli         the ``vnfacts`` command line

Imports point one way, down this list: schemas <- extractors; sources; store <- flows;
store <- web; and cli over all of them (``tests/test_layers.py`` holds each folder to the
rule its ``__init__.py`` states).

May import: nothing at import time (``import vnfacts`` is cheap); ``__main__`` imports
``vnfacts.cli``. Any module may import ``vnfacts.__version__``.
"""

__version__ = "0.1.0"
