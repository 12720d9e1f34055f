"""agenda_items: each stored plan's entries as columns, for the whole morning list in one query (issue 19)

The plans' ``staff`` and ``roles`` text columns, which one person's or one role's list searched, give
way to the items' indexes.

The table starts empty, as the agenda does after every upgrade: the first
`followup due` (or `followup check --rebuild`) plans every customer and
writes both. A trigger on ``agenda`` (store/agenda_triggers.py) deletes a
plan's items with the plan.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agenda_items',
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('opens', sa.Integer(), nullable=False),
        sa.Column('due', sa.Integer(), nullable=False),
        sa.Column('closes', sa.Integer(), nullable=True),
        sa.Column('missed', sa.Integer(), nullable=True),
        sa.Column('staff', sa.String(length=32), nullable=True),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('touchpoint', sa.String(length=64), nullable=False),
        sa.Column('vin', sa.String(length=64), nullable=True),
        sa.Column('held', sa.Boolean(), nullable=False),
        sa.Column('complaint', sa.Boolean(), nullable=False),
        sa.Column('call', sa.Boolean(), nullable=False),
        sa.Column('cuttable', sa.Boolean(), nullable=False),
        sa.Column('base', sa.Integer(), nullable=False),
        sa.Column('since', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('head', sa.Text(), server_default='', nullable=False),
        sa.Column('mid', sa.Text(), server_default='', nullable=False),
        sa.Column('flags', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('customer_id', 'n'),
    )
    # one role's or one staff member's list reads its items by these
    op.create_index('ix_agenda_items_role', 'agenda_items', ['role'], unique=False)
    op.create_index('ix_agenda_items_staff', 'agenda_items', ['staff'], unique=False)
    op.drop_index('ix_agenda_roles', table_name='agenda')
    op.drop_index('ix_agenda_staff', table_name='agenda')
    op.drop_column('agenda', 'roles')
    op.drop_column('agenda', 'staff')


def downgrade() -> None:
    op.add_column('agenda', sa.Column('staff', sa.Text(), server_default='', nullable=False))
    op.add_column('agenda', sa.Column('roles', sa.Text(), server_default='', nullable=False))
    op.create_index('ix_agenda_staff', 'agenda', ['staff', 'customer_id'], unique=False)
    op.create_index('ix_agenda_roles', 'agenda', ['roles', 'customer_id'], unique=False)
    op.execute("DELETE FROM agenda")  # plans without their staff and roles: made again on the next read
    # the trigger that deletes a plan's items (made by ``init``) names this table: it goes first
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS agenda_items_delete ON agenda")
        op.execute("DROP FUNCTION IF EXISTS agenda_items_delete()")
    else:
        op.execute("DROP TRIGGER IF EXISTS agenda_items_delete")
    op.drop_index('ix_agenda_items_staff', table_name='agenda_items')
    op.drop_index('ix_agenda_items_role', table_name='agenda_items')
    op.drop_table('agenda_items')
