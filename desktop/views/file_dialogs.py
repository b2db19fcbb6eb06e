"""The application's only file dialogs: they list folders without opening any file.

Qt's file dialog guesses each listed file's type from its content (its icon provider asks
the MIME database, which opens and reads the file). On Linux, closing any descriptor of a
file drops every POSIX lock the process holds on it, so listing the data folder silently
released SQLite's locks on the data file's ``-shm`` (and on the file itself when its name
is ambiguous, such as ``*.db``): another program could then checkpoint and delete the WAL
under the running application. These dialogs are Qt's own widget dialog (not the
platform's, which lives outside our control and may sniff too), with an icon provider that
decides icons and type names from the name alone; they are in French through Qt's
``qtbase_fr`` catalogue and styled light by ``resources/style.qss`` (``QFileDialog``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QFileIconProvider,
    QHeaderView,
    QSplitter,
    QTreeView,
    QWidget,
)

SQLITE_FILTER = "Données Ressourcerie Accueil (*.sqlite3 *.db)"
ALL_FILES = "Tous les fichiers (*)"


LABELS = {
    QFileDialog.DialogLabel.LookIn: "Dossier :",
    QFileDialog.DialogLabel.FileName: "Nom du fichier :",
    QFileDialog.DialogLabel.FileType: "Type de fichier :",
    QFileDialog.DialogLabel.Reject: "Annuler",
}


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's name and kind, never from its content."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Dossier"
        suffix = info.suffix()
        return f"Fichier {suffix}" if suffix else "Fichier"


def make_dialog(
    parent: QWidget | None,
    title: str,
    start: Path,
    filters: list[str],
    *,
    save: bool = False,
) -> QFileDialog:
    """A safe file dialog on ``start`` (a folder, or a file name to propose)."""
    folder, name = (start, "") if start.is_dir() else (start.parent, start.name)
    dialog = QFileDialog(parent, title, str(folder))
    dialog.setOptions(
        QFileDialog.Option.DontUseNativeDialog
        | QFileDialog.Option.DontUseCustomDirectoryIcons
        | QFileDialog.Option.DontResolveSymlinks
    )
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # kept alive with it
    dialog.setNameFilters(filters)
    # Explicit French labels: some of Qt's own are not looked up in its catalogue.
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Enregistrer" if save else "Ouvrir")
    _readable_columns(dialog)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if name:
            dialog.selectFile(name)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def _readable_columns(dialog: QFileDialog) -> None:
    """The name takes the room left; size, type and date are never cut off."""
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:
        splitter.setSizes([180, 620])  # the places list shows whole names ("Ordinateur")
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, 4):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen and chosen[0] else None
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, title: str, start: Path, filters: list[str]) -> Path | None:
    """Ask for an existing file to open; None when cancelled."""
    return _run(make_dialog(parent, title, start, filters))


def save_file(
    parent: QWidget | None, title: str, suggested: Path, filters: list[str], suffix: str
) -> Path | None:
    """Ask where to save; the path with ``suffix`` (e.g. ``.pdf``) added when missing."""
    dialog = make_dialog(parent, title, suggested, filters, save=True)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    path = _run(dialog)
    if path is not None and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    return path
