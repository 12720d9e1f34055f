"""agenda: each customer's plan (issue 19), and the triggers that drop it when the customer's records change

The table starts empty: the first `followup due` (or `followup check
--rebuild`) plans every customer. Triggers on customers, vehicles, visits
and contacts delete the plan of every customer a change touches (a new
referral touches the referrer), whichever program writes: the stored plan
can never outlive the records it was made from.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

#: table -> the customers a changed row touches, as SQL over the row (NEW or OLD)
TOUCHED = {
    "customers": ("{row}.customer_id", "{row}.referred_by"),
    "vehicles": ("{row}.customer_id",),
    "visits": ("(SELECT customer_id FROM vehicles WHERE vehicles.vin = {row}.vin)",),
    "contacts": ("{row}.customer_id",),
}


def _sqlite_triggers() -> list[str]:
    out = []
    for table, touched in TOUCHED.items():
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            ids = ", ".join(t.format(row=row) for row in rows for t in touched)
            out.append(
                f"CREATE TRIGGER agenda_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN DELETE FROM agenda WHERE customer_id IN ({ids}); END"
            )
    return out


def _postgresql_triggers() -> list[str]:
    """One statement-level trigger per table and event, over its transition tables: a COPY of a
    million contacts deletes plans once, not a million times."""
    out = []
    for table, touched in TOUCHED.items():
        for event, rows in (("INSERT", ("new_rows",)), ("UPDATE", ("old_rows", "new_rows")), ("DELETE", ("old_rows",))):
            selects = []
            for row in rows:
                for t in touched:
                    column = t.format(row="r")
                    selects.append(f"SELECT {column} FROM {row} r")
            function = f"agenda_{table}_{event.lower()}"
            out.append(
                f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"DELETE FROM agenda WHERE customer_id IN ({' UNION '.join(selects)}); RETURN NULL; END $$"
            )
            referencing = " ".join(
                f"{'NEW' if row == 'new_rows' else 'OLD'} TABLE AS {row}" for row in rows
            )
            out.append(
                f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return out


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
    dialect = op.get_bind().dialect.name
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TOUCHED:
        for event in ("insert", "update", "delete"):
            if dialect == "postgresql":
                op.execute(f"DROP TRIGGER IF EXISTS agenda_{table}_{event} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS agenda_{table}_{event}()")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS agenda_{table}_{event}")
    op.drop_table('agenda_state')
    for index in ('ix_agenda_planned_on', 'ix_agenda_valid_until', 'ix_agenda_roles', 'ix_agenda_staff', 'ix_agenda_listed'):
        op.drop_index(index, table_name='agenda')
    op.drop_table('agenda')
