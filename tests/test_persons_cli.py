"""``ressourcerie persons search`` and the search part of ``ressourcerie bench``."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import pytest

from desktop.cli import main
from desktop.commands.bench_search import raw_query, realistic_queries
from desktop.models import Visit
from desktop.services.database import Database
from tests.world import add_person


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _people(db: Database) -> None:
    with db.session() as session:
        helene = add_person(session, "Hélène", "Lefèvre", phone="+33612345678")
        add_person(session, "Paul", "L'Hôte", usage_name="Martin")
        session.add(Visit(at=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), person_id=helene.id))


def test_search_prints_french_lines(db: Database, capsys) -> None:
    _people(db)
    code, out, _ = _run(capsys, "persons", "search", "lefevre helene", "--db", str(db.path))
    assert code == 0
    assert re.fullmatch(r"A-\d+  Hélène Lefèvre — non adhérent·e\n", out)
    code, out, _ = _run(capsys, "persons", "search", "06 12", "--db", str(db.path))
    assert code == 0 and "Hélène Lefèvre" in out
    code, out, _ = _run(capsys, "--db", str(db.path), "persons", "search", "lhote")
    assert "Paul L'Hôte (Martin) — non adhérent·e · première visite" in out


def test_search_json(db: Database, capsys) -> None:
    _people(db)
    code, out, _ = _run(capsys, "persons", "search", "martin", "--json", "--db", str(db.path))
    assert code == 0
    [person] = json.loads(out)
    assert person["last_name"] == "L'Hôte" and person["match"] == "exact"
    assert person["membership"] == {"state": "non_adherent", "until": None,
                                    "label": "non adhérent·e"}  # fmt: skip
    assert person["first_visit"] is True and person["flagged_on"] is None


def test_search_without_result_or_file_exits_1_in_french(db: Database, capsys, tmp_path) -> None:
    _people(db)
    code, out, err = _run(capsys, "persons", "search", "zorro", "--db", str(db.path))
    assert (code, out) == (1, "")
    assert "Aucune personne ne correspond à « zorro »" in err
    code, _, err = _run(capsys, "persons", "search", "x", "--db", str(tmp_path / "absent.db"))
    assert code == 1 and "Fichier de données introuvable" in err
    with pytest.raises(SystemExit) as exited:
        main(["persons", "search", "x", "--limit", "0", "--db", str(db.path)])
    assert exited.value.code == 2 and "supérieur à 0" in capsys.readouterr().err


def test_bench_search_part_runs_small(db: Database, capsys) -> None:
    """One pass at a tiny scale, through the child process (timings not asserted)."""
    _people(db)
    queries = realistic_queries(db.path)
    assert "06 12 34 56 78" in queries and any(q.startswith("A-") for q in queries)
    connection = sqlite3.connect(db.path)
    try:
        assert len(raw_query(connection, "helene")) == 1
        assert len(raw_query(connection, "0612")) == 1
    finally:
        connection.close()
    code, out, _ = _run(capsys, "bench", "--part", "recherche", "--runs", "1", "--db", str(db.path))
    assert code == 0
    assert "Émission" not in out and "Démarrage" not in out
    assert re.search(r"frappe → lignes dans le modèle Qt médiane \d+,\d\d ms, p95 \d+,\d\d", out)
    assert re.search(r"Rapport service / requête brute : médianes \d+,\d\d×", out)
