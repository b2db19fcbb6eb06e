"""Where the application keeps its files (platformdirs), overridable for tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "RessourcerieAccueil"
APP_AUTHOR = "LaRessourcerie"


def data_dir() -> Path:
    override = os.environ.get("RESSOURCERIE_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))


def log_dir() -> Path:
    override = os.environ.get("RESSOURCERIE_LOG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    """Rebuildable files (the benchmark's demo site)."""
    override = os.environ.get("RESSOURCERIE_CACHE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    return data_dir() / "ressourcerie.sqlite3"


def resources_dir() -> Path:
    """The resources folder, next to the package or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
