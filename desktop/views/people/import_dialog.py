"""« Importer des personnes »: choose a CSV file, check the column mapping (the recognised
format pre-filled), preview the first rows and the refused ones by line, then import in the
task runner with progress and read the report (README.md, "Person import and export").

Reading and checking the file writes nothing; the import is one transaction
(:func:`desktop.services.imports.apply.apply_plan`): all or nothing, or, once « Importer
seulement les lignes valides » is ticked, the valid rows only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.formatting import money
from desktop.services.imports.apply import ImportMode, ImportReport, apply_plan
from desktop.services.imports.formats import FIELD_LABELS, FORMAT_LABELS, Field, Format, recognise
from desktop.services.imports.plan import plan_with_mapping
from desktop.services.imports.records import ImportPlan, PersonRecord, RowError
from desktop.services.imports.table import SEPARATOR_NAMES, Table, read_file, read_table
from desktop.services.progress import ProgressCallback
from desktop.views import file_dialogs
from desktop.views.forms import ErrorLabel, ReleasedDialog, hint_label
from desktop.views.operations import open_dialog, run_task
from desktop.views.tables import RIGHT, Column, RowTableModel, read_only_rows

PREVIEW_ROWS = 20
IGNORED = "— colonne ignorée —"
CSV_FILTER = "Fichiers CSV (*.csv *.txt)"


@dataclass(frozen=True)
class Loaded:
    """A file read: its table, the format recognised and the plan of its mapping."""

    path: Path
    table: Table
    format: Format
    mapping: dict[str, Field]
    plan: ImportPlan


@dataclass(frozen=True)
class ReportLine:
    line: int
    text: str


def load(path: Path, progress: ProgressCallback) -> Loaded:
    """Read and check ``path`` (no database): what the dialog shows first."""
    table = read_table(read_file(path))
    kind, mapping = recognise(table.headers)
    plan = plan_with_mapping(table, mapping, kind=kind, progress=progress)
    return Loaded(path, table, kind, mapping, plan)


def _membership(record: PersonRecord) -> str:
    membership = record.membership
    if membership is None:
        return ""
    if membership.amount_cents is not None:
        return money(membership.amount_cents)
    return membership.number or "oui"


PREVIEW_COLUMNS: tuple[Column[PersonRecord], ...] = (
    Column("Ligne", lambda r: str(r.line), align=RIGHT, sort_key=lambda r: r.line),
    Column("Prénom", lambda r: r.first_name),
    Column("Nom", lambda r: r.last_name),
    Column("Téléphone", lambda r: r.phone),
    Column("E-mail", lambda r: r.email),
    Column("Adhésion", _membership, align=RIGHT),
)
ERROR_COLUMNS: tuple[Column[RowError], ...] = (
    Column("Ligne", lambda e: str(e.line), align=RIGHT, sort_key=lambda e: e.line),
    Column("Champ", lambda e: FIELD_LABELS[e.field] if e.field is not None else ""),
    Column("Problème", lambda e: e.message, tooltip=lambda e: e.message),
)
REPORT_COLUMNS: tuple[Column[ReportLine], ...] = (
    Column("Ligne", lambda r: str(r.line), align=RIGHT, sort_key=lambda r: r.line),
    Column("Détail", lambda r: r.text, tooltip=lambda r: r.text),
)


def _table_view(model: RowTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    read_only_rows(view)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class ImportDialog(ReleasedDialog):
    """The import, step by step in one window (file, columns, preview, import, report)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.loaded: Loaded | None = None
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self.busy = False
        self.combos: dict[str, QComboBox] = {}
        self.setWindowTitle("Importer des personnes")
        self.setModal(True)

        self.file_label = QLabel("Aucun fichier choisi.")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton("&Choisir le fichier…")
        self.choose_button.setAccessibleName("Choisir le fichier à importer")
        self.format_label = QLabel("")
        self.format_label.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.mapping_box = QGroupBox("Colonnes du fichier → champs")
        self.mapping_grid = QGridLayout()
        inner = QWidget()
        inner.setLayout(self.mapping_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(150)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)
        self.mapping_box.setEnabled(False)

        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        self.preview_model: RowTableModel[PersonRecord] = RowTableModel(PREVIEW_COLUMNS)
        self.errors_model: RowTableModel[RowError] = RowTableModel(ERROR_COLUMNS)
        self.report_model: RowTableModel[ReportLine] = RowTableModel(REPORT_COLUMNS)
        self.tabs = QTabWidget()
        self.tabs.addTab(_table_view(self.preview_model, "Aperçu des premières lignes"), "Aperçu")
        self.tabs.addTab(_table_view(self.errors_model, "Lignes refusées"), "Erreurs")
        self.tabs.addTab(_table_view(self.report_model, "Compte rendu de l'import"), "Compte rendu")
        self.tabs.setTabEnabled(2, False)

        self.valid_only = QCheckBox(
            "Importer seulement les lignes valides (les lignes refusées ne seront pas importées)"
        )
        self.valid_only.setEnabled(False)
        self.report_label = QLabel("")
        self.report_label.setWordWrap(True)
        self.report_label.setObjectName("importReport")
        self.error_label = ErrorLabel()
        self.import_button = QPushButton("&Importer")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("Fermer")
        for button in (self.choose_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Fichier CSV : export des adhésions HelloAsso, liste des membres Paheko ou "
                "export des personnes de l'application. Rien n'est écrit avant « Importer » ; "
                "une personne déjà connue n'est jamais modifiée (les différences sont "
                "signalées), un même fichier importé deux fois ne crée aucun doublon."
            )
        )
        layout.addLayout(file_row)
        layout.addWidget(self.format_label)
        layout.addWidget(self.mapping_box, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 2)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.report_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose)
        self.import_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self.valid_only.toggled.connect(self._update_buttons)
        self.resize(820, 680)
        self.choose_button.setFocus()

    # --- the file --------------------------------------------------------------------------

    def choose(self) -> None:
        path = file_dialogs.open_file(
            self, "Choisir le fichier à importer", Path.home(), [CSV_FILTER, file_dialogs.ALL_FILES]
        )
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        """Read and check ``path`` in the task runner, then show its columns and rows."""
        self._set_busy(True)
        run_task(
            self,
            lambda progress: load(path, progress),
            on_success=self._loaded,
            error_target=self.error_label,
            progress_label="Lecture du fichier…",
            cancellable=True,
            on_finished=lambda: self._set_busy(False),
        )

    def _loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        table = loaded.table
        self.file_label.setText(
            f"{loaded.path.name} ({table.encoding}, séparateur "
            f"{SEPARATOR_NAMES[table.separator]}, {len(table.rows)} lignes de données)"
        )
        self.format_label.setText(f"Format reconnu : {FORMAT_LABELS[loaded.format]}")
        self._fill_mapping(table.headers, loaded.mapping)
        self._planned(loaded.plan)

    def _fill_mapping(self, headers: tuple[str, ...], mapping: dict[str, Field]) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = {}
        for row, header in enumerate(headers):
            label = QLabel(header.replace("&", "&&"))  # a buddy label reads « & » as a key
            combo = QComboBox()
            combo.setAccessibleName(f"Champ de la colonne {header}")
            combo.addItem(IGNORED, None)
            for field in Field:
                combo.addItem(FIELD_LABELS[field], field.value)
            chosen = mapping.get(header)
            combo.setCurrentIndex(combo.findData(chosen.value) if chosen is not None else 0)
            combo.currentIndexChanged.connect(self._replan)
            label.setBuddy(combo)
            self.mapping_grid.addWidget(label, row, 0)
            self.mapping_grid.addWidget(combo, row, 1)
            label.show()  # now, not at the next turn of the event loop
            combo.show()
            self.combos[header] = combo
        self.mapping_grid.setColumnStretch(1, 1)
        self.mapping_box.setEnabled(True)

    def mapping(self) -> dict[str, Field]:
        """The mapping the combos show (header → field; ignored columns left out)."""
        chosen = {}
        for header, combo in self.combos.items():
            value = combo.currentData()
            if value is not None:
                chosen[header] = Field(value)
        return chosen

    def _replan(self) -> None:
        if self.loaded is None:
            return
        table, kind, mapping = self.loaded.table, self.loaded.format, self.mapping()
        self.plan = None
        self._update_buttons()
        self._set_busy(True)
        run_task(
            self,
            lambda progress: plan_with_mapping(table, mapping, kind=kind, progress=progress),
            on_success=self._planned,
            on_failure=lambda _error: self._cleared(),
            error_target=self.error_label,
            progress_label="Vérification des lignes…",
            cancellable=True,
            on_finished=lambda: self._set_busy(False),
        )

    def _cleared(self) -> None:
        self.preview_model.set_rows([])
        self.errors_model.set_rows([])
        self.summary_label.setText("")

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.error_label.clear_message()
        refused = plan.refused_lines
        self.summary_label.setText(
            f"Lignes de données : {plan.row_count} — valides : {len(plan.records)}, "
            f"refusées : {len(refused)}"
        )
        self.preview_model.set_rows(plan.records[:PREVIEW_ROWS])
        self.errors_model.set_rows(plan.errors)
        self.tabs.setTabText(0, f"Aperçu ({min(PREVIEW_ROWS, len(plan.records))} premières lignes)")
        self.tabs.setTabText(1, f"Erreurs ({len(plan.errors)})")
        if plan.errors and not plan.records:
            self.tabs.setCurrentIndex(1)
        self._update_buttons()

    # --- the import ------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.choose_button.setEnabled(not busy and self.report is None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        done = self.report is not None
        self.valid_only.setEnabled(bool(plan and plan.errors and plan.records) and not done)
        ready = (
            plan is not None
            and bool(plan.records)
            and (not plan.errors or self.valid_only.isChecked())
        )
        self.import_button.setEnabled(ready and not done and not self.busy)
        self.mapping_box.setEnabled(self.loaded is not None and not done and not self.busy)

    def mode(self) -> ImportMode:
        return ImportMode.VALID_ONLY if self.valid_only.isChecked() else ImportMode.ALL_OR_NOTHING

    def apply(self) -> None:
        plan, mode = self.plan, self.mode()
        if plan is None:
            return
        self._set_busy(True)
        run_task(
            self,
            lambda progress: self.backend.call(apply_plan, plan, mode=mode, progress=progress),
            backend=self.backend,
            on_success=self._applied,
            error_target=self.error_label,
            progress_label=f"Import de {len(plan.records)} ligne(s)…",
            cancellable=True,
            on_finished=lambda: self._set_busy(False),
        )

    def _applied(self, report: ImportReport) -> None:
        self.report = report
        self.report_label.setText(f"Import terminé : {report.summary_fr()}")
        lines = [ReportLine(d.line, d.label.partition(" : ")[2]) for d in report.differences]
        lines += [
            ReportLine(
                e.line,
                "refusée — "
                + (f"{FIELD_LABELS[e.field]} : " if e.field is not None else "")
                + e.message,
            )
            for e in report.refused
        ]
        self.report_model.set_rows(sorted(lines, key=lambda r: r.line))
        self.tabs.setTabEnabled(2, True)
        self.tabs.setTabText(2, f"Compte rendu ({len(lines)})")
        self.tabs.setCurrentIndex(2)
        self.close_button.setText("Fermer")
        self.close_button.setFocus()
        self._update_buttons()


def open_import(parent: QWidget | None, backend: Backend) -> ImportDialog:
    """Open the import dialog (window-modal) over ``parent``."""
    dialog = ImportDialog(backend, parent)
    open_dialog(dialog)
    return dialog
