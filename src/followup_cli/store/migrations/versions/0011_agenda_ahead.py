"""agenda_ahead: the days ahead as ``report forecast`` counts them, a customer and staff member a row (issue 19)

And an index of the plans' items by the day they are missed, which ``report workload`` counts.

The forecast counts the kept rows in SQL instead of listing every plan on every day. The tables start
empty: ``followup check --rebuild`` (or the first ``report forecast`` of a day) writes them. The trigger
that deletes a plan's items (store/agenda_triggers.py, made by ``init``) deletes its rows too.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agenda_ahead',
        sa.Column('day', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('staff', sa.String(length=32), nullable=False),
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('rank', sa.BigInteger(), nullable=False),
        sa.Column('items', sa.Integer(), nullable=False),
        sa.Column('cuttable', sa.Integer(), nullable=False),
        sa.Column('late', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'staff', 'customer_id'),
        sqlite_with_rowid=False,
    )
    op.create_index('ix_agenda_ahead_customer', 'agenda_ahead', ['customer_id'], unique=False)
    op.create_index('ix_agenda_ahead_rank', 'agenda_ahead', ['day', 'staff', 'rank', 'customer_id', 'items', 'cuttable', 'late'], unique=False)
    op.create_index('ix_agenda_items_missed', 'agenda_items', ['missed'], unique=False)
    op.create_table(
        'agenda_ahead_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('first', sa.Date(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('made_with', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    # the trigger that deletes a plan's items names this table: made again without it by 0010's code
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS agenda_items_delete ON agenda")
        op.execute("DROP FUNCTION IF EXISTS agenda_items_delete()")
    else:
        op.execute("DROP TRIGGER IF EXISTS agenda_items_delete")
    op.drop_table('agenda_ahead_state')
    op.drop_index('ix_agenda_items_missed', table_name='agenda_items')
    op.drop_index('ix_agenda_ahead_rank', table_name='agenda_ahead')
    op.drop_index('ix_agenda_ahead_customer', table_name='agenda_ahead')
    op.drop_table('agenda_ahead')
