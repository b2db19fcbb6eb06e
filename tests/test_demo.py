"""The demo site: deterministic, realistic proportions, real accounts, atomic file handling."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.__main__ import main
from desktop.demo import DEMO_ACCOUNTS, DemoCancelled, DemoSummary, build_demo
from desktop.demo.builder import SET_UP_AT
from desktop.demo.calendar import SiteCalendar, easter
from desktop.models import (
    Activity,
    AuditEntry,
    Case,
    CaseNote,
    ChangeLogEntry,
    Closing,
    Membership,
    Occurrence,
    Person,
    Receipt,
    ReceiptLine,
    Registration,
    Site,
    Visit,
)
from desktop.services import care, crypto
from desktop.services.auth import authenticate
from desktop.services.cash.check import check_database
from desktop.services.database import open_database
from desktop.services.errors import ValidationError
from desktop.services.formatting import local, to_utc
from desktop.services.setup import site_info
from desktop.vocabulary import (
    CaregiverStatus,
    ClosingKind,
    NoteLevel,
    PriceCategory,
    RegistrationStatus,
    Role,
)

TODAY = dt.date(2026, 11, 25)
SCALE = 0.1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    steps: list[tuple[int, int, str]] = []
    summary = build_demo(path, scale=SCALE, today=TODAY, progress=lambda *a: steps.append(a))
    assert steps[-1][0] == steps[-1][1]  # finished at 100 %
    assert all(label for *_, label in steps)
    return path, summary


def _run(argv: list[str]) -> int:
    """The exit code of ``ressourcerie ARGV`` (argparse exits on its own errors)."""
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def _count(summary: DemoSummary, label: str) -> int:
    return dict(summary.counts)[label]


def test_proportions_follow_the_seed_figures(built) -> None:
    path, summary = built
    persons = _count(summary, "Personnes accueillies")
    assert persons == 100
    assert _count(summary, "… femmes") == 85
    assert 45 <= _count(summary, "… revenues plusieurs fois") <= 60
    assert _count(summary, "… aidantes dès leur arrivée") == 30
    assert _count(summary, "… révélées aidantes ensuite") >= 1
    assert _count(summary, "Adhérents") == round(193 * SCALE)
    assert _count(summary, "Adhésions (renouvellements compris)") >= _count(summary, "Adhérents")
    assert _count(summary, "… suivis par la chargée d'accompagnement social") == round(132 * SCALE)
    assert _count(summary, "… suivis par la psychologue") == round(30 * SCALE)
    assert _count(summary, "… suivis par les deux") == round(37 * SCALE)
    database = open_database(path)
    try:
        with database.session() as session:
            ages = session.execute(
                select(Person.first_visit_on, Person.birth_year).where(
                    Person.birth_year.is_not(None)
                )
            ).all()
            mean_age = sum(day.year - born for day, born in ages) / len(ages)
            assert 50 <= mean_age <= 58
            anonymous = session.scalars(select(Visit).where(Visit.person_id.is_(None))).all()
            assert anonymous and all(v.anonymous_first_visit is not None for v in anonymous)
            caregivers = session.scalars(
                select(Person).where(Person.caregiver_status == CaregiverStatus.REVEALED)
            ).all()
            assert all(p.caregiver_status_at.date() > p.first_visit_on for p in caregivers)
            membership = session.scalars(select(Membership).limit(1)).one()
            assert membership.amount_cents == 2900 and membership.receipt_id is not None
            assert re.fullmatch(r"AD-A-\d{4}-\d{4}", membership.number)
            assert membership.met_team_on <= membership.valid_from
            assert session.scalar(select(func.count()).select_from(Case)) == round(199 * SCALE)
    finally:
        database.close()


def test_the_till_went_through_the_cash_service(built) -> None:
    """Memberships and paid places come out of receipts; days and months are closed."""
    path, summary = built
    assert summary.tier_disagreements == 0
    assert _count(summary, "Reçus de caisse") > 500
    assert _count(summary, "… reçus d'annulation") >= 1
    database = open_database(path)
    try:
        with database.session() as session:
            report = check_database(session)
            assert report.ok, report.problems
            receipts = {r.id: r for r in session.scalars(select(Receipt))}
            lines = {line.id: line for line in session.scalars(select(ReceiptLine))}
            cancelled = {r.cancels_receipt_id for r in receipts.values() if r.cancels_receipt_id}
            for membership in session.scalars(select(Membership)):
                [line] = [li for li in lines.values() if li.membership_id == membership.id]
                assert line.receipt_id == membership.receipt_id
                assert receipts[line.receipt_id].person_id == membership.person_id
                assert not membership.cancelled and membership.receipt_id not in cancelled
            present = session.execute(
                select(Registration, Activity.price_category)
                .join(Occurrence, Occurrence.id == Registration.occurrence_id)
                .join(Activity, Activity.id == Occurrence.activity_id)
                .where(Registration.status == RegistrationStatus.PRESENT)
            ).all()
            assert {category for _, category in present} == set(PriceCategory)
            for registration, category in present:
                if category is PriceCategory.FREE:
                    assert registration.receipt_line_id is None
                    continue
                line = lines[registration.receipt_line_id]
                assert line.occurrence_id == registration.occurrence_id
                receipt = receipts[line.receipt_id]
                assert receipt.person_id == registration.person_id
                assert receipt.id not in cancelled
            days = {local(r.issued_at).date() for r in receipts.values()}
            closings = session.scalars(select(Closing)).all()
            closed = {c.period_start for c in closings if c.kind is ClosingKind.DAY}
            assert closed == {day for day in days if day < TODAY}
            assert max(c.period_end for c in closings) < TODAY  # today stays open
            months = {c.period_start for c in closings if c.kind is ClosingKind.MONTH}
            assert dt.date(2019, 4, 1) in months and dt.date(2026, 10, 1) in months
            assert len(months) == (2026 - 2019) * 12 + 10 - 4 + 1
            years = {c.period_start.year for c in closings if c.kind is ClosingKind.YEAR}
            assert years == set(range(2019, 2026))
    finally:
        database.close()


def test_same_seed_and_day_give_the_same_site(built, tmp_path: Path, capsys) -> None:
    _, first = built
    code = _run(
        [
            "demo",
            "--db",
            str(tmp_path / "again.sqlite3"),
            "--scale",
            str(SCALE),
            "--today",
            TODAY.isoformat(),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert f"Empreinte des données : {first.data_hash}" in out
    for account in DEMO_ACCOUNTS:
        assert account.username in out and account.password in out
    assert "Personnes accueillies" in out


def test_another_seed_gives_another_site(built, tmp_path: Path) -> None:
    _, first = built
    other = build_demo(tmp_path / "other.sqlite3", scale=SCALE, today=TODAY, seed=7)
    assert other.data_hash != first.data_hash
    assert dict(other.counts)["… femmes"] == dict(first.counts)["… femmes"]


def test_the_whole_build_runs_on_simulated_time(built) -> None:
    """Audit and change-log entries and creation moments follow the build's clock, not the
    machine's: the site is set up the week before the inauguration, nothing is dated after
    the simulated day, and each receipt's audit entry carries the receipt's moment."""
    path, _ = built
    end_of_today = to_utc(TODAY + dt.timedelta(days=1), dt.time())
    database = open_database(path)
    try:
        with database.session() as session:
            assert session.scalars(select(Site.created_at)).one() == SET_UP_AT
            audited = session.execute(select(AuditEntry.at, AuditEntry.entity_id)).all()
            assert min(at for at, _ in audited) >= SET_UP_AT
            assert max(at for at, _ in audited) < end_of_today
            logged = session.execute(
                select(func.min(ChangeLogEntry.recorded_at), func.max(ChangeLogEntry.recorded_at))
            ).one()
            assert logged[0] == SET_UP_AT and logged[1] < end_of_today
            by_number = dict((entity, at) for at, entity in audited)
            receipts = session.execute(select(Receipt.number, Receipt.issued_at)).all()
            assert receipts and all(by_number[number] == at for number, at in receipts)
    finally:
        database.close()


def test_demo_accounts_log_in_and_the_site_is_flagged(built) -> None:
    path, _ = built
    assert len({a.username for a in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
    assert {r for a in DEMO_ACCOUNTS for r in a.roles} == set(Role)
    assert any(len(a.roles) == 2 for a in DEMO_ACCOUNTS)
    database = open_database(path)
    try:
        assert site_info(database).is_demo
        with database.session() as session:
            for account in DEMO_ACCOUNTS:
                actor = authenticate(session, account.username, account.password)
                assert actor.roles == frozenset(account.roles)
    finally:
        database.close()


def test_case_notes_are_sealed_for_the_right_people(built) -> None:
    path, _ = built
    accounts = {a.username: a for a in DEMO_ACCOUNTS}
    database = open_database(path)
    try:
        with database.session() as session:
            psy = authenticate(session, "psychologue", accounts["psychologue"].password)
            social = authenticate(session, "social", accounts["social"].password)
            psy_ring = crypto.unlock(session, psy.user_id, accounts["psychologue"].password)
            social_ring = crypto.unlock(session, social.user_id, accounts["social"].password)
            assert not social_ring.has(NoteLevel.PSYCHOLOGIST)
            case_id = session.scalar(
                select(CaseNote.case_id).where(CaseNote.level == NoteLevel.PSYCHOLOGIST).limit(1)
            )
            notes = care.read_notes(session, psy, psy_ring, case_id)
            assert {n.level for n in notes} >= {NoteLevel.PSYCHOLOGIST}
            assert all(len(n.text) > 20 for n in notes)
            assert all(
                n.level is NoteLevel.TEAM
                for n in care.read_notes(session, social, social_ring, case_id)
            )
    finally:
        database.close()


def test_cancel_leaves_no_file_and_keeps_an_existing_one(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    labels: list[str] = []

    def cancel_while_writing() -> bool:
        return "Passages" in labels

    with pytest.raises(DemoCancelled) as raised:
        build_demo(
            fresh,
            scale=0.05,
            today=TODAY,
            progress=lambda _d, _t, label: labels.append(label),
            cancelled=cancel_while_writing,
        )
    assert "annulée" in raised.value.message
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"SQLite format 3\x00 old content")
    with pytest.raises(DemoCancelled):
        build_demo(existing, scale=0.05, today=TODAY, overwrite=True, cancelled=lambda: True)
    with pytest.raises(ValidationError, match="existe déjà"):
        build_demo(existing, scale=0.05, today=TODAY)
    assert existing.read_bytes() == b"SQLite format 3\x00 old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.sqlite3"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "0"], "L'échelle doit être"),
        (["--scale", "51"], "au plus 50"),
        (["--scale", "beaucoup"], "n'est pas un nombre"),
        (["--today", "2026-13-01"], "n'est pas une date valide"),
        (["--today", "2018-06-01"], "comprise entre"),
        (["--seed", "x"], "nombre entier"),
    ],
)
def test_cli_refuses_bad_arguments_in_french(tmp_path: Path, capsys, arguments, message) -> None:
    code = _run(["demo", "--db", str(tmp_path / "d.sqlite3"), *arguments])
    assert code != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "d.sqlite3").exists()


def test_cli_refuses_an_existing_file_or_an_unwritable_place(tmp_path: Path, capsys) -> None:
    existing = tmp_path / "d.sqlite3"
    existing.write_bytes(b"")
    assert _run(["demo", "--db", str(existing)]) == 1
    assert "--force" in capsys.readouterr().err
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    assert _run(["demo", "--db", str(blocker / "d.sqlite3")]) == 1
    assert "Impossible de créer le dossier" in capsys.readouterr().err


def test_calendar_openings() -> None:
    assert easter(2024) == dt.date(2024, 3, 31) and easter(2025) == dt.date(2025, 4, 20)
    calendar = SiteCalendar(dt.date(2019, 4, 1), dt.date(2026, 12, 31))
    assert calendar.hours(dt.date(2026, 11, 24)) == (dt.time(10), dt.time(18))  # a Tuesday
    assert calendar.hours(dt.date(2026, 11, 23)) == (dt.time(14), dt.time(18))  # a Monday
    assert calendar.hours(dt.date(2026, 12, 25)) is None
    assert calendar.hours(dt.date(2020, 4, 7)) is None  # first lockdown
    assert calendar.remote_possible(dt.date(2020, 4, 7))
    saturdays = [d for d, v in calendar.exceptions.items() if d.weekday() == 5 and not v[0]]
    per_month = Counter((d.year, d.month) for d in saturdays)
    assert max(per_month.values()) == 1
    assert not any(month == 8 for _, month in per_month)
