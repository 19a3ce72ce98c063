"""Indexes for the claims queries at volume (``bench/queries.py`` on ~60,000 articles).

A page of claims for one province and indicator, newest first, is what the indicators page,
``/api/claims`` and ``vnfacts query claims --province P --indicator I`` ask most. With only
(province, indicator) the database reads every matching claim and sorts them by date to
return 50 (p95 114 ms on PostgreSQL at 60k articles, growing with the corpus); with the date
as the index's third column it reads the 50 in order and stops.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_claims_province_indicator_date', 'claims', ['province', 'indicator', 'article_date'])


def downgrade() -> None:
    op.drop_index('ix_claims_province_indicator_date', table_name='claims')
