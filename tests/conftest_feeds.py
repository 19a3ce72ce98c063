"""Fixtures of the feed tests (loaded with ``pytest_plugins = ["conftest_feeds"]``).

``feed_server``: a real HTTP server on 127.0.0.1 (``tests/feed_server.py``); ``site``: the
corpus as pages plus ``/rss.xml`` (first three) and ``/atom.xml`` (last three; the middle
article is in both; fetching from it is allowed by ``$VNFACTS_ALLOW_PRIVATE_ADDRESSES``, set
for the test and the processes it starts, since fetches refuse loopback by default); ``fast``: fetch options with tiny timeouts and backoff, so a test of
retries or of a page that never answers takes a fraction of a second.
"""
from __future__ import annotations

import pytest
from feed_server import FeedServer, build_site


@pytest.fixture
def feed_server(monkeypatch):
    from vnfacts.sources.guard import ALLOW_PRIVATE_ENV

    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(feed_server):
    return build_site(feed_server)


@pytest.fixture
def fast():
    from vnfacts.flows.feeds import FeedOptions

    return FeedOptions(timeout=0.5, retries=1, backoff=0.01, max_backoff=0.02, page_workers=4, per_host=2)


@pytest.fixture
def add_feeds(db_url):
    """``add_feeds(url, ...)`` registers feeds in the test database; returns their ids."""
    from vnfacts.store import db
    from vnfacts.store import feed_registry as registry

    def add(*urls, names=None):
        ids = []
        with db.session(db_url) as s:
            for i, url in enumerate(urls):
                feed, _ = registry.add_feed(s, url, (names or [None] * len(urls))[i])
                ids.append(feed.id)
        return ids

    return add
