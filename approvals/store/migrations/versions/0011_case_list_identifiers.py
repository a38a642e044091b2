"""Cases keep their parties' codes (the target's USCC, the investor's LEI) beside the case
list's other columns, so the list's filter finds a case by 91440300… without reading the
facts JSON or the parties. The column joins the case list's covering index and is filled
from each case's facts.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_COLUMNS = ['reference', 'id', 'status', 'target_name', 'investor_name', 'amount_value',
            'amount_currency', 'owner', 'updated_at', 'action_regimes', 'target_name_zh',
            'own_reference']


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identifiers', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', [*_COLUMNS, 'identifiers'], unique=False)
    # Only text values: an intake draft holds whatever was typed so far.
    op.execute(
        """
        UPDATE cases SET identifiers = trim(
          CASE WHEN json_type(facts, '$.target.uscc') = 'text'
               THEN trim(json_extract(facts, '$.target.uscc')) ELSE '' END || ' ' ||
          CASE WHEN json_type(facts, '$.investor.lei') = 'text'
               THEN trim(json_extract(facts, '$.investor.lei')) ELSE '' END)
        WHERE json_valid(facts)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_list', _COLUMNS, unique=False)
        batch_op.drop_column('identifiers')
