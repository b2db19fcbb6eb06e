"""Reaching the demo builder lazily: the GUI still works when it is not available."""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

DEMO_MODULE = "desktop.demo"
DEMO_FILE_NAME = "ressourcerie-demo.sqlite3"
UNAVAILABLE = (
    "Le site de démonstration n'est pas disponible dans cette version de l'application. "
    "Vous pouvez créer votre lieu dès maintenant."
)

logger = logging.getLogger(__name__)


def demo_module() -> ModuleType | None:
    """The demo builder (``build_demo``, ``DEMO_ACCOUNTS``, ``DemoCancelled``), or None."""
    try:
        return importlib.import_module(DEMO_MODULE)
    except ImportError:
        logger.info("Demo builder unavailable", exc_info=True)
        return None


def demo_accounts() -> tuple:
    """The demo site's accounts shown on the login dialog; empty when unavailable."""
    module = demo_module()
    return tuple(getattr(module, "DEMO_ACCOUNTS", ())) if module is not None else ()
