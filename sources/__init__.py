"""Reading articles from the web: feeds, pages, URLs. Pure parts, no database, no Prefect.

    urls.canonical_url     a URL -> the one spelling we store (dedup key, article locator)
    fetch.Fetcher          polite HTTP GET: conditional, retried with backoff, per-host limit
    guard                  under every fetch: a total deadline per request, no private addresses
    feed.parse_feed        feed bytes -> entries (RSS 0.9x/1.0/2.0, Atom), problems noted
    page.decode_html       page bytes -> str (HTTP charset, meta charset, detection; NFC)
    page.read_page         page HTML -> title, date, author, body paragraphs (trafilatura)
    page.article_text      those -> the plain text shape of a corpus file

``vnfacts.flows.feeds`` puts them together with the database and the extract/load code
of ``vnfacts.flows.ingest``.

May import: nothing of vnfacts but its version (the User-Agent).
"""
