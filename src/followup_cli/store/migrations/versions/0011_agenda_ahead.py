"""agenda_ahead: the days ahead as ``report forecast`` counts them, a customer and staff member a row (issue 19)

And an index of the plans' items by the day they are missed, which ``report workload`` counts.

The forecast counts the kept rows in SQL instead of listing every plan on every day. The tables start
empty: ``followup check --rebuild`` (or the first ``report forecast`` of a day) writes them, kept as the
day's list is (0010).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

from followup_cli.store import agenda_triggers


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
    # the triggers name this table: made again as the schema before had them
    dialect = op.get_bind().dialect.name
    for statement in agenda_triggers.drops(dialect) + agenda_triggers.statements(dialect, kept_tables=("agenda_day",)):
        op.execute(statement)
    op.drop_table('agenda_ahead_state')
    op.drop_index('ix_agenda_items_missed', table_name='agenda_items')
    op.drop_index('ix_agenda_ahead_rank', table_name='agenda_ahead')
    op.drop_index('ix_agenda_ahead_customer', table_name='agenda_ahead')
    op.drop_table('agenda_ahead')
