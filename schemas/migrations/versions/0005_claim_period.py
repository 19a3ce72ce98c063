"""Claims record when their number holds (``period``, EDTF).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('claims', sa.Column('period', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('claims') as batch:
        batch.drop_column('period')
