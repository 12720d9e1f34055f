"""stores of a dealer group (issue 8): the stores table, campaigns run by one store

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stores',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('region', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index('ix_customers_store', 'customers', ['store'], unique=False)
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(sa.Column('store', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('store')
    op.drop_index('ix_customers_store', table_name='customers')
    op.drop_table('stores')
