"""Storage: validated facts -> SQL (SQLite by default, PostgreSQL with the same code).

``db`` resolves the database URL, makes engines and runs migrations; ``load`` writes one
article per transaction; ``queries`` reads back plain dicts for the CLI, exports and APIs.
"""
