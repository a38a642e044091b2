"""Covering indexes for the case list (100,000 cases listed without reading facts JSON).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_list', ['reference', 'id', 'status', 'target_name',
                                                'investor_name', 'amount_value',
                                                'amount_currency', 'owner', 'updated_at'],
                              unique=False)
    with op.batch_alter_table('filing_tracks', schema=None) as batch_op:
        batch_op.create_index('ix_filing_tracks_list', ['case_id', 'regime', 'kind', 'state',
                                                        'due_date', 'completed_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('filing_tracks', schema=None) as batch_op:
        batch_op.drop_index('ix_filing_tracks_list')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
