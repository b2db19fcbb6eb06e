"""The import part of the bench: the generated file is a valid HelloAsso export, and the
part runs end to end on a small site (no timing is asserted here)."""

from __future__ import annotations

from desktop.commands.bench_import import helloasso_file, run_import_bench
from desktop.services.imports.formats import Format
from desktop.services.imports.plan import read_persons


def test_the_generated_file_is_a_clean_helloasso_export() -> None:
    data = helloasso_file(300)
    assert data.startswith(b"\xef\xbb\xbf") and data == helloasso_file(300)  # deterministic
    plan = read_persons(data)
    assert plan.format is Format.HELLOASSO and plan.errors == () and len(plan.records) == 300
    assert any("#2" in r.source_reference for r in plan.records)  # some couples


def test_the_import_part_runs_on_a_copy(db, capsys) -> None:
    path = db.path
    db.close()
    before = path.read_bytes()
    run_import_bench(path, runs=1, rows=200)
    out = capsys.readouterr().out
    assert "Import, passe 1 :" in out and "200 adhésion(s) créée(s)" in out
    assert "→ Rapport import / insertion brute :" in out
    assert path.read_bytes() == before  # measured on copies only
