"""contact digest: per customer, the contacts the morning list can still need (issue 7)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact_digest',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('touchpoint', sa.String(length=32), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('staff', sa.String(length=32), nullable=True),
    sa.Column('next_contact_on', sa.Date(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_contact_digest_customer_on', 'contact_digest', ['customer_id', 'contacted_on', 'id'], unique=False)
    # the digest of the contacts already stored (derived data: rebuilt, never migrated)
    from followup_cli.store import digest

    digest.refresh(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_contact_digest_customer_on', table_name='contact_digest')
    op.drop_table('contact_digest')
