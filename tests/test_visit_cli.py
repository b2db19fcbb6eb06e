"""``ressourcerie visit``: a person by number or card code, anonymous visits, refusals."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.models import Membership, Person, Visit
from desktop.services.database import Database
from tests.world import add_person


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _people(db: Database) -> tuple[str, str]:
    """Hélène (a member, card AD-A-2026-0007) and Paul, merged into her."""
    with db.session() as session:
        helene = add_person(session, "Hélène", "Lefèvre")
        add_person(session, "Helene", "Lefevre", merged_into_id=helene.id, deleted=True)
        session.add(
            Membership(
                number="AD-A-2026-0007", person_id=helene.id,
                valid_from=dt.date(2026, 1, 10), valid_until=dt.date(2030, 1, 9),
                amount_cents=2900, met_team_on=dt.date(2026, 1, 10),
                charter_accepted_at=dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC),
            )
        )  # fmt: skip
        numbers = session.scalars(select(Person.number).order_by(Person.number)).all()
    return numbers[0], numbers[1]


def _visits(db: Database) -> list[Visit]:
    with db.session() as session:
        return list(session.scalars(select(Visit).order_by(Visit.at)))


def test_a_person_by_number_then_by_card_code(db: Database, capsys) -> None:
    number, _ = _people(db)
    code, out, _ = _run(capsys, "visit", "--person", number.lower(), "--db", str(db.path))
    assert code == 0
    assert re.fullmatch(
        rf"Passage enregistré à \d+ h( \d\d)? : Hélène Lefèvre \({number}\) — Activité · "
        r"première visite\n",
        out,
    )
    code, out, _ = _run(capsys, "--db", str(db.path), "visit", "--person", "AD-A-2026-0007")
    assert code == 0 and out.startswith("Passage déjà enregistré à ")  # the same visit
    [visit] = _visits(db)
    assert visit.recorded_by is None and visit.reasons == ["activite"]


def test_reasons_by_value_or_label(db: Database, capsys) -> None:
    number, _ = _people(db)
    code, out, _ = _run(
        capsys, "visit", "--person", number, "--reason", "Convivialité", "INFORMATION",
        "--json", "--db", str(db.path),
    )  # fmt: skip
    assert code == 0
    row = json.loads(out)
    assert row["reasons"] == ["information", "convivialite"] and row["first_visit"] is True
    assert row["person_number"] == number and row["already_logged"] is False
    assert row["undoable_until"] is not None


@pytest.mark.parametrize(
    ("typed", "stored", "first"),
    [("oui", "oui", True), ("non", "non", False), ("ne-sait-pas", "ne_sait_pas", False),
     (None, "ne_sait_pas", False)],
)  # fmt: skip
def test_anonymous_with_each_answer(db: Database, capsys, typed, stored, first) -> None:
    answer = ["--first-visit", typed] if typed else []
    code, out, _ = _run(
        capsys, "visit", "--anonymous", *answer, "--gender", "femme", "--age", "60-74", "--json",
        "--db", str(db.path),
    )  # fmt: skip
    assert code == 0
    row = json.loads(out)
    assert (row["person_name"], row["anonymous_first_visit"], row["first_visit"]) == (
        "Anonyme", stored, first,
    )  # fmt: skip
    assert (row["anonymous_gender"], row["anonymous_age_bracket"]) == ("femme", "60_74")
    [visit] = _visits(db)
    assert visit.person_id is None and visit.anonymous_first_visit == stored


def test_anonymous_line(db: Database, capsys) -> None:
    code, out, _ = _run(capsys, "visit", "--anonymous", "--first-visit", "oui",
                        "--reason", "autre", "--db", str(db.path))  # fmt: skip
    assert code == 0
    assert re.fullmatch(r"Passage anonyme enregistré à .+ — Autre · première visite : oui\n", out)


def test_refusals_in_french(db: Database, capsys, tmp_path) -> None:
    number, merged = _people(db)
    code, out, err = _run(capsys, "visit", "--person", "A-999999", "--db", str(db.path))
    assert (code, out) == (1, "") and "Aucune personne ne correspond au code « A-999999 »" in err
    code, _, err = _run(capsys, "visit", "--person", merged, "--db", str(db.path))
    assert code == 1 and f"fusionnée avec celle de {number}" in err
    code, _, err = _run(capsys, "visit", "--person", "x" * 5000, "--db", str(db.path))
    assert code == 1 and "Aucune personne" in err and len(err) < 200
    code, _, err = _run(capsys, "visit", "--person", "  ", "--db", str(db.path))
    assert code == 1 and "numéro ou code de carte attendu" in err
    code, _, err = _run(capsys, "visit", "--person", number, "--first-visit", "oui",
                        "--db", str(db.path))  # fmt: skip
    assert code == 1 and "ne s'emploie qu'avec --anonymous" in err
    code, _, err = _run(capsys, "visit", "--anonymous", "--db", str(tmp_path / "absent.db"))
    assert code == 1 and "Fichier de données introuvable" in err
    assert _visits(db) == []
    for argv, message in (
        (["--anonymous", "--first-visit", "peut-être"], "réponse inconnue"),
        (["--anonymous", "--reason", "café"], "motif inconnu"),
        (["--person", number, "--anonymous"], "incompatible"),
        ([], "--person --anonymous est obligatoire"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(["visit", *argv, "--db", str(db.path)])
        assert exited.value.code == 2 and message in capsys.readouterr().err


def test_bench_accueil_part_runs_small_on_a_copy(db: Database, capsys, monkeypatch) -> None:
    """One short pass (timings not asserted); the measured file itself is never written."""
    from desktop.commands import bench_accueil

    _people(db)
    monkeypatch.setattr(bench_accueil, "VISITS_PER_RUN", 5)
    measured = []
    monkeypatch.setattr(
        bench_accueil, "MEASURES",
        [*bench_accueil.MEASURES, bench_accueil.Measure("autre", lambda c, r: measured.append(c))],
    )  # fmt: skip
    code, out, _ = _run(capsys, "bench", "--part", "accueil", "--runs", "1", "--db", str(db.path))
    assert code == 0 and "Émission" not in out and "Recherche" not in out
    assert re.search(r"→ Passage : médiane des médianes \d+,\d\d ms \(cible ≤ 30 ms\) ; "
                     r"référence INSERT brut .+ \d+,\d\d ms ; rapport \d+,\d\d×", out)  # fmt: skip
    assert "annulation médiane" in out
    assert len(measured) == 1 and measured[0] != db.path  # every entry gets the copy
    assert _visits(db) == []
