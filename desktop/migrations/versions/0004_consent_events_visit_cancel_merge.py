"""consents as events; visits cancelled by appended entries, first visit « ne sait pas »,
welcome checklist; person tombstones of merges; import source references

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Frozen copies of the vocabulary values as of this revision.
_CONSENTS = {'donnees': 'consent_data_at', 'lettre': 'consent_newsletter_at',
             'photos': 'consent_photos_at'}
_FIRST_VISIT = ('oui', 'non', 'ne_sait_pas')
_WELCOME = ('presenter_lieu', 'proposer_planning', 'proposer_lettre')
_GENDER = ('femme', 'homme', 'autre', 'non_precise')
_AGE = ('moins_30', '30_44', '45_59', '60_74', '75_plus', 'non_precise')
# Every device runs this revision on its own copy: the consent events it derives get ids
# computed from the person and the consent, so two devices derive the very same rows (and a
# later sync sees one event, not two). They are derived data: no change-log entry.
_CONSENT_NAMESPACE = uuid.UUID('5d0c4a52-7f1e-4d57-9a53-7f0a4e8b2c11')


def _append_only(table: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _drop_append_only(table: str) -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('hlc', sa.String(length=48), nullable=False),
        sa.Column('origin_device', sa.String(length=36), nullable=False),
    ]


def _visit_table(name: str, first_visit: sa.types.TypeEngine) -> None:
    op.create_table(name,
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('anonymous_first_visit', first_visit, nullable=True),
    sa.Column('anonymous_gender', sa.Enum(*_GENDER, name='gender', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('anonymous_age_bracket', sa.Enum(*_AGE, name='age_bracket', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=True),
    sa.Column('cancels_visit_id', sa.Uuid(), nullable=True),
    *_synced_columns(),
    sa.CheckConstraint('person_id IS NOT NULL OR anonymous_first_visit IS NOT NULL', name='ck_visit_anonymous_facts'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name='fk_visit_person_id_person'),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], name='fk_visit_recorded_by_staff_user'),
    sa.ForeignKeyConstraint(['cancels_visit_id'], ['visit.id'], name='fk_visit_cancels_visit_id_visit'),
    sa.PrimaryKeyConstraint('id', name='pk_visit'),
    sa.UniqueConstraint('cancels_visit_id', name='uq_visit_cancels_visit_id'),
    )


def _visit_indexes() -> None:
    op.create_index('ix_visit_at', 'visit', ['at'], unique=False)
    op.create_index('ix_visit_hlc', 'visit', ['hlc'], unique=False)
    op.create_index('ix_visit_person_id', 'visit', ['person_id'], unique=False)
    op.create_index('ix_visit_person_at', 'visit', ['person_id', 'at'], unique=False)


def upgrade() -> None:
    connection = op.get_bind()
    # --- consents: columns → events -------------------------------------------------------
    op.create_table('consent_event',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('consent', sa.Enum(*_CONSENTS, name='consent_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('given', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=True),
    *_synced_columns(),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name='fk_consent_event_person_id_person'),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], name='fk_consent_event_recorded_by_staff_user'),
    sa.PrimaryKeyConstraint('id', name='pk_consent_event'),
    )
    op.create_index('ix_consent_event_hlc', 'consent_event', ['hlc'], unique=False)
    op.create_index('ix_consent_event_person_at', 'consent_event', ['person_id', 'at'], unique=False)
    columns = ", ".join(_CONSENTS.values())
    people = connection.execute(
        sa.text(f"SELECT id, created_by, {columns} FROM person")
    ).mappings().all()
    events = [
        {
            "id": uuid.uuid5(_CONSENT_NAMESPACE, f"{row['id']}:{kind}").hex,
            "person_id": row["id"],
            "consent": kind,
            "at": row[column],
            "recorded_by": row["created_by"],
        }
        for row in people
        for kind, column in _CONSENTS.items()
        if row[column] is not None
    ]
    if events:
        connection.execute(
            sa.text(
                "INSERT INTO consent_event (id, person_id, consent, given, at, recorded_by, "
                "hlc, origin_device) VALUES (:id, :person_id, :consent, 1, :at, :recorded_by, "
                "'', '')"
            ),
            events,
        )
    for column in _CONSENTS.values():
        op.execute(f"ALTER TABLE person DROP COLUMN {column}")
    _append_only('consent_event')

    # --- person: import references, merge tombstones -------------------------------------
    op.add_column('person', sa.Column('source_reference', sa.String(length=120), nullable=False, server_default=''))
    op.create_index('ix_person_source_reference', 'person', ['source_reference'], unique=False)
    op.execute(
        "ALTER TABLE person ADD COLUMN merged_into_id CHAR(32) "
        "CONSTRAINT fk_person_merged_into_id_person REFERENCES person (id)"
    )
    op.add_column('membership', sa.Column('source_reference', sa.String(length=120), nullable=True))
    op.create_index('ix_membership_source_reference', 'membership', ['source_reference'], unique=True)

    # --- visit: rebuilt for the cancelling entries and the three-way first-visit answer ---
    _drop_append_only('visit')
    first_visit = sa.Enum(*_FIRST_VISIT, name='first_visit_answer', native_enum=False, create_constraint=True, length=32)
    _visit_table('visit_new', first_visit)
    op.execute(
        "INSERT INTO visit_new (at, person_id, anonymous_first_visit, anonymous_gender, "
        "anonymous_age_bracket, reasons, recorded_by, cancels_visit_id, id, hlc, origin_device) "
        "SELECT at, person_id, CASE anonymous_first_visit WHEN 1 THEN 'oui' WHEN 0 THEN 'non' "
        "END, anonymous_gender, anonymous_age_bracket, reasons, recorded_by, NULL, id, hlc, "
        "origin_device FROM visit"
    )
    op.execute("DROP TABLE visit")
    op.execute("ALTER TABLE visit_new RENAME TO visit")
    _visit_indexes()
    _append_only('visit')

    op.create_table('welcome_check',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.Enum(*_WELCOME, name='welcome_step', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=True),
    *_synced_columns(),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name='fk_welcome_check_visit_id_visit'),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], name='fk_welcome_check_recorded_by_staff_user'),
    sa.PrimaryKeyConstraint('id', name='pk_welcome_check'),
    )
    op.create_index('ix_welcome_check_hlc', 'welcome_check', ['hlc'], unique=False)
    op.create_index('ix_welcome_check_visit_id', 'welcome_check', ['visit_id'], unique=False)
    _append_only('welcome_check')


def downgrade() -> None:
    raise NotImplementedError("revision 0004 is not reversible: restore the backup taken before it")
