"""``ressourcerie selftest``: prove that an installation (or a bundle) works end to end.

It migrates a throw-away database, creates a site, logs in, writes a French PDF with the
embedded DejaVu Sans font and reads it back, uses the libraries whose data files a bundle
can lose (phone metadata, Faker's French names), and finds Qt's French translations on disk.
Qt itself is never imported here (commands stay Qt-free): the translation file is looked up
where PySide6 is installed, or inside the PyInstaller bundle.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_NAME, __version__
from desktop.services.errors import DomainError

if TYPE_CHECKING:
    from desktop.services.database import Database

NAME = "selftest"
HELP = "vérifie l'installation (base de données, PDF, traductions) sans toucher aux données"

FONT = "DejaVuSans"
QT_TRANSLATION = "qtbase_fr.qm"
ADMIN_USERNAME = "autotest"
PDF_AMOUNT_CENTS = 1200
SAMPLE_PHONE = "05 56 12 34 56"
_EMBEDDED_DEJAVU = re.compile(rb"/BaseFont\s*/[A-Z]{6}\+DejaVuSans\b")


class SelftestFailure(Exception):
    """A check that did not pass; the message is French and shown as is."""


@dataclass
class _Run:
    """State shared by the steps of one self-test."""

    folder: Path
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    database: Database | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Les essais se font dans un dossier temporaire, effacé à la fin : l'option --db "
        "est ignorée et vos données ne sont jamais lues ni modifiées."
    )


def run(args: argparse.Namespace) -> int:
    """Run every step, one French line each; 0 when all pass, 1 at the first failure."""
    where = "application empaquetée" if getattr(sys, "frozen", False) else "environnement Python"
    print(f"{APP_NAME} {__version__} — auto-test ({where})")
    with tempfile.TemporaryDirectory(
        prefix="ressourcerie-autotest-", ignore_cleanup_errors=True
    ) as folder:
        state = _Run(folder=Path(folder))
        try:
            for title, step in STEPS:
                try:
                    line = step(state)
                except SelftestFailure as failure:
                    return _failed(title, str(failure))
                except DomainError as error:
                    return _failed(title, error.message)
                except Exception as error:  # the point is to report anything that breaks
                    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
                    return _failed(
                        title, f"erreur inattendue ({type(error).__name__} : {first_line})"
                    )
                print(f"{title} : {line}")
        finally:
            if state.database is not None:
                state.database.close()
    print("Auto-test réussi : l'installation fonctionne.")
    return 0


def _failed(title: str, reason: str) -> int:
    print(f"ÉCHEC — {title} : {reason}", file=sys.stderr)
    print("Auto-test échoué : l'installation est incomplète ou endommagée.", file=sys.stderr)
    return 1


def _step_database(state: _Run) -> str:
    from desktop.services.database import (
        MIGRATIONS_DIR,
        current_revision,
        head_revision,
        open_database,
    )

    try:
        head = head_revision()
    except Exception:  # Alembic's CommandError when the folder itself is missing
        head = ""
    if not head:
        raise SelftestFailure(f"aucun script de migration dans « {MIGRATIONS_DIR} »")
    state.database = database = open_database(state.folder / "autotest.sqlite3")
    revision = current_revision(database.engine)
    if revision != head:
        raise SelftestFailure(
            f"la base est à la révision « {revision} » au lieu de « {head} » "
            "(fichiers de migration manquants ?)"
        )
    return f"migrations appliquées (révision {revision})"


def _opened(state: _Run) -> Database:
    if state.database is None:
        raise SelftestFailure("la base de données n'a pas été ouverte")
    return state.database


def _step_site(state: _Run) -> str:
    from desktop.services.setup import SiteSetup, create_site, site_info

    database = _opened(state)
    create_site(
        database,
        SiteSetup(
            site_name="Ressourcerie – auto-test",
            address="21 cours de Verdun, 33000 Bordeaux",
            series="Z",
            device_name="Poste d'essai",
            admin_username=ADMIN_USERNAME,
            admin_display_name="Élise Auto-Test",
            admin_password=state.password,
        ),
    )
    info = site_info(database)
    if info is None:
        raise SelftestFailure("le lieu créé n'a pas été retrouvé dans la base")
    return f"« {info.name} » créé, poste « {info.device_name} » (série {info.series})"


def _step_login(state: _Run) -> str:
    from desktop.services.auth import authenticate
    from desktop.vocabulary import ROLE_LABELS

    database = _opened(state)
    with database.session() as session:
        actor = authenticate(session, ADMIN_USERNAME, state.password)
    roles = ", ".join(sorted(ROLE_LABELS[role].lower() for role in actor.roles))
    return f"« {actor.username} » connecté ({actor.display_name}, rôle {roles})"


def pdf_text() -> str:
    """The French sentence written into the test PDF (accents, guillemets, euro amount)."""
    from desktop.services.formatting import money

    return f"Reçu d'essai — séance « Yoga doux », tarif plein : {money(PDF_AMOUNT_CENTS)}"


def _step_pdf(state: _Run) -> str:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from desktop.services.formatting import money
    from desktop.services.printing.fonts import register_fonts

    register_fonts()
    text = pdf_text()
    font = pdfmetrics.getFont(FONT)
    glyphs = getattr(getattr(font, "face", None), "charToGlyph", None)
    if glyphs is not None:
        missing = sorted({ch for ch in text if ord(ch) not in glyphs})
        if missing:
            shown = ", ".join(f"U+{ord(ch):04X}" for ch in missing)
            raise SelftestFailure(f"la police {FONT} n'a pas de dessin pour : {shown}")
    path = state.folder / "autotest.pdf"
    canvas = Canvas(str(path), pagesize=A5)
    canvas.setTitle("Auto-test Ressourcerie Accueil")
    canvas.setFont(FONT, 11)
    canvas.drawString(36, 500, text)
    canvas.save()
    how = check_pdf_font(path, money(PDF_AMOUNT_CENTS))
    return f"police DejaVu Sans intégrée, « {money(PDF_AMOUNT_CENTS)} » écrit ({how})"


def check_pdf_font(path: Path, expected_text: str) -> str:
    """Check DejaVu Sans is embedded in the PDF (and the text readable, with pypdf).

    Returns how it was checked. pypdf is only a test dependency: without it, the raw bytes
    are searched for the embedded TrueType font program and its subset name.
    """
    try:
        from pypdf import PdfReader
    except ImportError:
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise SelftestFailure("le fichier écrit n'est pas un PDF") from None
        if b"/FontFile2" not in data or not _EMBEDDED_DEJAVU.search(data):
            raise SelftestFailure(f"la police {FONT} n'est pas intégrée au PDF") from None
        return "vérifié dans le fichier"
    page = PdfReader(path).pages[0]
    fonts = page["/Resources"]["/Font"]  # type: ignore[index]
    embedded = False
    for reference in fonts.values():
        font = reference.get_object()
        descriptor = font.get("/FontDescriptor")
        if str(font.get("/BaseFont", "")).endswith(f"+{FONT}") and descriptor is not None:
            embedded = "/FontFile2" in descriptor.get_object()
    if not embedded:
        raise SelftestFailure(f"la police {FONT} n'est pas intégrée au PDF")
    if _spaces(expected_text) not in _spaces(page.extract_text()):
        raise SelftestFailure(f"le montant « {expected_text} » ne se relit pas dans le PDF")
    return "relu avec pypdf"


def _spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _step_phone(_state: _Run) -> str:
    import phonenumbers

    number = phonenumbers.parse(SAMPLE_PHONE, "FR")
    if not phonenumbers.is_valid_number(number):
        raise SelftestFailure(f"le numéro « {SAMPLE_PHONE} » n'est pas reconnu (métadonnées ?)")
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"« {SAMPLE_PHONE} » reconnu ({shown})"


def _step_fake_names(_state: _Run) -> str:
    from faker import Faker

    fake = Faker("fr_FR")
    fake.seed_instance(2019)
    return f"noms français générés (« {fake.name()} »)"


def qt_translation_folders() -> list[Path]:
    """Where Qt's translations can be, without importing Qt.

    In a PyInstaller bundle they sit under ``sys._MEIPASS/PySide6``; otherwise next to the
    installed PySide6 package. Windows wheels keep them in ``PySide6/translations``, Linux and
    macOS wheels in ``PySide6/Qt/translations``.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    roots: list[Path] = []
    if bundle:
        roots.append(Path(bundle) / "PySide6")
    else:
        spec = importlib.util.find_spec("PySide6")
        if spec is not None:
            roots.extend(Path(p) for p in spec.submodule_search_locations or ())
            if spec.origin and not roots:
                roots.append(Path(spec.origin).parent)
    return [
        folder for root in roots for folder in (root / "translations", root / "Qt" / "translations")
    ]


def _step_translations(_state: _Run) -> str:
    folders = qt_translation_folders()
    if not folders:
        raise SelftestFailure("PySide6 (Qt) n'est pas installé")
    for folder in folders:
        candidate = folder / QT_TRANSLATION
        if candidate.is_file() and candidate.stat().st_size > 0:
            return f"traduction française de Qt présente ({candidate})"
    searched = " ; ".join(str(folder) for folder in folders)
    raise SelftestFailure(f"{QT_TRANSLATION} introuvable (cherché dans : {searched})")


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("Base de données", _step_database),
    ("Lieu", _step_site),
    ("Connexion", _step_login),
    ("PDF", _step_pdf),
    ("Téléphones", _step_phone),
    ("Démonstration", _step_fake_names),
    ("Traductions Qt", _step_translations),
)
