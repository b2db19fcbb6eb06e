"""Applying a plan: created, matched, re-import idempotent, policy, one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.models import AuditEntry, ChangeLogEntry, ConsentEvent, Membership, Person
from desktop.services.errors import DomainError, PermissionDenied, ValidationError
from desktop.services.imports import apply as apply_module
from desktop.services.imports.apply import ImportMode, ImportReport, apply_plan
from desktop.services.imports.export import export_persons
from desktop.services.imports.formats import Field
from desktop.services.imports.plan import read_persons
from desktop.services.permissions import built_in_actor
from desktop.services.progress import Cancelled
from desktop.vocabulary import AuditAction, ConsentKind
from tests.services.imports.samples import HELLOASSO, HELLOASSO_HEADER, PAHEKO
from tests.world import add_person

OWN = (
    "Numéro;Prénom;Nom;Nom d'usage;Téléphone;E-mail;Année de naissance;Genre;Connu par;"
    "Consentement données;Consentement lettre d'information;Consentement photos;"
    "Numéro d'adhésion;Adhésion début;Adhésion fin;Adhésion montant\r\n"
    "A-000040;Hélène;Lefèvre;;06 12 34 56 78;helene@exemple.example;1958;femme;;"
    "2025-03-30 02:30:00+02:00;;2025-04-01 10:00:00+02:00;AD-A-2026-0007;15/01/2026;"
    "14/01/2027;29,00\r\n"
    "A-000041;Jean;Martin;;;;;;;2025-05-01 09:00:00+02:00;;;;;;\r\n"
)


def _counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Person, Membership, ConsentEvent, ChangeLogEntry, AuditEntry)
        }


def _apply(db, admin, data: bytes | str, **options: object) -> ImportReport:
    raw = data.encode() if isinstance(data, str) else data
    with db.session() as session:
        return apply_plan(session, admin, read_persons(raw), **options)  # type: ignore[arg-type]


def test_helloasso_creates_persons_and_memberships_without_receipts(db, admin) -> None:
    report = _apply(db, admin, HELLOASSO)
    assert (report.created, report.matched, report.memberships_created) == (4, 0, 4)
    assert report.refused == ()
    assert "4 personne(s) créée(s)" in report.summary_fr()
    with db.session() as session:
        persons = session.scalars(select(Person).order_by(Person.number)).all()
        assert [p.number for p in persons] == ["A-000001", "A-000002", "A-000003", "A-000004"]
        assert persons[0].first_name == "Hélène" and persons[0].last_name == "Dupont"
        assert persons[0].source_reference == "helloasso:40211873"
        assert persons[0].email == "Helene.Dupont@exemple.example"
        memberships = session.scalars(select(Membership).order_by(Membership.number)).all()
        assert [m.number for m in memberships] == [f"AD-A-2026-000{i}" for i in range(1, 5)]
        assert all(m.receipt_id is None for m in memberships)
        first = memberships[0]
        assert first.source_reference == "helloasso:40211873"
        assert (first.valid_from, first.valid_until) == (dt.date(2026, 3, 12), dt.date(2027, 3, 11))
        assert first.amount_cents == 2900 and first.met_team_on == dt.date(2026, 3, 12)
        assert {m.source_reference for m in memberships} >= {
            "helloasso:40211874",
            "helloasso:40211874#2",
        }
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == AuditAction.PERSONS_IMPORTED
        assert "4 créées" in entry.detail and "Hélène" not in entry.detail


def test_reimporting_the_same_file_doubles_nothing(db, admin) -> None:
    _apply(db, admin, HELLOASSO)
    before = _counts(db)
    again = _apply(db, admin, HELLOASSO)
    assert (again.created, again.unchanged, again.memberships_created) == (0, 4, 0)
    assert again.memberships_skipped == 4 and again.differences == ()
    after = _counts(db)
    assert after["Person"] == before["Person"] and after["Membership"] == before["Membership"]
    paheko = _apply(db, admin, PAHEKO, mode=ImportMode.VALID_ONLY)
    assert paheko.created == 3
    assert _apply(db, admin, PAHEKO, mode=ImportMode.VALID_ONLY).created == 0


def test_a_renewal_matches_by_names_and_contact_and_adds_the_membership(db, admin) -> None:
    _apply(db, admin, HELLOASSO)
    renewal = (
        HELLOASSO_HEADER + "\n50000001;10/03/2027 10:00;Validé;Dupont;Hélène;;;"
        "helene.dupont@exemple.example;;Carte;Adhésion annuelle;29,00;;;;\n"
    )
    report = _apply(db, admin, renewal)
    assert (report.created, report.unchanged, report.memberships_created) == (0, 1, 1)
    with db.session() as session:
        helene = session.scalar(select(Person).where(Person.first_name == "Hélène"))
        assert helene is not None
        count = session.scalar(select(func.count()).where(Membership.person_id == helene.id))
        assert count == 2


def test_same_contact_other_name_is_another_person_and_homonyms_are_not_matched(db, admin) -> None:
    with db.session() as session:
        add_person(session, "Hélène", "Dupont", email="autre@exemple.example")
    report = _apply(db, admin, HELLOASSO)
    # Hélène Dupont with another e-mail: a homonym, created; the couple sharing one payer
    # e-mail: two persons.
    assert report.created == 4 and report.matched == 0


def test_matched_person_with_differences_is_reported_not_updated(db, admin) -> None:
    with db.session() as session:
        add_person(session, "Jean", "Dupont", number="A-000001", phone="+33600000000")
    paheko = PAHEKO.replace("12,DUPONT Jean", "12,DUPONT Jean")
    with db.session() as session:
        person = session.scalar(select(Person).where(Person.number == "A-000001"))
        assert person is not None
        person.email = "jean.dupont@exemple.example"
    report = _apply(db, admin, paheko, mode=ImportMode.VALID_ONLY)
    assert len(report.differences) == 1
    difference = report.differences[0]
    assert difference.line == 2 and difference.number == "A-000001"
    assert difference.fields == (Field.PHONE,)
    assert "fiche inchangée" in difference.label and "téléphone" in difference.label
    with db.session() as session:
        person = session.scalar(select(Person).where(Person.number == "A-000001"))
        assert person is not None and person.phone == "+33600000000"


def test_own_format_keeps_numbers_consents_become_events(db, admin) -> None:
    report = _apply(db, admin, OWN)
    assert report.created == 2 and report.consents_recorded == 3
    with db.session() as session:
        numbers = set(session.scalars(select(Person.number)))
        assert numbers == {"A-000040", "A-000041"}
        membership = session.scalar(select(Membership))
        assert membership is not None and membership.number == "AD-A-2026-0007"
        assert membership.valid_until == dt.date(2027, 1, 14)
        events = session.scalars(select(ConsentEvent).order_by(ConsentEvent.at)).all()
        assert [e.consent for e in events] == [
            ConsentKind.DATA,
            ConsentKind.PHOTOS,
            ConsentKind.DATA,
        ]
        assert all(e.given and e.recorded_by == admin.user_id for e in events)
        assert events[0].at == dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC)
    again = _apply(db, admin, OWN)
    assert (again.created, again.unchanged, again.memberships_skipped) == (0, 2, 1)
    assert again.consents_recorded == 0


def test_own_number_of_someone_else_is_refused(db, admin) -> None:
    with db.session() as session:
        add_person(session, "Paul", "Durand", number="A-000040")
    with pytest.raises(ValidationError, match="ligne 2 : numéro de personne : Le numéro"):
        _apply(db, admin, OWN)
    report = _apply(db, admin, OWN, mode=ImportMode.VALID_ONLY)
    assert report.refused_lines == (2,) and report.created == 1


def test_all_or_nothing_refuses_a_plan_with_errors(db, admin) -> None:
    before = _counts(db)
    with pytest.raises(ValidationError) as refused:
        _apply(db, admin, PAHEKO)
    assert "rien n'a été écrit" in refused.value.message
    assert "ligne 7 : nom et prénom" in refused.value.message
    assert _counts(db) == before
    report = _apply(db, admin, PAHEKO, mode=ImportMode.VALID_ONLY)
    assert report.created == 3 and report.refused_lines == (7,)
    assert "1 ligne(s) refusée(s)" in report.summary_fr()


def test_a_membership_without_any_date_refuses_its_line(db, admin) -> None:
    header = OWN.split("\r\n")[0]
    data = f"{header}\nA-000001;Luc;Dupont{';' * 13}29,00\nA-000002;Léa;Martin{';' * 13}\n"
    with pytest.raises(ValidationError, match="Adhésion sans date"):
        _apply(db, admin, data)
    report = _apply(db, admin, data, mode="lignes_valides")
    assert report.created == 1 and report.refused_lines == (2,)
    with db.session() as session:
        assert set(session.scalars(select(Person.first_name))) == {"Léa"}


def test_import_needs_the_administration(db) -> None:
    reception = built_in_actor("x", "X")
    with db.session() as session, pytest.raises(PermissionDenied):
        apply_plan(session, reception, read_persons(HELLOASSO.encode()))


def _big_file(rows: int) -> bytes:
    lines = [HELLOASSO_HEADER]
    for i in range(rows):
        lines.append(
            f"{9_000_000 + i};12/03/2026 14:30;Validé;Nom{chr(97 + i % 26)}x;Prénom;;;"
            f"p{i}@exemple.example;;Carte;Adhésion;29,00;;;;"
        )
    return "\n".join(lines).encode()


def test_a_failure_at_row_5000_leaves_nothing_written(db, admin, monkeypatch) -> None:
    plan = read_persons(_big_file(6000))
    before = _counts(db)
    original = apply_module._Importer.row
    calls = {"n": 0}

    def failing(self, record) -> None:  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5000:
            raise RuntimeError("disque plein")
        original(self, record)

    monkeypatch.setattr(apply_module._Importer, "row", failing)
    with pytest.raises(RuntimeError), db.session() as session:
        apply_plan(session, admin, plan)
    assert calls["n"] == 5000
    assert _counts(db) == before


def test_progress_and_cancel(db, admin) -> None:
    plan = read_persons(_big_file(1200))
    seen: list[tuple[int, int]] = []
    with db.session() as session:
        apply_plan(session, admin, plan, progress=lambda d, t: seen.append((d, t)), every=500)
    assert seen[0] == (0, 1200) and (500, 1200) in seen and seen[-1] == (1200, 1200)
    before = _counts(db)

    def cancel(done: int, total: int) -> None:
        if done >= 500:
            raise Cancelled

    with pytest.raises(Cancelled), db.session() as session:
        apply_plan(session, admin, read_persons(_big_file(1000).replace(b"900", b"800")),
                   progress=cancel)  # fmt: skip
    assert _counts(db) == before


def test_export_then_import_into_an_empty_site_round_trips(db, admin, tmp_path) -> None:
    _apply(db, admin, HELLOASSO)
    _apply(db, admin, OWN)
    with db.session() as session:
        exported = export_persons(session, admin)
    from desktop.services.database import open_database
    from tests.world import build_site

    other = open_database(build_site(tmp_path / "autre.sqlite3"))
    try:
        from desktop.services.auth import authenticate
        from tests.world import ADMIN_PASSWORD

        with other.session() as session:
            other_admin = authenticate(session, "admin", ADMIN_PASSWORD)
        report = _apply(other, other_admin, exported)
        assert report.created == 6 and report.refused == ()
        with other.session() as session:
            again = export_persons(session, other_admin)
    finally:
        other.close()
    assert again == exported


_cell = st.text(alphabet=st.sampled_from([*";,\"\n 0123456789/:-+@.€éœ'xyzXYZ"]), max_size=10)
_body = st.lists(st.lists(_cell, min_size=3, max_size=8).map(";".join), max_size=8).map("\n".join)
OWN_HEADER = "Numéro;Prénom;Nom;Téléphone;E-mail;Consentement données;Adhésion début"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    header=st.sampled_from([HELLOASSO_HEADER, OWN_HEADER, "Nom;Prénom;Email;Montant tarif"]),
    body=_body,
    mode=st.sampled_from(list(ImportMode)),
)
def test_garbage_never_crashes_nor_half_writes(db, admin, header, body, mode) -> None:
    before = _counts(db)
    try:
        with db.session() as session:
            report = apply_plan(
                session, admin, read_persons((header + "\n" + body).encode()), mode=mode
            )
    except DomainError as refused:
        assert refused.message
        assert _counts(db) == before  # refused: nothing at all
        return
    after = _counts(db)
    with db.session() as session:
        persons = session.scalar(select(func.count()).select_from(Person))
    assert persons == before["Person"] + report.created
    if report.created or report.memberships_created:
        assert after["AuditEntry"] == before["AuditEntry"] + 1
