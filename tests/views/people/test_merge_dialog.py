"""« Fusionner… »: find the other record, choose values, confirm; a refusal shown in place."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop.models import AuditEntry, Person, Registration, Visit
from desktop.services.database import Database
from desktop.services.formatting import to_utc
from desktop.views import messages
from desktop.views.operations import open_dialog
from desktop.views.people.merge_dialog import MergeDialog
from desktop.vocabulary import AuditAction, RegistrationStatus, Role
from tests import world
from tests.views.conftest import USER_PASSWORD
from tests.views.typing import type_text


def _people(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as session:
        keep = world.add_person(session, "Hélène", "Lefèvre", phone="+33612345678")
        other = world.add_person(
            session, "Hélène", "Lefebvre", email="helene@example.org", city="Talence"
        )
        session.add(Visit(at=to_utc(dt.date(2026, 4, 2), dt.time(10)), person_id=other.id))
        return keep.id, other.id


def _open(qtbot, backend, keep: uuid.UUID) -> MergeDialog:
    window = QWidget()  # the dialog's parent: the dialog is deleted once closed
    qtbot.addWidget(window)
    dialog = MergeDialog(backend, keep, window)
    setattr(dialog, "test_window", window)  # noqa: B010 (keeps the parent alive with it)
    open_dialog(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def _find(qtbot, dialog: MergeDialog, text: str) -> None:
    dialog.search_edit.setFocus()
    type_text(dialog.search_edit, text)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=3000)
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.preview_box.isVisible(), timeout=3000)


def test_choose_the_values_and_merge(qtbot, db, admin_backend, monkeypatch) -> None:
    keep, other = _people(db)
    questions: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, **_k: questions.append(text) or 1)
    dialog = _open(qtbot, admin_backend, keep)
    assert not dialog.merge_button.isEnabled()
    _find(qtbot, dialog, "hélène")  # the kept record is not offered
    assert [r.id for r in dialog.model.rows] == [other]
    assert dialog.refusal.isHidden()
    assert dialog.merge_button.isEnabled()
    assert set(dialog.choice_buttons) == {"last_name", "phone", "email", "city"}
    keep_phone, merged_phone = dialog.choice_buttons["phone"]
    assert keep_phone.text() == "06 12 34 56 78" and merged_phone.text() == "(vide)"
    assert dialog.choices() == {
        "last_name": "keep", "phone": "keep", "email": "merged", "city": "merged"
    }  # fmt: skip
    assert "1 passage" in dialog.moves_label.text()
    lefebvre = dialog.choice_buttons["last_name"][1]
    qtbot.mouseClick(lefebvre, Qt.MouseButton.LeftButton, pos=QPoint(6, lefebvre.height() // 2))
    assert dialog.choices()["last_name"] == "merged"
    dialog.grab().save("/tmp/merge-dialog.png")
    merged: list[object] = []
    dialog.sig_merged.connect(merged.append)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert questions and "La fusion ne s'annule pas" in questions[0]
    assert merged and dialog.outcome is not None
    assert dialog.outcome.survivor.full_name == "Hélène Lefebvre"
    with db.read_session() as session:
        survivor, tomb = session.get(Person, keep), session.get(Person, other)
        assert survivor is not None and tomb is not None
        assert (survivor.last_name, survivor.phone, survivor.city) == (
            "Lefebvre", "+33612345678", "Talence"
        )  # fmt: skip
        assert tomb.deleted and tomb.merged_into_id == keep
        assert session.scalar(
            select(AuditEntry.detail).where(AuditEntry.action == AuditAction.PERSONS_MERGED)
        )


def test_swap_keeps_the_other_record(qtbot, db, admin_backend, monkeypatch) -> None:
    keep, other = _people(db)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    dialog = _open(qtbot, admin_backend, keep)
    _find(qtbot, dialog, "lefebvre")
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    assert dialog.preview is not None and dialog.preview.keep.id == other
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    with db.read_session() as session:
        tomb = session.get(Person, keep)
        assert tomb is not None and tomb.merged_into_id == other


def test_a_refusal_is_shown_in_place(qtbot, db, admin_backend, monkeypatch) -> None:
    keep, other = _people(db)
    with db.session() as session:
        occurrence = world.add_session(session, dt.date(2026, 6, 2), title="Pilates")
        for person in (keep, other):
            session.add(
                Registration(
                    occurrence_id=occurrence.id,
                    person_id=person,
                    status=RegistrationStatus.REGISTERED,
                )
            )
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: 1 / 0)  # never asked
    dialog = _open(qtbot, admin_backend, keep)
    _find(qtbot, dialog, "lefebvre")
    assert dialog.refusal.isVisible()
    assert "« Pilates » du mardi 2 juin 2026 à 14:00" in dialog.refusal.text()
    assert not dialog.merge_button.isEnabled()
    dialog.grab().save("/tmp/merge-refused.png")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.search_box.isVisible() and not dialog.preview_box.isVisible()


def test_the_desk_sees_why_it_cannot_merge(qtbot, db, backend, make_user) -> None:
    keep, _other = _people(db)
    make_user("lea", [Role.ACCUEIL])
    backend.login("lea", USER_PASSWORD)
    dialog = _open(qtbot, backend, keep)
    _find(qtbot, dialog, "lefebvre")
    assert "réservée à l'administration" in dialog.refusal.text()
    assert not dialog.merge_button.isEnabled()


def test_a_long_paste_finds_nothing_and_says_so(qtbot, db, admin_backend) -> None:
    keep, _other = _people(db)
    dialog = _open(qtbot, admin_backend, keep)
    dialog.search_edit.insert("Xyzzyq " * 800)  # 5,600 characters pasted
    dialog.search_now()
    assert len(dialog.search_edit.text()) == 200  # the field keeps a sane length
    assert dialog.model.rowCount() == 0 and dialog.search_hint.isVisible()
    assert dialog.search_hint.text() == "Aucune autre fiche ne correspond."
    dialog.search_edit.clear()
    type_text(dialog.search_edit, "lefeb")
    dialog.search_now()
    dialog.grab().save("/tmp/merge-search.png")
    assert dialog.model.rowCount() == 1 and not dialog.preview_box.isVisible()
