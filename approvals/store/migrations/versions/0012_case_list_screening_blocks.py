"""Cases keep what their current screening found that blocks completion (a prohibition of
a measure in force, a regime it could not decide) beside the case list's other columns, so
the list says "blocked" for a negative-list prohibition, which opens no filing track, as
Mark completed refuses it. The column joins the case list's covering index and is filled
from each case's current screening.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_COLUMNS = ['reference', 'id', 'status', 'target_name', 'investor_name', 'amount_value',
            'amount_currency', 'owner', 'updated_at', 'action_regimes', 'target_name_zh',
            'own_reference', 'identifiers']


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screening_blocks', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', [*_COLUMNS, 'screening_blocks'], unique=False)
    # The stored screening's determinations as the app writes them (regime, outcome,
    # status); 'in_force' is the only binding status. Kept in the determinations' order.
    op.execute(
        """
        UPDATE cases SET screening_blocks = coalesce((
          SELECT group_concat(json_extract(d.value, '$.regime') || ':' ||
                              json_extract(d.value, '$.outcome'), ' ')
          FROM screenings s, json_each(CASE WHEN json_valid(s.result) THEN s.result
                                            ELSE '{}' END, '$.determinations') d
          WHERE s.case_id = cases.id AND s."current" = 1
            AND json_extract(d.value, '$.status') = 'in_force'
            AND json_extract(d.value, '$.outcome') IN ('prohibited', 'needs_info')), '')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', _COLUMNS, unique=False)
        batch_op.drop_column('screening_blocks')
