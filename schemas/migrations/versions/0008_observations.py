"""Observations: one value of one indicator for one place and period, built from the claims
that state it; claims gain their period's first and last day, their series (indicator with
sub-type) and the key of the observation they state.

The new claim columns of an existing database are filled, and its observations built, by
``vnfacts observations rebuild`` (``vnfacts db upgrade`` runs it when the table is empty).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims') as batch:
        batch.add_column(sa.Column('period_start', sa.Date(), nullable=True))
        batch.add_column(sa.Column('period_end', sa.Date(), nullable=True))
        batch.add_column(sa.Column('series', sa.String(length=160), nullable=True))
        batch.add_column(sa.Column('observation_key', sa.Text(), nullable=True))
    op.create_index('ix_claims_period', 'claims', ['period_start', 'period_end'])
    op.create_index('ix_claims_observation_key', 'claims', ['observation_key'])
    op.create_table(
        'observations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('indicator', sa.String(length=160), nullable=False),
        sa.Column('province', sa.String(length=128), nullable=True),
        sa.Column('period', sa.String(length=64), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=True),
        sa.Column('period_end', sa.Date(), nullable=True),
        sa.Column('modality', sa.String(length=16), nullable=False),
        sa.Column('unit', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('value_max', sa.Float(), nullable=True),
        sa.Column('qualifier', sa.String(length=16), nullable=False),
        sa.Column('conflict', sa.Boolean(), nullable=False),
        sa.Column('n_claims', sa.Integer(), nullable=False),
        sa.Column('n_articles', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_observations_key', 'observations', ['key'])
    op.create_index('ix_observations_indicator_province', 'observations', ['indicator', 'province'])
    op.create_index('ix_observations_period', 'observations', ['period_start', 'period_end'])
    op.create_table(
        'observation_claims',
        sa.Column('observation_id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['observation_id'], ['observations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('observation_id', 'claim_id'),
    )
    op.create_index('ix_observation_claims_claim_id', 'observation_claims', ['claim_id'])


def downgrade() -> None:
    op.drop_table('observation_claims')
    op.drop_table('observations')
    op.drop_index('ix_claims_observation_key', table_name='claims')
    op.drop_index('ix_claims_period', table_name='claims')
    with op.batch_alter_table('claims') as batch:
        for column in ('observation_key', 'series', 'period_end', 'period_start'):
            batch.drop_column(column)
