"""Cases keep the target's Chinese name and the officer's own reference beside the case
list's other columns, so the list's filter finds a case by 深圳… or by the officer's own
file number without reading the facts JSON. Both join the case list's covering index and
are filled from each case's facts.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_COLUMNS = ['reference', 'id', 'status', 'target_name', 'investor_name', 'amount_value',
            'amount_currency', 'owner', 'updated_at', 'action_regimes']


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_name_zh', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('own_reference', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', [*_COLUMNS, 'target_name_zh', 'own_reference'],
                              unique=False)
    # Only text values: an intake draft holds whatever was typed so far.
    op.execute(
        """
        UPDATE cases SET
          target_name_zh = CASE WHEN json_type(facts, '$.target.name_zh') = 'text'
                                THEN trim(json_extract(facts, '$.target.name_zh')) ELSE '' END,
          own_reference = CASE WHEN json_type(facts, '$.reference') = 'text'
                               THEN trim(json_extract(facts, '$.reference')) ELSE '' END
        WHERE json_valid(facts)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', _COLUMNS, unique=False)
        batch_op.drop_column('own_reference')
        batch_op.drop_column('target_name_zh')
