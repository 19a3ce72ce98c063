"""Feed registry: feeds and the entries each has given.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.Column('last_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.String(length=32), nullable=True),
    sa.Column('last_http_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('entries_last_run', sa.Integer(), nullable=False),
    sa.Column('new_articles_last_run', sa.Integer(), nullable=False),
    sa.Column('errors_last_run', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url')
    )
    op.create_table('feed_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('feed_id', 'key', name='uq_feed_entries_feed_key')
    )
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_entries_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_entries_feed_id'), ['feed_id'], unique=False)
        batch_op.create_index('ix_feed_entries_url', ['url'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_feed_entries_url')
        batch_op.drop_index(batch_op.f('ix_feed_entries_feed_id'))
        batch_op.drop_index(batch_op.f('ix_feed_entries_article_id'))
    op.drop_table('feed_entries')
    op.drop_table('feeds')
