"""``ressourcerie print card``: one card or a sheet, read-only, French errors, exit codes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from cash_world import World, paris
from pypdf import PdfReader

from desktop.__main__ import main
from desktop.services.cash.drafts import DraftLine
from desktop.services.clock import machine_today
from tests.cash.test_cli_safety import corrupt_page
from tests.services.test_database_safety import snapshot

MM = 72 / 25.4
OLD = dt.date(2024, 3, 1)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _join(world: World, person, at: dt.datetime | None = None) -> None:
    world.sell(DraftLine.membership(OLD, charter_accepted=True), person_id=person, at=at)


@pytest.fixture
def site(world: World) -> Path:
    """Hélène (A-000001) member today, Zoé (A-000002) expired since 2025, Inès (A-000003)
    never a member; the file closed (its WAL checkpointed)."""
    helene, zoe = world.person("Hélène", "Lefèvre"), world.person("Zoé", "Abadie")
    world.person("Inès", "Garnier")
    _join(world, zoe, paris(OLD))
    _join(world, helene)  # now, by the real clock: the CLI reads the real clock too
    world.db.close()
    return world.db.path


def _pages(path: Path):
    return PdfReader(io.BytesIO(path.read_bytes())).pages


def _codes(path: Path, page: int = 0) -> list[str]:
    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        image = document[page].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    return sorted(r.text for r in zxingcpp.read_barcodes(image))


def test_print_one_card_by_person_or_membership_number(site: Path, capsys, tmp_path) -> None:
    out_file = tmp_path / "carte.pdf"
    year = machine_today().year
    for typed in ("A-000001", "a-1", f"ad-a-{year}-1"):
        code, out, err = _run(
            capsys, "print", "card", "--member", typed, "--out", str(out_file), "--db", str(site)
        )
        assert code == 0, err
        assert out.startswith(f"Carte de Hélène Lefèvre (A-000001, adhésion AD-A-{year}-0001, "
                              "valable jusqu'au ")  # fmt: skip
        assert str(out_file) in out
        (page,) = _pages(out_file)
        assert float(page.mediabox.width) / MM == pytest.approx(85.60, abs=0.05)
        assert float(page.mediabox.height) / MM == pytest.approx(53.98, abs=0.05)
        assert "Hélène" in page.extract_text()
        assert _codes(out_file) == ["A-000001"]
    # An expired membership still prints, and says so.
    code, out, _ = _run(
        capsys, "--db", str(site), "print", "card", "--member", "A-000002", "--out", str(out_file)
    )
    assert code == 0
    assert "(A-000002, adhésion AD-A-2024-0001, valable jusqu'au 28/02/2025, expirée)" in out


def test_print_all_valid_cards_on_a_sheet(site: Path, capsys, tmp_path) -> None:
    out_file = tmp_path / "planche.pdf"
    code, out, err = _run(
        capsys, "print", "card", "--all-valid", "--out", str(out_file), "--db", str(site)
    )
    assert code == 0, err
    assert out == f"1 carte(s) d'adhérent·e sur 1 page(s) : {out_file}\n"
    (page,) = _pages(out_file)
    assert float(page.mediabox.width) / MM == pytest.approx(210, abs=0.05)
    assert _codes(out_file) == ["A-000001"]  # Zoé's membership has expired


def test_print_card_errors_in_french(site: Path, capsys, tmp_path) -> None:
    out_file = tmp_path / "carte.pdf"
    db = ("--db", str(site))
    for typed, message in (
        ("A-000009", "Erreur : Aucune personne ne porte le numéro « A-000009 »."),
        ("AD-A-2020-0001", "Erreur : Aucune adhésion ne porte le numéro « AD-A-2020-0001 »."),
        ("A-000003", "Erreur : Inès Garnier (A-000003) n'a aucune adhésion, ni en cours ni "
                     "passée : pas de carte d'adhérent·e à imprimer."),
        ("2026", "Erreur : « 2026 » n'est ni un numéro de personne (comme A-000123) ni un "
                 "numéro d'adhésion (comme AD-A-2026-0042)."),
    ):  # fmt: skip
        argv = ("print", "card", "--member", typed, "--out", str(out_file), *db)
        code, out, err = _run(capsys, *argv)
        assert (code, out, err) == (1, "", message + "\n"), typed
    assert not out_file.exists()
    for argv, message in (
        (["--member", "A-000001", "--all-valid"], "incompatible avec l'option --member"),
        ([], "l'une des options --member --all-valid est obligatoire"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(["print", "card", *argv, "--out", str(out_file), *db])
        assert exited.value.code == 2
        assert message in capsys.readouterr().err


def test_no_valid_membership_means_no_sheet(world: World, capsys, tmp_path) -> None:
    _join(world, world.person(), paris(OLD))
    world.db.close()
    code, _, err = _run(capsys, "print", "card", "--all-valid", "--out",
                        str(tmp_path / "p.pdf"), "--db", str(world.db.path))  # fmt: skip
    assert code == 1
    assert err == (
        "Erreur : Aucune carte à imprimer : personne n'a d'adhésion valable aujourd'hui.\n"
    )


def test_print_card_changes_nothing_and_reports_damage(site: Path, capsys, tmp_path) -> None:
    tmp_path = tmp_path / "sorties"  # not next to the data file: the snapshot lists its folder
    tmp_path.mkdir()
    before = snapshot(site)
    for argv in (["--member", "A-000001"], ["--all-valid"]):
        code, _, err = _run(capsys, "print", "card", *argv, "--out", str(tmp_path / "c.pdf"),
                            "--db", str(site))  # fmt: skip
        assert code == 0, err
        assert snapshot(site) == before, argv
    assert not site.with_name(site.name + "-wal").exists()
    corrupt_page(site, "membership")
    for argv in (["--member", "A-000001"], ["--all-valid"]):
        code, _, err = _run(capsys, "print", "card", *argv, "--out", str(tmp_path / "c.pdf"),
                            "--db", str(site))  # fmt: skip
        assert code == 1, argv
        assert err.startswith("Erreur : ") and "endommagé" in err, (argv, err)
