"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('campaigns',
    sa.Column('campaign_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('target_models', sa.String(), nullable=True),
    sa.Column('target_stages', sa.String(), nullable=True),
    sa.Column('target_grades', sa.String(), nullable=True),
    sa.Column('vins', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('campaign_id')
    )
    op.create_table('customers',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('wechat', sa.String(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('lunar_birthday', sa.String(length=5), nullable=True),
    sa.Column('gender', sa.String(), nullable=True),
    sa.Column('occupation', sa.String(), nullable=True),
    sa.Column('region', sa.String(), nullable=True),
    sa.Column('industry', sa.String(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('referred_by', sa.String(length=64), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=True),
    sa.Column('intent_level', sa.String(length=1), nullable=True),
    sa.Column('grade', sa.String(length=16), nullable=True),
    sa.Column('owner', sa.String(length=32), nullable=True),
    sa.Column('advisor', sa.String(length=32), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=True),
    sa.Column('interested_model', sa.String(), nullable=True),
    sa.Column('budget', sa.String(), nullable=True),
    sa.Column('expected_purchase_on', sa.Date(), nullable=True),
    sa.Column('lost_on', sa.Date(), nullable=True),
    sa.Column('lost_reason', sa.String(), nullable=True),
    sa.Column('competitor', sa.String(), nullable=True),
    sa.Column('do_not_contact', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('store', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('customer_id')
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_advisor', ['advisor'], unique=False)
        batch_op.create_index('ix_customers_owner', ['owner'], unique=False)
        batch_op.create_index('ix_customers_referred_by', ['referred_by'], unique=False)
        batch_op.create_index('ix_customers_stage', ['stage'], unique=False)

    op.create_table('staff',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=True),
    sa.Column('team', sa.String(), nullable=True),
    sa.Column('daily_capacity', sa.Integer(), nullable=True),
    sa.Column('store', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('touchpoint', sa.String(length=32), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('staff', sa.String(length=32), nullable=True),
    sa.Column('next_contact_on', sa.Date(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('fingerprint', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.customer_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_customer_on', ['customer_id', 'contacted_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_fingerprint'), ['fingerprint'], unique=False)

    op.create_table('vehicles',
    sa.Column('vin', sa.String(length=17), nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=True),
    sa.Column('model', sa.String(), nullable=True),
    sa.Column('plate', sa.String(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('sold_here', sa.Boolean(), nullable=True),
    sa.Column('warranty_ends_on', sa.Date(), nullable=True),
    sa.Column('insurance_ends_on', sa.Date(), nullable=True),
    sa.Column('inspection_due_on', sa.Date(), nullable=True),
    sa.Column('usage', sa.String(length=16), nullable=True),
    sa.Column('service_interval_km', sa.Integer(), nullable=True),
    sa.Column('service_interval_months', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.customer_id'], ),
    sa.PrimaryKeyConstraint('vin')
    )
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicles_customer_id'), ['customer_id'], unique=False)

    op.create_table('visits',
    sa.Column('visit_id', sa.String(length=64), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('odometer_km', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('advisor', sa.String(length=32), nullable=True),
    sa.Column('complaint', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['vin'], ['vehicles.vin'], ),
    sa.PrimaryKeyConstraint('visit_id')
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_vin_visited_on', ['vin', 'visited_on'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_vin_visited_on')

    op.drop_table('visits')
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicles_customer_id'))

    op.drop_table('vehicles')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_fingerprint'))
        batch_op.drop_index('ix_contacts_customer_on')

    op.drop_table('contacts')
    op.drop_table('staff')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_stage')
        batch_op.drop_index('ix_customers_referred_by')
        batch_op.drop_index('ix_customers_owner')
        batch_op.drop_index('ix_customers_advisor')

    op.drop_table('customers')
    op.drop_table('campaigns')

