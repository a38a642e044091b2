"""Cases remember which regimes their current screening says need action.

The case list showed only regimes with a filing track, so a negative-list prohibition
(which opens no track) was invisible there. The column is filled from each case's
current screening and joins the case list's covering index.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_COLUMNS = ['reference', 'id', 'status', 'target_name', 'investor_name', 'amount_value',
            'amount_currency', 'owner', 'updated_at']


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action_regimes', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', [*_COLUMNS, 'action_regimes'], unique=False)
    op.execute(
        """
        UPDATE cases SET action_regimes = coalesce((
            SELECT group_concat(regime, ' ') FROM (
                SELECT json_extract(d.value, '$.regime') AS regime
                FROM screenings s, json_each(s.result, '$.determinations') d
                WHERE s.case_id = cases.id AND s.current
                  AND json_extract(d.value, '$.outcome') IN
                      ('prohibited', 'approval_required', 'filing_required',
                       'notification_required')
                ORDER BY regime)), '')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', _COLUMNS, unique=False)
        batch_op.drop_column('action_regimes')
