"""``python -m vnfacts``: the ``vnfacts`` command line."""

from vnfacts.cli.main import app

if __name__ == "__main__":  # pragma: no cover
    app(prog_name="vnfacts")
