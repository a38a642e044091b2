"""Intake drafts keep the wizard's state beside their facts.

The values of fields hidden because an earlier answer no longer asks for them were lost
when a draft was closed; they are kept here, outside the facts, so that no reader of the
facts (screening, review packs) ever sees them. Existing drafts get NULL: saved by the
previous wizard (see services.drafts).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_state', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('draft_state')
