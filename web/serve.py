"""``vnfacts serve``: the researcher interface on http://HOST:PORT, read-only over the database."""
from __future__ import annotations


def serve(database_url: str | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web app with uvicorn until interrupted (Ctrl-C).

    ``database_url`` follows the CLI: ``--db`` > ``$VNFACTS_DATABASE_URL`` > ``vnfacts.db``.
    """
    import uvicorn

    from .app import create_app
    from .readonly import readonly_url

    app = create_app(database_url)  # fails here, with a clear message, if there is no database
    shown = readonly_url(database_url).split("?", 1)[0]
    if "@" in shown:  # never print a password
        shown = shown.split("://", 1)[0] + "://…@" + shown.rsplit("@", 1)[1]
    print(f"vnfacts: serving {shown} (read-only) on http://{host}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
