"""Event-claim links: the claims an event tells (its sentence, or a paragraph about it alone).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'event_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'claim_id', name='uq_event_claims_event_claim'),
    )
    op.create_index('ix_event_claims_event_id', 'event_claims', ['event_id'])
    op.create_index('ix_event_claims_claim_id', 'event_claims', ['claim_id'])
    op.create_index('ix_event_claims_article_id', 'event_claims', ['article_id'])


def downgrade() -> None:
    op.drop_table('event_claims')
