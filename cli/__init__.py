"""The ``vnfacts`` command line: a thin typer shell over the library.

    main      the app: extract, ingest, query, audit, export, stats, db, serve (entry point)
    feeds     ``vnfacts feeds ...`` and ``vnfacts schedule``
    events    ``vnfacts query events`` and ``vnfacts audit event ID``
    common    what the commands share: consoles, ``--db``, one-line errors, opening the database

Commands parse options, call the library (``vnfacts.flows`` to run, ``vnfacts.store`` to
read and write, ``vnfacts.web`` to serve) and print; they hold no query or extraction
logic of their own. Heavy imports happen inside the command that needs them, so
``vnfacts query`` starts without Prefect or the language models.

May import: every other folder of vnfacts (it sits at the end of the way through them:
text -> extractors -> schemas -> flows -> store -> query (cli, web)). Nothing imports it
but ``vnfacts.__main__``.
"""
