"""stage_changes: stage and intent-level changes made by hand (seed 000 意向客户级别状况表, seed 004 虚战败)

What `report pipeline` counts as level changes up and down, and `report
defeats` as false defeats recovered. An older database starts with an empty
history: nothing is guessed from the customers' current stages.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stage_changes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('changed_on', sa.Date(), nullable=False),
        sa.Column('stage_from', sa.String(length=16), nullable=True),
        sa.Column('stage_to', sa.String(length=16), nullable=True),
        sa.Column('level_from', sa.String(length=1), nullable=True),
        sa.Column('level_to', sa.String(length=1), nullable=True),
        sa.Column('staff', sa.String(length=32), nullable=True),
        sa.Column('touchpoint', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.customer_id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_stage_changes_customer', 'stage_changes', ['customer_id', 'changed_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_stage_changes_customer', table_name='stage_changes')
    op.drop_table('stage_changes')
