"""First-run wizard: French messages beside the fields, nothing typed lost; the demo site."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.services.database import open_database
from desktop.services.setup import SiteSetup, create_site, site_info
from desktop.views import messages
from desktop.views.first_run import FirstRunDialog
from desktop.views.site_form import SiteForm

from .typing import replace_text, type_text


def _wizard(qtbot, empty_db) -> FirstRunDialog:
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    return dialog


def test_create_site_with_corrections(qtbot, empty_db) -> None:
    dialog = _wizard(qtbot, empty_db)
    form = dialog.form
    type_text(form.site_name, "La Ressourcerie")
    type_text(form.address, "21 cours de Verdun, 33000 Bordeaux")
    replace_text(form.series, "1")
    type_text(form.display_name, "Hélène Géraud")
    type_text(form.username, "direction")
    type_text(form.password, "très-secret-1")
    type_text(form.confirm, "très-secret-1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert form.error_text("series").startswith("La lettre de série de ce poste est une seule")
    assert not empty_db.is_set_up
    assert form.display_name.text() == "Hélène Géraud"  # nothing typed is lost

    replace_text(form.series, "b")
    form.confirm.clear()
    type_text(form.confirm, "très-secret-2")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert form.error_text("series") == ""
    assert form.error_text("password_confirm") == (
        "Les deux saisies du mot de passe ne sont pas identiques."
    )
    assert form.password.text() == "très-secret-1"

    form.confirm.clear()
    type_text(form.confirm, "très-secret-1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_database is empty_db
    info = site_info(empty_db)
    assert info is not None and (info.name, info.series) == ("La Ressourcerie", "B")


def test_service_error_lands_under_its_field(qtbot, empty_db) -> None:
    dialog = _wizard(qtbot, empty_db)
    form = dialog.form
    type_text(form.site_name, "Ressourcerie")
    type_text(form.display_name, "Hélène")
    type_text(form.username, "Hélène")  # accents are not allowed in identifiers
    type_text(form.password, "très-secret-1")
    type_text(form.confirm, "très-secret-1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert form.error_text("username").startswith("L'identifiant doit compter de 2 à 40")
    assert form.username.text() == "Hélène"
    assert not empty_db.is_set_up


def test_demo_unavailable_shows_french_message(qtbot, empty_db, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "desktop.demo", None)
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _parent, text, title="": shown.append(text))
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert shown and shown[0].startswith("Le site de démonstration n'est pas disponible")
    assert dialog.result_database is None


class DemoCancelled(Exception):
    pass


def _fake_demo_module(calls: list[dict]) -> types.ModuleType:
    """Stands for desktop.demo, with its agreed interface."""

    def build_demo(path: Path, *, overwrite=False, progress=None, cancelled=None, **_kw):
        calls.append({"thread": threading.current_thread(), "overwrite": overwrite})
        progress(1, 2, "Création du lieu…")
        if cancelled():
            raise DemoCancelled
        database = open_database(path)
        create_site(
            database,
            SiteSetup(
                "Ressourcerie démo",
                "",
                "D",
                "Démo",
                "direction",
                "Nadia",
                "demo-1234",
                is_demo=True,
            ),
        )
        database.close()
        progress(2, 2, "Terminé")

    module = types.ModuleType("desktop.demo")
    module.build_demo = build_demo
    module.DemoCancelled = DemoCancelled
    module.DEMO_ACCOUNTS = ()
    return module


def test_demo_site_is_built_off_the_gui_thread_then_opened(qtbot, empty_db, monkeypatch) -> None:
    calls: list[dict] = []
    monkeypatch.setitem(sys.modules, "desktop.demo", _fake_demo_module(calls))
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert calls[0]["thread"] is not threading.main_thread()
    assert calls[0]["overwrite"] is True
    demo = dialog.result_database
    assert demo is not None and demo.path == empty_db.path.with_name("ressourcerie-demo.sqlite3")
    info = site_info(demo)
    assert info is not None and info.is_demo
    assert not empty_db.is_set_up
    demo.close()


def test_demo_build_can_be_cancelled(qtbot, empty_db, monkeypatch) -> None:
    calls: list[dict] = []
    monkeypatch.setitem(sys.modules, "desktop.demo", _fake_demo_module(calls))
    informed: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _parent, text, title="": informed.append(text))
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    gate = threading.Event()
    original = sys.modules["desktop.demo"].build_demo

    def slow_build(path, **kwargs):
        gate.wait(5)
        return original(path, **kwargs)

    sys.modules["desktop.demo"].build_demo = slow_build
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    build = dialog.demo_build
    assert build is not None and build.progress.isVisible()
    with qtbot.waitSignal(build.sig_cancelled, timeout=10_000):
        cancel = build.progress.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Annuler"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()
    assert informed == ["La construction du site de démonstration a été annulée."]
    assert dialog.result_database is None
    assert not empty_db.path.with_name("ressourcerie-demo.sqlite3").exists()


def test_wizard_builds_a_real_small_demo_site(qtbot, empty_db, monkeypatch) -> None:
    """The real demo builder (at a small scale) through the wizard's worker, then opened."""
    import functools

    from desktop import demo as real_demo

    module = types.ModuleType("desktop.demo")
    module.build_demo = functools.partial(real_demo.build_demo, scale=0.03, today=None)
    module.DemoCancelled = real_demo.DemoCancelled
    module.DEMO_ACCOUNTS = real_demo.DEMO_ACCOUNTS
    monkeypatch.setitem(sys.modules, "desktop.demo", module)
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=120_000):
        qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    demo = dialog.result_database
    assert demo is not None
    info = site_info(demo)
    assert info is not None and info.is_demo
    demo.close()


def test_the_series_letter_is_upper_cased_as_typed(qtbot, empty_db) -> None:
    form = SiteForm()
    qtbot.addWidget(form)
    replace_text(form.series, "b")
    assert form.series.text() == "B"
