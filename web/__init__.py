"""The researcher web interface: ``vnfacts serve`` (read-only over the database).

``web.app.create_app(database_url)`` builds the FastAPI app: server-rendered pages
(Jinja2 templates, inline SVG charts, local CSS only) and a JSON API that answers with
the same dicts as ``store.queries`` (the CLI's ``--format json``).
"""
