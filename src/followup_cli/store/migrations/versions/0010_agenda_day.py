"""agenda_day: the agenda's day's morning list, item by item in rank order, as its JSON text (issue 19)

``due --format json`` reads the list of the day in the order it is kept, instead of picking and
ranking the plans' items on every read. The tables start empty: the first ``followup due --format
json`` of a day (or ``followup check --rebuild``) writes them. Storing a plan rewrites its customer's
items; the triggers on ``customers`` (store/agenda_triggers.py, made by ``init``) delete those of a
customer deleted or renamed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

from followup_cli.store import agenda_triggers


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agenda_day',
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('key', sa.LargeBinary(), nullable=False),
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('staff', sa.String(length=32), nullable=True),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('call', sa.Boolean(), nullable=False),
        sa.Column('cuttable', sa.Boolean(), nullable=False),
        sa.Column('text', sa.LargeBinary(), nullable=False),
        sa.Column('cut_at', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('lang', 'key'),
        sqlite_with_rowid=False,
    )
    op.create_index('ix_agenda_day_customer', 'agenda_day', ['customer_id'], unique=False)
    op.create_index('ix_agenda_day_role', 'agenda_day', ['lang', 'role', 'key', 'staff'], unique=False)
    op.create_index('ix_agenda_day_staff', 'agenda_day', ['lang', 'staff', 'key', 'customer_id', 'call'], unique=False)
    op.create_table(
        'agenda_day_state',
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('made_with', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('lang'),
    )


def downgrade() -> None:
    # the triggers name this table: made again as the schema before had them
    dialect = op.get_bind().dialect.name
    for statement in agenda_triggers.drops(dialect) + agenda_triggers.statements(dialect, kept_tables=()):
        op.execute(statement)
    op.drop_table('agenda_day_state')
    op.drop_index('ix_agenda_day_staff', table_name='agenda_day')
    op.drop_index('ix_agenda_day_role', table_name='agenda_day')
    op.drop_index('ix_agenda_day_customer', table_name='agenda_day')
    op.drop_table('agenda_day')
