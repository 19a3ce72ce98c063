"""Extraction warnings: the sentences an extractor failed on in a stored article.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'extraction_warnings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('sentence_index', sa.Integer(), nullable=True),
        sa.Column('extractor', sa.String(length=64), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['ingest_runs.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_extraction_warnings_article_id', 'extraction_warnings', ['article_id'])


def downgrade() -> None:
    op.drop_index('ix_extraction_warnings_article_id', table_name='extraction_warnings')
    op.drop_table('extraction_warnings')
