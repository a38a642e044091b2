"""Screenings, obligations, calendar overrides, settings, trusted keys, review proposals and responses.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('calendar', sa.String(), nullable=False),
    sa.Column('day', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_days_day'), ['day'], unique=False)

    op.create_table('calendar_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('calendar', sa.String(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('official', sa.Boolean(), nullable=False),
    sa.Column('entered_by', sa.String(), nullable=False),
    sa.Column('entered_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )

    op.create_table('settings',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )

    op.create_table('trusted_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(), nullable=False),
    sa.Column('public_key', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('added_by', sa.String(), nullable=False),
    sa.Column('added_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trusted_keys_fingerprint'), ['fingerprint'], unique=True)

    op.create_table('review_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.String(), nullable=False),
    sa.Column('reviewer', sa.String(), nullable=False),
    sa.Column('field_path', sa.String(), nullable=False),
    sa.Column('base_value', sa.String(), nullable=True),
    sa.Column('proposed_value', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('decided_by', sa.String(), nullable=True),
    sa.Column('decided_at', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_proposals_case_id'), ['case_id'], unique=False)

    op.create_table('review_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.String(), nullable=False),
    sa.Column('reviewer', sa.String(), nullable=False),
    sa.Column('reviewer_key', sa.String(), nullable=False),
    sa.Column('recommendation', sa.String(), nullable=False),
    sa.Column('reasons', sa.String(), nullable=False),
    sa.Column('imported_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_responses_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_responses_pack_id'), ['pack_id'], unique=False)

    op.create_table('screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.String(), nullable=False),
    sa.Column('rulebook_version', sa.String(), nullable=False),
    sa.Column('include_proposed', sa.Boolean(), nullable=False),
    sa.Column('result', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screenings_case_id'), ['case_id'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('due_date', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['filing_tracks.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_track_id'), ['track_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligations_track_id'))
    op.drop_table('obligations')
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screenings_case_id'))
    op.drop_table('screenings')
    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_responses_pack_id'))
        batch_op.drop_index(batch_op.f('ix_review_responses_case_id'))
    op.drop_table('review_responses')
    with op.batch_alter_table('review_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_proposals_case_id'))
    op.drop_table('review_proposals')
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trusted_keys_fingerprint'))
    op.drop_table('trusted_keys')
    op.drop_table('settings')
    op.drop_table('calendar_years')
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_days_day'))
    op.drop_table('calendar_days')
