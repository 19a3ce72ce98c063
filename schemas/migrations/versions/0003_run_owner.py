"""Ingest runs record the process that owns them, so a killed run can be told apart.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('ingest_runs', sa.Column('host', sa.String(length=255), nullable=True))
    op.add_column('ingest_runs', sa.Column('pid', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ingest_runs') as batch:
        batch.drop_column('pid')
        batch.drop_column('host')
