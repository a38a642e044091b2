"""Indexes for looking events up by track and by field, so that a years-old trail (a
million events) is not read whole for one track's history or one case's filing
particulars: the case view, every track step and every filing rendering ask these.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_track_id', 'events', ['track_id'], unique=False)
    op.create_index('ix_events_field', 'events', ['field'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_field', table_name='events')
    op.drop_index('ix_events_track_id', table_name='events')
