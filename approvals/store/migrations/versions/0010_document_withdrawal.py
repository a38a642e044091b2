"""Documents can be withdrawn (with who, when and why) and superseded by a new version.

A withdrawn document stays stored and in the audit trail; it no longer counts as the
case's evidence. Existing documents get NULL everywhere: in force, superseding nothing.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('superseded_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_documents_superseded_by', 'documents',
                                    ['superseded_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint('fk_documents_superseded_by', type_='foreignkey')
        batch_op.drop_column('superseded_by')
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by')
        batch_op.drop_column('withdrawn_at')
