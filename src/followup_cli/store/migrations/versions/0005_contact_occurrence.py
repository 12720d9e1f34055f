"""contacts.occurrence (issue 14): identical contacts are kept, each the k-th of its fingerprint

Three no_answer attempts on one day are three contacts: a contact is
(fingerprint, occurrence), and the fingerprint index covers both. Stored
contacts are each the first of their fingerprint (import skipped repeats).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occurrence', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_index('ix_contacts_fingerprint')
        batch_op.create_index('ix_contacts_fingerprint', ['fingerprint', 'occurrence'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_fingerprint')
        batch_op.create_index('ix_contacts_fingerprint', ['fingerprint'], unique=False)
        batch_op.drop_column('occurrence')
