"""audit entry detail; drop the never-read tariff validity

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


# Plain ALTER TABLE (no batch copy): audit_entry keeps its append-only triggers.
def upgrade() -> None:
    op.add_column(
        'audit_entry',
        sa.Column('detail', sa.String(length=200), nullable=False, server_default=''),
    )
    # The membership validity is the "membership_validity_months" setting.
    op.drop_column('tariff', 'validity_months')


def downgrade() -> None:
    op.add_column('tariff', sa.Column('validity_months', sa.Integer(), nullable=True))
    op.drop_column('audit_entry', 'detail')
