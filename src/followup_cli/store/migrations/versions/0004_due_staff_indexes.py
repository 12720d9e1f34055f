"""indexes for `followup due --staff` (issue 7): who one staff member may serve, without a table scan

The customers' owner index becomes (owner, store): the staff member's managed
owners are the distinct (owner, store) pairs, read from the index alone.
Visits by advisor; the digest's standing promises by staff, and its contacts
after a day (a customer with contacts after `today`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_customers_owner', table_name='customers')
    op.create_index('ix_customers_owner_store', 'customers', ['owner', 'store'], unique=False)
    op.create_index('ix_visits_advisor', 'visits', ['advisor'], unique=False)
    op.create_index('ix_contact_digest_staff', 'contact_digest', ['staff', 'next_contact_on'], unique=False)
    op.create_index('ix_contact_digest_on', 'contact_digest', ['contacted_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_contact_digest_on', table_name='contact_digest')
    op.drop_index('ix_contact_digest_staff', table_name='contact_digest')
    op.drop_index('ix_visits_advisor', table_name='visits')
    op.drop_index('ix_customers_owner_store', table_name='customers')
    op.create_index('ix_customers_owner', 'customers', ['owner'], unique=False)
