"""A condition or follow-up whose due date was counted in days keeps the count: how many
days, working or calendar, from which day, on which calendar (and whether back from it),
and its text as a template, so entering an official holiday schedule recounts it. Rows
stored before keep NULLs and stay as they were (a typed date never moves).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_unit', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('due_from', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('due_calendar', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('due_back', sa.Boolean(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('text_template', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_column('text_template')
        batch_op.drop_column('due_back')
        batch_op.drop_column('due_calendar')
        batch_op.drop_column('due_from')
        batch_op.drop_column('due_unit')
        batch_op.drop_column('due_days')
