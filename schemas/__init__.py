"""The shapes of the data: validated facts (pydantic) and their database tables (SQLModel).

    facts          ArticleFacts: the contract between extraction and storage (spans checked)
    gold           ArticleFacts -> the shared gold annotation format
    tables         the SQLModel tables facts are stored in
    feed_tables    the tables of registered feeds and their entries
    migrations/    alembic: the schema's history (``vnfacts db upgrade`` runs it)

May import: nothing of vnfacts (the migrations' ``env.py`` resolves a URL given on
alembic's command line itself; ``vnfacts.store.db`` hands it a connection otherwise).
"""
