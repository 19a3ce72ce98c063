"""Events: the occasions of the cooperative sector's activity an article reports, and the
officials and organisations it places at them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('sentence_index', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('date', sa.String(length=64), nullable=True),
        sa.Column('province', sa.String(length=128), nullable=True),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['ingest_runs.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_events_article_id', 'events', ['article_id'])
    op.create_index('ix_events_province', 'events', ['province'])
    op.create_index('ix_events_type_date', 'events', ['type', 'date'])
    op.create_table(
        'event_participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_event_participants_event_id', 'event_participants', ['event_id'])
    op.create_index('ix_event_participants_article_id', 'event_participants', ['article_id'])
    op.create_index('ix_event_participants_name', 'event_participants', ['name'])


def downgrade() -> None:
    op.drop_table('event_participants')
    op.drop_table('events')
