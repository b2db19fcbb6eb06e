"""First run: create the site, or open the demonstration site (built off the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.services.database import Database, open_database
from desktop.services.errors import DatabaseOpenError
from desktop.services.setup import create_site
from desktop.views import messages
from desktop.views.demo_build import DemoBuild
from desktop.views.demo_support import DEMO_FILE_NAME, UNAVAILABLE, demo_module
from desktop.views.operations import run_op
from desktop.views.site_form import SiteForm


def _choice_button(title: str, text: str) -> QCommandLinkButton:
    """A large button with a title and a wrapped explanation."""
    button = QCommandLinkButton(title, text)
    button.setObjectName("choice")
    button.setAutoDefault(False)
    return button


class FirstRunDialog(QDialog):
    """Accepted with :attr:`result_database` set: the database the application should use."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.result_database: Database | None = None
        self.demo_build: DemoBuild | None = None
        self.setWindowTitle(f"Bienvenue — {APP_NAME}")
        self.setMinimumSize(720, 560)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._form_page())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pages)

    @property
    def demo_path(self) -> Path:
        return self.database.path.with_name(DEMO_FILE_NAME)

    # --- pages ----------------------------------------------------------------------------

    def _choice_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(40, 36, 40, 28)
        column.setSpacing(16)
        title = QLabel(f"Bienvenue dans {APP_NAME}")
        title.setObjectName("pageTitle")
        column.addWidget(title)
        intro = QLabel(
            "Ce fichier de données est encore vide. Que souhaitez-vous faire ?\n"
            f"Fichier : {self.database.path}"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(intro)
        self.create_choice = _choice_button(
            "Créer le lieu",
            "Pour commencer pour de vrai : le lieu, ce poste et le compte d'administration.",
        )
        self.create_choice.clicked.connect(self.show_form)
        column.addWidget(self.create_choice)
        self.demo_choice = _choice_button(
            "Ouvrir le site de démonstration",
            "Pour découvrir l'application avec des personnes, des ateliers et des reçus fictifs.",
        )
        self.demo_choice.clicked.connect(self.open_demo)
        column.addWidget(self.demo_choice)
        column.addStretch(1)
        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        quit_button = QPushButton("Quitter")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)
        quit_row.addWidget(quit_button)
        column.addLayout(quit_row)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(40, 28, 40, 20)
        column.setSpacing(12)
        title = QLabel("Créer le lieu")
        title.setObjectName("pageTitle")
        column.addWidget(title)
        self.form = SiteForm()
        holder = QWidget()
        holder.setObjectName("formHolder")
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 16, 0)
        inner.addWidget(self.form)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("formScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        scroll.viewport().setAutoFillBackground(False)
        column.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        back = QPushButton("Retour")
        back.setAutoDefault(False)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        buttons.addWidget(back)
        buttons.addStretch(1)
        self.create_button = QPushButton("Créer le lieu")
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_site)
        buttons.addWidget(self.create_button)
        column.addLayout(buttons)
        return page

    def show_form(self) -> None:
        self.pages.setCurrentIndex(1)
        self.form.site_name.setFocus()

    # --- create ---------------------------------------------------------------------------

    def create_site(self) -> None:  # (QWidget.create is a Qt method)
        run_op(
            self,
            lambda: create_site(self.database, self.form.site_setup()),
            error_target=self.form,
            on_success=lambda _none: self._created(),
        )

    def _created(self) -> None:
        self.result_database = self.database
        self.accept()

    # --- demo -----------------------------------------------------------------------------

    def open_demo(self) -> None:
        module = demo_module()
        if module is None:
            messages.warn(self, UNAVAILABLE)
            return
        target = self.demo_path
        if target.exists() and target.stat().st_size > 0:
            choice = messages.choose(
                self,
                "Un site de démonstration existe déjà à côté de votre fichier de données :\n"
                f"{target}\n\nL'ouvrir tel quel, ou le reconstruire à neuf ?",
                ["Ouvrir", "Reconstruire", "Annuler"],
            )
            if choice == 0:
                self._open_demo_file(target)
                return
            if choice != 1:
                return
        if target == self.database.path:
            self.database.close()  # the builder replaces this very file
        build = DemoBuild(module, target, parent_widget=self)
        build.sig_succeeded.connect(self._open_demo_file)
        build.sig_failed.connect(lambda message: messages.warn(self, message))
        build.sig_cancelled.connect(
            lambda: messages.inform(self, "La construction du site de démonstration a été annulée.")
        )
        self.demo_build = build
        build.start()

    def _open_demo_file(self, path: Path) -> None:
        try:
            database = open_database(path)
        except DatabaseOpenError as error:
            messages.warn(self, error.message)
            return
        if not database.is_set_up:
            database.close()
            messages.warn(
                self,
                "Le fichier de démonstration est incomplet. Choisissez « Reconstruire ».",
            )
            return
        self.result_database = database
        self.accept()
