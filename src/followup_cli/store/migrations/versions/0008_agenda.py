"""agenda: each customer's plan (issue 19), and the triggers that drop it when the customer's records change

The table starts empty: the first `followup due` (or `followup check
--rebuild`) plans every customer. Triggers on customers, vehicles, visits
and contacts (made after every upgrade by `followup init`:
store/agenda_triggers.py) delete the plan of every customer a change
touches (a new referral touches the referrer), whichever program writes:
the stored plan can never outlive the records it was made from.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

from followup_cli.store import agenda_triggers


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        'agenda',
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('planned_on', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=False),
        sa.Column('listed_from', sa.Date(), nullable=True),
        sa.Column('listed_until', sa.Date(), nullable=True),
        sa.Column('staff', sa.Text(), server_default='', nullable=False),
        sa.Column('roles', sa.Text(), server_default='', nullable=False),
        sa.Column('body', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('customer_id'),
    )
    op.create_index('ix_agenda_listed', 'agenda', ['listed_from'], unique=False)
    # a morning list of one person or role reads these small indexes, not the plans
    op.create_index('ix_agenda_staff', 'agenda', ['staff', 'customer_id'], unique=False)
    op.create_index('ix_agenda_roles', 'agenda', ['roles', 'customer_id'], unique=False)
    # is any plan missing or run out: min and max from these
    op.create_index('ix_agenda_valid_until', 'agenda', ['valid_until'], unique=False)
    op.create_index('ix_agenda_planned_on', 'agenda', ['planned_on'], unique=False)
    op.create_table(
        'agenda_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('made_with', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    # the triggers are made by ``store.database.init_store`` after every upgrade (store/agenda_triggers.py):
    # a later migration that rebuilds one of the tables would drop them


def downgrade() -> None:
    for statement in agenda_triggers.drops(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('agenda_state')
    for index in ('ix_agenda_planned_on', 'ix_agenda_valid_until', 'ix_agenda_roles', 'ix_agenda_staff', 'ix_agenda_listed'):
        op.drop_index(index, table_name='agenda')
    op.drop_table('agenda')
