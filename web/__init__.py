"""The researcher web interface: ``vnfacts serve`` (read-only over the database).

    app        ``create_app(database_url)``: the FastAPI app, its state, error pages; mounts
    pages      the HTML pages (Jinja2 templates, inline SVG charts, local CSS only)
    events     the Activity timeline, event pages and ``/api/events``
    api        the JSON API under ``/api``: the same dicts as ``vnfacts.store.queries`` (the
               CLI's ``--format json``), described by
    models     pydantic models of every API answer (``/api/openapi.json``)
    common     the session, cache, templates and claim filters pages and API share
    queries    the read queries only the pages need (facets, layers, charts)
    filters, highlight, charts, readonly, serve

May import: ``vnfacts.store`` and ``vnfacts.schemas``. Never the flows or the command line.
"""
