"""The researcher web interface: ``vnfacts serve`` (read-only over the database).

``vnfacts.web.app.create_app(database_url)`` builds the FastAPI app: server-rendered pages
(Jinja2 templates, inline SVG charts, local CSS only) and a JSON API that answers with
the same dicts as ``vnfacts.store.queries`` (the CLI's ``--format json``).

May import: ``vnfacts.store`` and ``vnfacts.schemas``. Never the flows or the command line.
"""
