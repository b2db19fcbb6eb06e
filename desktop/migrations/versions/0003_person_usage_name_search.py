"""person usage name; search keys with ligatures and run-together names; visit (person, at) index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# A frozen copy of desktop.services.people.fold / search_key as of this revision (a revision
# must do the same thing however the services change later).
_SPELLED = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})
_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    spelled = text.casefold().translate(_SPELLED)
    decomposed = unicodedata.normalize("NFKD", spelled)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", stripped).split())


def _search_key(*names: str) -> str:
    tokens: list[str] = []
    for name in names:
        words = _fold(name).split()
        tokens += words
        if len(words) > 1:
            tokens.append("".join(words))
    return " ".join(dict.fromkeys(tokens))


# Plain ALTER TABLE and CREATE INDEX (no batch copy): visit keeps its append-only triggers.
# The search key is derived data every device computes alike: rewritten here without a
# change-log entry.
def upgrade() -> None:
    op.add_column(
        'person',
        sa.Column('usage_name', sa.String(length=80), nullable=False, server_default=''),
    )
    op.create_index('ix_visit_person_at', 'visit', ['person_id', 'at'], unique=False)
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, first_name, last_name FROM person")).all()
    if rows:
        connection.execute(
            sa.text("UPDATE person SET search_key = :key WHERE id = :id"),
            [{"id": row.id, "key": _search_key(row.first_name, row.last_name)} for row in rows],
        )


def downgrade() -> None:
    op.drop_index('ix_visit_person_at', table_name='visit')
    op.drop_column('person', 'usage_name')
