"""One article per text: ``articles.content_hash`` becomes unique.

Until now "is this text stored?" was a SELECT before the INSERT, so two runs reading one
text from two places at the same moment could both store it (its claims then counted
twice). Duplicates already stored are merged first: the oldest article (lowest id) is
kept, the others' locators (``article_sources``) and feed entries move to it, and their
facts go (they are the same text's facts). Then the plain index on ``content_hash`` is
replaced by a unique one, which ``store.load`` relies on (``INSERT ... ON CONFLICT``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_MOVED = ('article_sources', 'feed_entries')  # rows that say where a text was read: they follow it


def upgrade() -> None:
    conn = op.get_bind()
    duplicates = conn.execute(sa.text(
        "SELECT a.id, k.keep FROM articles a JOIN "
        "(SELECT content_hash, MIN(id) AS keep FROM articles GROUP BY content_hash HAVING COUNT(*) > 1) k "
        "ON a.content_hash = k.content_hash WHERE a.id <> k.keep")).all()
    if duplicates:
        _merge(conn, duplicates)
    op.drop_index('ix_articles_content_hash', table_name='articles')
    op.create_index('ix_articles_content_hash', 'articles', ['content_hash'], unique=True)


def _merge(conn: sa.Connection, duplicates: Sequence[sa.Row[Any]]) -> None:
    inspector = sa.inspect(conn)
    owned = [t for t in inspector.get_table_names()
             if t not in ('articles', *_MOVED) and any(c['name'] == 'article_id' for c in inspector.get_columns(t))]
    moved = [t for t in _MOVED if t in inspector.get_table_names()]
    for dup, keep in duplicates:
        for table in moved:
            conn.execute(sa.text(f'UPDATE {table} SET article_id = :keep WHERE article_id = :dup'),
                         {'keep': keep, 'dup': dup})
        for table in owned:  # explicitly: foreign keys may be off (SQLite through the alembic command)
            conn.execute(sa.text(f'DELETE FROM {table} WHERE article_id = :dup'), {'dup': dup})
        conn.execute(sa.text('DELETE FROM articles WHERE id = :dup'), {'dup': dup})
    if 'observation_claims' in inspector.get_table_names():
        _recount_observations(conn)


def _recount_observations(conn: sa.Connection) -> None:
    """The merged articles' claims leave the observations they stated (the kept article's
    claims state the same ones: same text, same keys): their links go and the counts and
    the shown claim are worked out again."""
    conn.execute(sa.text('DELETE FROM observation_claims WHERE claim_id NOT IN (SELECT id FROM claims)'))
    conn.execute(sa.text(
        'UPDATE observations SET '
        'n_claims = (SELECT COUNT(*) FROM observation_claims oc WHERE oc.observation_id = observations.id), '
        'n_articles = (SELECT COUNT(DISTINCT c.article_id) FROM observation_claims oc '
        '              JOIN claims c ON c.id = oc.claim_id WHERE oc.observation_id = observations.id), '
        'claim_id = COALESCE((SELECT id FROM claims WHERE id = observations.claim_id), '
        '                    (SELECT MIN(oc.claim_id) FROM observation_claims oc '
        '                     WHERE oc.observation_id = observations.id))'))
    conn.execute(sa.text('DELETE FROM observations WHERE n_claims = 0'))


def downgrade() -> None:
    op.drop_index('ix_articles_content_hash', table_name='articles')
    op.create_index('ix_articles_content_hash', 'articles', ['content_hash'], unique=False)
