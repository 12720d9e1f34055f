"""customers: important and no_marketing (seed 003 §(三), SPEC Suppression 6) and lost_category (seed 004)

An older database keeps every customer; the new columns are blank: not
important, marketing allowed, defeats uncategorised (never guessed).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers') as batch:
        batch.add_column(sa.Column('lost_category', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('no_marketing', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('important', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('customers') as batch:
        batch.drop_column('important')
        batch.drop_column('no_marketing')
        batch.drop_column('lost_category')
